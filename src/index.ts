/**
 * The library API: every function returns data and never prints. The CLI (src/cli) is a thin layer over it.
 */
export { resolveOptions, resolveKinds, type PlanFlags } from './config/resolve.js';
export { loadConfigFile, validateConfig, type ConfigFile } from './config/config-file.js';
export type { RenamerOptions, ModuleMapping, DatabasePlanInput } from './config/options.js';
export { scan, type ScanOptions, type ScanResult, type ScannedSource } from './scan/scan.js';
export { discoverFiles, type DiscoveredFile, type Discovery } from './discover/discover.js';
export { createMatcher, splitWords, type Rename, type WordMatch, type WordMatcher } from './words/index.js';
export * from './findings/model.js';
export { reporterFor, toContractJson, type Reporter, type ReportContext } from './report/index.js';
export { UsageError, InputError } from './errors.js';
export { check, type CheckOptions, type CheckResult } from './check/check.js';
export { history, type HistoryOptions, type HistoryResult, type HistoryCommit } from './history/history.js';
export { htmlReportData, type HtmlOptions, type HtmlReportData, type HistoryPoint } from './report/html/index.js';
export { applyRename, type ApplyOptions, type ApplyResult } from './rewrite/apply.js';
export { undoLastApply, type UndoOptions, type UndoResult } from './rewrite/undo.js';
export { checkImports, createModuleMap, type ImportCheckInput, type ImportCheckResult } from './imports/index.js';
export {
  generateMigration,
  verifyMigration,
  renderFiles,
  renderJson,
  renderAlembic,
  quoteIdent,
  type GeneratedMigration,
  type Decision,
} from './sql/index.js';

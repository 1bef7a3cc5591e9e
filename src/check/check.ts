import type { RenamerOptions } from '../config/options.js';
import { byPosition } from '../findings/collect.js';
import type { FileError, Reference, Report } from '../findings/model.js';
import { summarise } from '../findings/summary.js';
import { scan, type ReferenceWithFallback, type ScanResult } from '../scan/scan.js';
import { compareWithBaseline, type Baseline, type StaleEntry } from './baseline.js';
import { plannedColumns } from './columns.js';
import { validateDatabasePlan } from './database-plan.js';
import { inScopeOf } from './scope.js';

export interface CheckOptions {
  /** Comments and docstrings do not count (`--ignore-comments`). */
  readonly ignoreComments?: boolean;
  /** Sites listed here do not fail the gate; listed sites that are gone do. */
  readonly baseline?: Baseline;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CheckResult {
  /** What counts, allowed sites included (reported as allowed); kinds check does not count are left out. */
  readonly report: Report;
  /** Every site outside allowed files and suppressed lines: what a baseline written now would list. */
  readonly remaining: readonly Reference[];
  /** The sites that fail the gate: `remaining` less those the baseline covers. */
  readonly failing: ReadonlySet<Reference>;
  /** Baseline entries whose sites are gone. */
  readonly stale: readonly StaleEntry[];
  readonly passed: boolean;
}

/**
 * Whether a reference counts: its kind is selected (and is not a comment under --ignore-comments). A file
 * that did not parse was matched word by word, and the cross-check's findings come from the database
 * plan: both count whatever --kinds says, so that neither a syntax error nor a kind filter hides them.
 */
function counts(reference: ReferenceWithFallback, options: RenamerOptions, ignoreComments: boolean): boolean {
  if (reference.fallback || reference.databaseColumn) return true;
  if (ignoreComments && reference.kind === 'comment') return false;
  return options.kinds.has(reference.kind);
}

/**
 * Whether check must ask the rewrite planner what apply would leave as written: with `--allow` files (apply keeps
 * the sites naming what they declare: `import { sessionId as flowId } from './compat'`, `compat.sessionId`), or
 * when a counted TS/JS site may name a dependency's member (`server.keepAliveTimeout`, `url.searchParams`), which
 * only TypeScript's checker can tell. The analyzer marks the sites syntax proves the project's (`owned`), so a tree
 * of plain code never pays for the planner or the checker.
 */
function needsPlan(options: RenamerOptions, references: readonly ReferenceWithFallback[]): boolean {
  if (options.allow.length > 0 && references.some((reference) => reference.allowed)) return true;
  return references.some((reference) =>
    (reference.language === 'typescript' || reference.language === 'javascript') &&
    !reference.owned && !reference.allowed && !reference.fallback && options.kinds.has(reference.kind));
}

/**
 * The sites apply leaves as written, learnt from the rewrite planner so that check and apply never disagree: those
 * naming what an allowed file declares are marked allowed; those naming a dependency's member are not counted and
 * are listed under conflicts with apply's reason, since no rename of this project can change them.
 */
async function withPlannedSites(options: RenamerOptions, result: ScanResult): Promise<ScanResult> {
  if (!needsPlan(options, result.report.references)) return result;
  const { planRewrites } = await import('../rewrite/plan.js');
  // Only TypeScript's engine: Python sites stay counted, so the gate never starts a language server.
  const { allowedSites, dependencySites } = await planRewrites(options, result, { engines: new Set(['typescript']) });
  if (allowedSites.size === 0 && dependencySites.size === 0) return result;
  const conflicts = [...result.report.conflicts];
  const listed = new Set(conflicts.map((conflict) => `${conflict.file}:${conflict.line}:${conflict.column}`));
  const references: ReferenceWithFallback[] = [];
  for (const reference of result.report.references) {
    const at = `${reference.file}:${reference.line}:${reference.column}`;
    const dependency = reference.allowed ? undefined : dependencySites.get(at);
    if (dependency) {
      const key = `${dependency.file}:${dependency.line}:${dependency.column}`;
      if (!listed.has(key)) conflicts.push(dependency);
      listed.add(key);
    } else if (!reference.allowed && allowedSites.has(at)) references.push({ ...reference, allowed: true, allowedBy: 'allowed-file' });
    else references.push(reference);
  }
  conflicts.sort(byPosition);
  return { ...result, report: { ...result.report, references, conflicts } };
}

/** The CI gate: every reference the plan retires that still counts. Reads files; never writes. */
export async function check(options: RenamerOptions, checkOptions: CheckOptions = {}): Promise<CheckResult> {
  const ignoreComments = Boolean(checkOptions.ignoreComments);
  const scanResult = options.renames.length
    ? await scan(options, { fallbackOnParseError: true, imports: false, onProgress: checkOptions.onProgress })
    : undefined;
  const scanned = scanResult && (await withPlannedSites(options, scanResult)).report;
  const database = options.database ? validateDatabasePlan(options.database, 'config "database"') : undefined;
  const planned = plannedColumns(database);
  // The cross-check (and the parsers it loads) runs only when the plan drops or renames columns.
  const columns = planned.length
    ? await (await import('./database-check.js')).findColumnReferences(options, planned)
    : { references: [], errors: [], filesScanned: 0 };

  const references = [...(scanned?.references ?? []), ...columns.references]
    .filter((reference) => counts(reference, options, ignoreComments))
    .sort(byPosition);
  const errors: FileError[] = [...(scanned?.errors ?? [])];
  for (const error of columns.errors) if (!errors.some((known) => known.file === error.file)) errors.push(error);

  const remaining = references.filter((reference) => !reference.allowed);
  const compared = checkOptions.baseline ? compareWithBaseline(remaining, checkOptions.baseline, inScopeOf(options)) : undefined;
  const failing = compared?.fresh ?? new Set(remaining);
  const stale = compared?.stale ?? [];
  const report: Report = {
    version: 1,
    summary: summarise({ filesScanned: Math.max(scanned?.summary.filesScanned ?? 0, columns.filesScanned), references, brokenImports: [], importsChecked: 0, errors }),
    references,
    brokenImports: [],
    conflicts: scanned?.conflicts ?? [],
    errors,
    ...(scanned?.skipped?.length ? { skipped: scanned.skipped } : {}),
  };
  return { report, remaining, failing, stale, passed: failing.size === 0 && stale.length === 0 };
}

import picomatch from 'picomatch';
import type { RenamerOptions } from '../config/options.js';
import { byPosition } from '../findings/collect.js';
import type { FileError, Reference, Report, SkippedFile } from '../findings/model.js';
import { summarise } from '../findings/summary.js';
import { languageOf } from '../lang/registry.js';
import type { UnreadableFile } from '../scan/read-candidates.js';
import type { RunInputs } from '../scan/run-inputs.js';
import { scan, type ReferenceWithFallback } from '../scan/scan.js';
import { compareWithBaseline, type Baseline, type StaleEntry } from './baseline.js';
import { plannedColumns } from './columns.js';
import { validateDatabasePlan } from './database-plan.js';
import { inScopeOf } from './scope.js';

export interface CheckOptions {
  /** Comments and docstrings do not count (`--ignore-comments`). */
  readonly ignoreComments?: boolean;
  /** Sites listed here do not fail the gate; listed sites that are gone do. */
  readonly baseline?: Baseline;
  /** Files that may hold a retired name but could not be read do not fail the gate (`--allow-unreadable`). */
  readonly allowUnreadable?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Reuse each unchanged file's findings from this folder, and keep new ones there (see src/scan/cache.ts). */
  readonly cacheDir?: string;
  /** Filled with what the findings were made from, for check's run record (see ScanOptions.inputs). */
  readonly inputs?: RunInputs;
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
  /** Files that may hold a retired name but could not be read (binary, too large, refused): they fail the gate. */
  readonly unreadable: readonly SkippedFile[];
  readonly passed: boolean;
}

/**
 * Whether a reference counts: its kind is selected (and is not a comment under --ignore-comments). A file
 * that did not parse was matched word by word, and the cross-check's findings come from the database
 * plan: both count whatever --kinds says, so that neither a syntax error nor a kind filter hides them.
 */
function counts(reference: ReferenceWithFallback, options: RenamerOptions, ignoreComments: boolean): boolean {
  if (reference.wordByWord || reference.databaseColumn) return true;
  if (ignoreComments && reference.kind === 'comment') return false;
  return options.kinds.has(reference.kind);
}

/**
 * Whether a file that could not be read fails the gate: it may hold a reference that counts. Allowed files never
 * fail; SQL and text files fail only when their kind is selected, as their references would.
 */
function unreadableCounts(options: RenamerOptions): (entry: SkippedFile) => boolean {
  const isAllowed = options.allow.length ? picomatch(options.allow as string[], { dot: true }) : () => false;
  return (entry) => {
    if (isAllowed(entry.file)) return false;
    const language = languageOf(entry.file);
    return language === 'sql' || language === 'text' ? options.kinds.has(language) : true;
  };
}

/** The CI gate: every reference the plan retires that still counts. Reads files; never writes. */
export async function check(options: RenamerOptions, checkOptions: CheckOptions = {}): Promise<CheckResult> {
  const ignoreComments = Boolean(checkOptions.ignoreComments);
  const scanResult = options.renames.length
    ? await scan(options, { fallbackOnParseError: true, imports: false, onProgress: checkOptions.onProgress, cacheDir: checkOptions.cacheDir, inputs: checkOptions.inputs })
    : undefined;
  // A syntax pass only: no engine runs on every commit. Sites apply leaves for a dependency or an allowed file's
  // whole symbol still count here; baseline them (--update-baseline) once apply has run.
  const scanned = scanResult?.report;
  const database = options.database ? validateDatabasePlan(options.database, 'config "database"') : undefined;
  const planned = plannedColumns(database);
  // The column cross-check reads beyond the scan's inputs (SQL files and migrations the plan names).
  if (checkOptions.inputs && (!scanResult || planned.length > 0)) checkOptions.inputs.complete = false;
  // The cross-check (and the parsers it loads) runs only when the plan drops or renames columns.
  const columns = planned.length
    ? await (await import('./database-check.js')).findColumnReferences(options, planned)
    : { references: [], errors: [], skipped: [], filesScanned: 0 };

  // Family-named paths count like references (kind `path`), so that a baseline and every format cover them.
  const references = [...(scanned?.references ?? []), ...(scanned?.paths ?? []), ...columns.references]
    .filter((reference) => counts(reference, options, ignoreComments))
    .sort(byPosition);
  const errors: FileError[] = [...(scanned?.errors ?? [])];
  for (const error of columns.errors) if (!errors.some((known) => known.file === error.file)) errors.push(error);

  const skipped: UnreadableFile[] = [...((scanned?.skipped ?? []) as UnreadableFile[])];
  for (const entry of columns.skipped) if (!skipped.some((known) => known.file === entry.file)) skipped.push(entry);
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const unreadable = checkOptions.allowUnreadable ? [] : skipped.filter(unreadableCounts(options));

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
    ...(skipped.length ? { skipped } : {}),
  };
  return { report, remaining, failing, stale, unreadable, passed: failing.size === 0 && stale.length === 0 && unreadable.length === 0 };
}

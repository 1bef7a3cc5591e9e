import { statSync } from 'node:fs';
import path from 'node:path';
import type { RenamerOptions } from '../config/options.js';
import { byPosition } from '../findings/collect.js';
import type { BrokenImport, Conflict, Reference, Report } from '../findings/model.js';
import { summarise } from '../findings/summary.js';
import { languageOfFile } from '../lang/registry.js';
import { forgetDependencies } from '../lang/typescript/dependencies.js';
import { openScanCache } from './cache.js';
import { scanFiles, WorkerPool } from './parallel.js';
import { discoverAll, pathReferences, planPaths } from './paths.js';
import type { RunInputs } from './run-inputs.js';
import type { ReferenceWithFallback, ScannedSource } from './shard.js';

export interface ScanOptions {
  /**
   * Match a file that cannot be parsed word by word instead of skipping it (check uses this so that a
   * syntax error never makes the gate pass). Such references carry `fallback: true`.
   */
  readonly fallbackOnParseError?: boolean;
  /** Called now and then with the number of files read so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Check imports too; defaults to `options.imports`. */
  readonly imports?: boolean;
  /** Keep each candidate file's findings in this folder and reuse them while nothing they depend on changed (src/scan/cache.ts). */
  readonly cacheDir?: string;
  /** Filled with what the findings were made from (check's run record); needs `cacheDir`, whose index stats the files. */
  readonly inputs?: RunInputs;
}

export interface ScanResult {
  readonly report: Report;
  /** Every UTF-8 file with a textual candidate, by relative path (files in other encodings are never rewritten). */
  readonly sources: ReadonlyMap<string, ScannedSource>;
  /** Files discovered (absolute paths), for commands that look beyond candidates (imports). */
  readonly discovered: readonly string[];
  /**
   * Sites the syntax pass takes for a dependency's or the platform's names, listed in the report as conflicts;
   * apply asks the language's engine about them, since only it can tell (a workspace package is the project's).
   */
  readonly foreignSites: readonly Reference[];
  /**
   * `apply --files`: where each moving file goes (relative paths, `/`). Planning reads file-system routes from the
   * new names, so a `[sessionId]` segment renamed with its file is no external contract.
   */
  readonly pathMoves?: ReadonlyMap<string, string>;
}

export type { ScannedSource, ReferenceWithFallback };

/** Finds every reference to the plan's names under the plan's paths. Reads files; never writes. */
export async function scan(options: RenamerOptions, scanOptions: ScanOptions = {}): Promise<ScanResult> {
  // Analysis on this thread reads manifests through a cache that must not outlive a run (worker threads start fresh).
  forgetDependencies();
  const settings = {
    renames: options.renames,
    allow: options.allow,
    maxFileSize: options.maxFileSize,
    fallbackOnParseError: Boolean(scanOptions.fallbackOnParseError),
  };
  const cache = scanOptions.cacheDir !== undefined ? openScanCache(scanOptions.cacheDir, settings) : undefined;
  const folders = options.paths.filter((entry) => statSync(entry).isDirectory());
  const pool = WorkerPool.available() && folders.length > 0 ? new WorkerPool(settings) : undefined;
  // A cold run needs a parser: the first worker starts now, so that its start-up overlaps with discovery and
  // reading. A warm cache will likely answer for every file: a worker then starts only at the first miss.
  if (!cache?.warm) pool?.start();
  // One walk serves both halves of the plan: the files' contents (known languages) and their names (every file).
  const { inputs } = scanOptions;
  const everyFile = discoverAll(options, inputs && ((dir, entries) => inputs.folder(dir, entries)));
  // A file named as an argument is read whatever its name, as discovery lists it.
  const named = new Set(options.paths);
  const discovery = { files: everyFile.filter((file) => languageOfFile(file.absolutePath) !== undefined || named.has(file.absolutePath)) };
  const shard = await scanFiles(discovery.files, settings, pool, scanOptions.onProgress, cache);
  cache?.finish(folders.map((folder) => path.resolve(folder)));
  if (inputs) {
    if (cache) {
      for (const file of discovery.files) inputs.signatures.set(file.absolutePath, cache.quietFiles.seen.get(file.absolutePath));
      inputs.contexts = cache.dependencyFingerprints;
    } else inputs.complete = false;
  }
  const { errors } = shard;
  const foreignSites = shard.references.filter((reference) => reference.foreign !== undefined);
  const references = foreignSites.length > 0 ? shard.references.filter((reference) => reference.foreign === undefined) : shard.references;
  // A foreign site where the site is allowed (an allowed file, a suppression) is moot: apply leaves it as it is.
  const foreignConflicts = foreignSites.filter((site) => !site.allowed).map((site): Conflict => ({ file: site.file, line: site.line, column: site.column, text: site.text, reason: site.foreign! }));
  const conflicts = [...shard.conflicts, ...foreignConflicts];
  const total = discovery.files.length;
  let brokenImports: BrokenImport[] = [];
  let importsChecked = 0;
  if (scanOptions.imports ?? options.imports) {
    // Loaded only when asked for: import resolution brings in the TypeScript compiler.
    const { checkImports } = await import('../imports/index.js');
    const checked = await checkImports({
      cwd: options.cwd,
      files: discovery.files.map((file) => file.absolutePath),
      map: options.map,
      python: { extraRoots: options.pythonPaths },
    });
    brokenImports = checked.brokenImports;
    importsChecked = checked.importsChecked;
    errors.push(...checked.errors.filter((error) => !errors.some((known) => known.file === error.file)));
  }
  references.sort(byPosition);
  conflicts.sort(byPosition);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const summary = summarise({ filesScanned: total, references, brokenImports, importsChecked, errors });
  // Family-named files and folders (`session_manager.py`): what `apply --files` renames.
  const paths = pathReferences(planPaths(options, false, everyFile));
  return {
    report: {
      version: 1,
      summary,
      references,
      brokenImports,
      conflicts,
      errors,
      skipped: shard.skipped,
      ...(paths.length > 0 ? { paths } : {}),
    },
    sources: new Map(shard.sources.map((source) => [source.path, source])),
    discovered: discovery.files.map((file) => file.absolutePath),
    foreignSites,
  };
}

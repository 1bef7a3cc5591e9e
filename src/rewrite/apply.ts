import path from 'node:path';
import type { RenamerOptions } from '../config/options.js';
import { InputError, UsageError } from '../errors.js';
import type { Report } from '../findings/model.js';
import type { BindProgress } from '../lang/engines.js';
import { scan } from '../scan/scan.js';
import { planFileRenames, withoutMoves, type FileRenames } from './file-renames.js';
import { movesProblems, performMoves } from './file-renames-moves.js';
import { planRewrites, type RewritePlan } from './plan.js';
import { uncommittedFiles } from './git.js';
import { Journal, journalFolder } from './journal.js';
import { encode, preflight, replaceAll, replacementsFor, type WriteOutcome } from './writer.js';

export interface ApplyOptions {
  /** Plan and return the rewrites; write nothing. */
  readonly dryRun?: boolean;
  /** Rewrite files with uncommitted git changes too. */
  readonly allowDirty?: boolean;
  /** Rewrite sites whose owner could not be established (`--rename-unattributed`). */
  readonly renameUnattributed?: boolean;
  /** Rewrite external contracts too (`--rename-external`). */
  readonly renameExternal?: boolean;
  /** Rewrite read-only (no write permission) files too (`--force-read-only`). */
  readonly forceReadOnly?: boolean;
  /** Where the run's journal goes (default: journalFolder(cwd, process.env)). */
  readonly journalFolder?: string;
  /** Aborted while writing: finish the file at hand, then stop; the outcome says what was written. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onBindProgress?: BindProgress;
  /** Called with (0, total) just before the first write, then after each file. */
  readonly onWriteProgress?: (done: number, total: number) => void;
}

export interface ApplyResult {
  readonly report: Report;
  readonly plan: RewritePlan;
  readonly written: boolean;
  /** What the write phase did (absent for a dry run or when there was nothing to write). */
  readonly outcome?: WriteOutcome;
  /** Files of the plan that have other hard links: their other links keep the old content. */
  readonly hardLinked: readonly string[];
  /** Where the journal is (`apply --undo` restores from it); set when files were written. */
  readonly journalFolder?: string;
  /** Temporary files a killed earlier run had left, removed by this one (absolute paths). */
  readonly removedTemps: readonly string[];
  /** `--files`: the family-named paths renamed (or, dry run, to rename), and the conflicts that stopped them. */
  readonly fileRenames?: FileRenames;
}

/** Whether apply left anything the user must see to: conflicts, unattributed sites, code files it could not parse. */
export const applyFailed = (plan: RewritePlan): boolean => plan.conflicts.length > 0 || plan.unattributed.length > 0 || plan.unparsed.length > 0;

/**
 * `apply`: scans, binds every site to its symbol, computes every edit, and (unless dry-run) writes them. Refuses
 * with an InputError, before any write, when a file to rewrite has uncommitted changes (unless allowDirty), changed
 * since it was read or cannot be replaced, or when the last run stopped half-way and was not undone. The originals
 * go to a journal first; a file changed by someone else during the writes is left alone (outcome.changed).
 */
export async function applyRename(options: RenamerOptions, applyOptions: ApplyOptions = {}): Promise<ApplyResult> {
  // A plan made for scan or check may name only the old words; writing it would put empty names into files.
  const unnamed = options.renames.find((rename) => !rename.to);
  if (unnamed) throw new UsageError(`apply needs a new name for ${unnamed.from} (--from needs --to)`);
  const result = await scan(options, { onProgress: applyOptions.onProgress, imports: false });
  // Module resolution (TypeScript's) is loaded only when there is a module map to apply.
  const mapped = options.map.length > 0 ? await (await import('./import-paths.js')).moduleMapPlan(options, result) : undefined;
  const extraEdits = mapped?.edits;
  // --files: the renames are planned first; routes, imports and module paths are then planned as they will be.
  // apply rewrites what check counts: `--kinds -path` leaves paths as they are, --files or not.
  let fileRenames = options.files && options.kinds.has('path') ? planFileRenames(options) : undefined;
  let moving = fileRenames !== undefined && fileRenames.steps.length > 0;
  const planOptions = { extraEdits, extraConflicts: mapped?.unrewritten, renameUnattributed: applyOptions.renameUnattributed, renameExternal: applyOptions.renameExternal, onBindProgress: applyOptions.onBindProgress };
  let plan = await planRewrites(options, moving ? { ...result, pathMoves: fileRenames!.movedPaths } : result, planOptions);
  if (moving) {
    const followed = await (await import('./file-renames-modules.js')).followMoves(options, result, plan, fileRenames!.fileMoves);
    plan = followed.plan;
    // A route whose parameter key keeps its name cannot move: the segment and the key are one name. Nothing moves
    // (the renames are all or none), and the contents are planned again for the tree as it stays.
    if (followed.stuckRouteKeys.length > 0) {
      fileRenames = withoutMoves(fileRenames!, followed.stuckRouteKeys);
      moving = false;
      plan = await planRewrites(options, result, planOptions);
    }
  }
  const renamed = fileRenames ? { fileRenames } : {};
  if (applyOptions.dryRun) return { report: result.report, plan, written: false, hardLinked: [], removedTemps: [], ...renamed };
  const folder = applyOptions.journalFolder ?? journalFolder(options.cwd, process.env);
  const previous = Journal.load(folder);
  const removedTemps = previous?.removeLeftovers() ?? [];
  const steps = moving ? fileRenames!.steps : [];
  if (plan.files.length === 0 && steps.length === 0) return { report: result.report, plan, written: false, hardLinked: [], removedTemps, ...renamed };
  if (previous?.unfinished) {
    throw new InputError(
      `the last apply (started ${previous.startedAt}) stopped after writing ${previous.writtenFiles.length} of ${previous.files.length} files; ` +
        `run renamer apply --undo to restore them first, or delete ${folder} to keep them as they are`,
    );
  }
  if (!applyOptions.allowDirty) {
    const dirty = uncommittedFiles([...new Set([...plan.files.map((file) => file.absolutePath), ...(moving ? fileRenames!.fileMoves.keys() : [])])]);
    if (dirty.length > 0) {
      const names = dirty.map((file) => path.relative(options.cwd, file).split(path.sep).join('/'));
      throw new InputError(`uncommitted changes in ${names.join(', ')}; commit or stash them, or pass --allow-dirty`);
    }
  }
  const targets = replacementsFor(plan.files);
  const hardLinked = await preflight(targets, { forceReadOnly: applyOptions.forceReadOnly });
  const display = (file: string): string => path.relative(options.cwd, file).split(path.sep).join('/');
  const unmovable = movesProblems(steps, display);
  if (unmovable.length > 0) throw new InputError(`cannot rename ${unmovable.join(', ')}; nothing was written`);
  let journal: Journal;
  try {
    journal = Journal.start(
      folder,
      options.cwd,
      plan.files.map((file) => ({ absolutePath: file.absolutePath, original: encode(file.original, file.bom), written: encode(file.updated, file.bom) })),
      steps,
    );
  } catch (error) {
    throw new InputError(`cannot write the undo journal in ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing was written`, { cause: error });
  }
  applyOptions.onWriteProgress?.(0, targets.length);
  let outcome = await replaceAll(targets, { log: journal, signal: applyOptions.signal, onProgress: applyOptions.onWriteProgress });
  // The renames come after the contents (whose edits were planned at today's paths), all or none.
  const moved = outcome.stopped || steps.length === 0 ? undefined : performMoves(steps, journal);
  if (moved?.failure) outcome = { ...outcome, stopped: { reason: moved.failure, pending: [] } };
  journal.finish(outcome.stopped ? 'stopped' : 'complete');
  return { report: result.report, plan, written: true, outcome, hardLinked, journalFolder: folder, removedTemps, ...renamed };
}

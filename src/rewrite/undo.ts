import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { undoMoves } from './file-renames-undo.js';
import { Journal, journalFolder, sha256 } from './journal.js';
import { preflight, replaceAll, type Replacement, type WriteOutcome } from './writer.js';

export interface UndoOptions {
  /** List what would be restored; write nothing. */
  readonly dryRun?: boolean;
  /** Where the journal is (default: journalFolder(cwd, process.env)). */
  readonly journalFolder?: string;
  readonly signal?: AbortSignal;
  readonly onWriteProgress?: (done: number, total: number) => void;
}

export interface UndoResult {
  readonly journalFolder: string;
  /** When the run being undone started (ISO 8601). */
  readonly startedAt: string;
  /** That run was undone already: nothing to do. */
  readonly alreadyUndone: boolean;
  /** Files that hold what the run wrote: restored (or, dry run, to restore). */
  readonly restorable: readonly string[];
  /** Files the run wrote that changed since: left as they are. */
  readonly refused: readonly string[];
  readonly outcome?: WriteOutcome;
  readonly removedTemps: readonly string[];
  /** `apply --files` renames put back (or, dry run, to put back), as `to → from`; those that could not be are refused. */
  readonly renamedBack?: readonly string[];
}

/**
 * `apply --undo`: puts back the original bytes of every file the last apply run replaced, when the file still
 * holds exactly what that run wrote. A file changed since is refused and listed; a file the run never got to (or
 * already restored) is left alone, so undo may be run again after it was interrupted.
 */
export async function undoLastApply(cwd: string, undoOptions: UndoOptions = {}): Promise<UndoResult> {
  const folder = undoOptions.journalFolder ?? journalFolder(cwd, process.env);
  const journal = Journal.load(folder);
  if (!journal) throw new InputError(`nothing to undo: no apply run is recorded in ${folder}`);
  const display = (file: string): string => path.relative(cwd, file).split(path.sep).join('/');
  const base = { journalFolder: folder, startedAt: journal.startedAt };
  if (journal.status === 'undone') return { ...base, alreadyUndone: true, restorable: [], refused: [], removedTemps: [] };
  const removedTemps = undoOptions.dryRun ? [] : journal.removeLeftovers();
  // Renames first: the originals go back where the run read them.
  const moves = undoMoves(journal.movedSteps, display, Boolean(undoOptions.dryRun));
  const written = new Set(journal.writtenFiles);
  const targets: Replacement[] = [];
  const refused: string[] = [...moves.refused];
  for (const file of journal.files) {
    const current = await readFile(file.absolutePath).then(sha256, () => undefined);
    if (current === file.writtenSha256) {
      targets.push({ path: display(file.absolutePath), absolutePath: file.absolutePath, expectedSha256: file.writtenSha256, next: journal.original(file) });
    } else if (current !== file.originalSha256 && written.has(file.absolutePath)) {
      refused.push(display(file.absolutePath));
    }
  }
  const restorable = targets.map((target) => target.path);
  const renamedBack = moves.renamedBack.length > 0 ? { renamedBack: moves.renamedBack } : {};
  if (undoOptions.dryRun) return { ...base, alreadyUndone: false, restorable, refused, removedTemps, ...renamedBack };
  // Every file here was replaced by apply itself, read-only ones only when forced: put them back as they were.
  await preflight(targets, { forceReadOnly: true });
  undoOptions.onWriteProgress?.(0, targets.length);
  const outcome = await replaceAll(targets, { log: { recordTemp: (tmp) => journal.recordTemp(tmp), recordWritten: () => {} }, signal: undoOptions.signal, onProgress: undoOptions.onWriteProgress });
  if (!outcome.stopped && outcome.changed.length === 0 && refused.length === 0) journal.finish('undone');
  return { ...base, alreadyUndone: false, restorable, refused, outcome, removedTemps, ...renamedBack };
}

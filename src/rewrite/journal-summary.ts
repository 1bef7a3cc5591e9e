import path from 'node:path';
import type { ApplyResult } from './apply.js';
import type { UndoResult } from './undo.js';
import type { WriteOutcome } from './writer.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
const listed = (files: readonly string[]): string[] => files.map((file) => `  ${file}`);
const relative = (cwd: string, file: string): string => path.relative(cwd, file).split(path.sep).join('/');

function removedLines(cwd: string, removed: readonly string[]): string[] {
  if (removed.length === 0) return [];
  return [`Removed ${plural(removed.length, 'leftover temporary file')} of an interrupted run:`, ...listed(removed.map((file) => relative(cwd, file)))];
}

function changedLines(outcome: WriteOutcome | undefined, rerun: string): string[] {
  if (!outcome || outcome.changed.length === 0) return [];
  return [`Changed during the run: ${plural(outcome.changed.length, 'file')} edited by someone else meanwhile, left as they are (${rerun}):`, ...listed(outcome.changed)];
}

/** What the write phase of a completed `apply` did, after the summary: files left alone, split hard links, the journal. */
export function writeOutcomeSummary(cwd: string, result: ApplyResult): string {
  const outcome = result.outcome;
  const written = new Set(outcome?.written ?? []);
  const hardLinked = result.hardLinked.filter((file) => written.has(file));
  const lines = [
    ...changedLines(outcome, 'run apply again to rewrite them'),
    ...(hardLinked.length > 0
      ? [`Hard links: ${plural(hardLinked.length, 'file')} had other hard links; each was replaced by a new file, so its other links keep the old content:`, ...listed(hardLinked)]
      : []),
    ...removedLines(cwd, result.removedTemps),
    ...(written.size > 0 && result.journalFolder ? [`Undo: renamer apply --undo restores these files (journal in ${result.journalFolder}).`] : []),
  ];
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** For stderr, when a run stopped half-way: exactly which files it wrote, and how to get back. */
export function stoppedReport(command: 'apply' | 'apply --undo', outcome: WriteOutcome, journalFolder: string | undefined): string {
  const stopped = outcome.stopped!;
  const total = outcome.written.length + outcome.changed.length + stopped.pending.length;
  const lines = [
    `renamer ${command}: stopped (${stopped.reason}) after writing ${outcome.written.length} of ${plural(total, 'file')}${outcome.written.length > 0 ? ':' : '.'}`,
    ...listed(outcome.written),
    ...changedLines(outcome, 'not written'),
    `Not written: ${plural(stopped.pending.length, 'file')}.`,
    command === 'apply'
      ? `Run renamer apply --undo to restore the files written${journalFolder ? ` (journal in ${journalFolder})` : ''}.`
      : 'Run renamer apply --undo again to restore the rest.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The summary of `apply --undo` (or `--undo --dry-run`). */
export function undoSummary(cwd: string, result: UndoResult, dryRun: boolean): string {
  if (result.alreadyUndone) return `Nothing to undo: the apply run of ${result.startedAt} was undone already.\n`;
  const restored = dryRun ? result.restorable : (result.outcome?.written ?? []);
  const lines = [
    `${dryRun ? 'Would restore' : 'Restored'} ${plural(restored.length, 'file')} written by the apply run of ${result.startedAt}${restored.length > 0 ? ':' : '.'}`,
    ...listed(restored),
    ...(result.refused.length > 0 ? [`Refused: ${plural(result.refused.length, 'file')} changed since that run wrote them, left as they are:`, ...listed(result.refused)] : []),
    ...changedLines(result.outcome, 'not restored'),
    ...removedLines(cwd, result.removedTemps),
  ];
  return `${lines.join('\n')}\n`;
}

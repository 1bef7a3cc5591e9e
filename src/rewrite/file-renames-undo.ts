import { exists, movePath } from './file-renames-moves.js';
import type { JournalMove } from './journal.js';

/**
 * `apply --undo` for `apply --files`: renames each performed rename back, last first. A rename already back (an
 * earlier undo got that far) is skipped; one whose target is gone or whose source is taken again is refused.
 */
export function undoMoves(done: readonly JournalMove[], display: (file: string) => string, dryRun: boolean): { renamedBack: string[]; refused: string[] } {
  const renamedBack: string[] = [];
  const refused: string[] = [];
  for (const step of [...done].reverse()) {
    const there = exists(step.to);
    const back = exists(step.from);
    if (!there && back) continue;
    if (!there || back) {
      refused.push(`${display(step.to)} (cannot rename it back to ${display(step.from)}: ${there ? 'that path exists' : 'it is gone'})`);
      continue;
    }
    try {
      if (!dryRun) movePath(step.to, step.from);
      renamedBack.push(`${display(step.to)} → ${display(step.from)}`);
    } catch (error) {
      refused.push(`${display(step.to)} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return { renamedBack, refused };
}

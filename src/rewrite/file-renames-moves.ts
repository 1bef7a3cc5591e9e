import { execFileSync } from 'node:child_process';
import { accessSync, constants, lstatSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { PathStep } from '../scan/paths-plan.js';

/** Where a run records each rename as it is done, so that `apply --undo` (or a killed run's undo) reverses it. */
export interface MoveLog {
  recordMoved(index: number): void;
}

export interface MoveOutcome {
  /** The steps done (all of them, or none after a failure: those done were renamed back). */
  readonly done: readonly PathStep[];
  /** Why the renames stopped; the ones done were renamed back. */
  readonly failure?: string;
}

/** Whether anything (a file, a folder, a link) is at `file`. */
export const exists = (file: string): boolean => {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
};

/** The git work tree holding `dir` (undefined outside git). */
function gitTopLevel(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether git tracks `file` (or, for a folder, anything in it) in the work tree at `top`. */
function tracked(top: string, file: string): boolean {
  const output = execFileSync('git', ['--literal-pathspecs', 'ls-files', '-z', '--', path.relative(top, file)], { cwd: top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return output.length > 0;
}

/**
 * One rename: `git mv` when git tracks the source, so that the index records the move (history follows it) and
 * untracked files inside a folder move with it; a plain rename otherwise. Never onto an existing path.
 */
export function movePath(from: string, to: string): void {
  if (exists(to)) throw new Error(`${to} exists`);
  const top = gitTopLevel(path.dirname(from));
  if (top && tracked(top, from)) {
    execFileSync('git', ['mv', '--', path.relative(top, from), path.relative(top, to)], { cwd: top, stdio: ['ignore', 'ignore', 'pipe'] });
  } else {
    renameSync(from, to);
  }
}

/** Before the first write: each source is there, no target is, and each folder lets an entry be renamed. */
export function movesProblems(steps: readonly PathStep[], display: (file: string) => string): string[] {
  const problems: string[] = [];
  // A later step's source sits in a folder an earlier step renames: only the first steps' sources exist now.
  const renamedFolders = steps.map((step) => step.to);
  for (const step of steps) {
    const underRenamed = renamedFolders.some((folder) => step.from.startsWith(folder + path.sep));
    if (underRenamed) continue;
    if (!exists(step.from)) problems.push(`${display(step.from)} (gone)`);
    else if (exists(step.to)) problems.push(`${display(step.from)} (${display(step.to)} exists)`);
    else {
      try {
        accessSync(path.dirname(step.from), constants.W_OK);
      } catch (error) {
        problems.push(`${display(step.from)} (its folder does not allow renaming: ${(error as NodeJS.ErrnoException).code})`);
      }
    }
  }
  return problems;
}

/**
 * Performs the renames in order, all or none: on a failure the renames done so far are undone, last first, and
 * the outcome says why. Each one is logged as it is done.
 */
export function performMoves(steps: readonly PathStep[], log?: MoveLog): MoveOutcome {
  const done: PathStep[] = [];
  for (const [index, step] of steps.entries()) {
    try {
      movePath(step.from, step.to);
      done.push(step);
      log?.recordMoved(index);
    } catch (error) {
      const reason = `cannot rename ${step.from} to ${step.to}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]}`;
      const left = rollBack(done);
      return { done: [], failure: left.length > 0 ? `${reason}; could not rename back ${left.join(', ')}` : reason };
    }
  }
  return { done };
}

/** Renames `done` back, last first; returns the targets it could not rename back. */
export function rollBack(done: readonly PathStep[]): string[] {
  const left: string[] = [];
  for (const step of [...done].reverse()) {
    try {
      movePath(step.to, step.from);
    } catch {
      left.push(step.to);
    }
  }
  return left;
}

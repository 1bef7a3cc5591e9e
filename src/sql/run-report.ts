import { loadSqlParser } from './view-rewrite.js';
import { errorMessage, statementsOf, type SqlSession } from './session.js';

/** Lines of a file that took effect: one committed transaction, or one statement run outside a transaction. */
export interface CommittedRange {
  readonly from: number;
  readonly to: number;
}

/** How far a generated file got when one of its statements failed. */
export interface ScriptFailure {
  readonly file: string;
  /** The failing statement's first line (comments before it skipped) and its text's first line. */
  readonly line: number;
  readonly statement: string;
  readonly error: string;
  /** What had committed before the failure, in file order. */
  readonly committed: readonly CommittedRange[];
  /** The failing statement was inside an explicit transaction, which is now rolled back. */
  readonly rolledBack: boolean;
}

/** A statement's text without the comment lines and blank lines before it, and how many lines those took. */
function leadingCommentsStripped(sql: string): { text: string; skipped: number } {
  const lines = sql.split('\n');
  let skipped = 0;
  while (skipped < lines.length - 1 && /^\s*(--.*)?$/.test(lines[skipped])) skipped++;
  return { text: lines.slice(skipped).join('\n'), skipped };
}

/**
 * Runs a generated file one statement at a time, as psql does, and stops at the first failure: the open transaction
 * is rolled back and the result says what had already committed, so that the caller can say exactly what a run
 * that could not finish did (apply's guarantee), not only why it stopped.
 */
export async function runScriptUntilFailure(session: SqlSession, text: string, file: string): Promise<ScriptFailure | undefined> {
  await loadSqlParser();
  const committed: CommittedRange[] = [];
  let openedAt: number | undefined;
  for (const { sql, line: startLine } of statementsOf(file, text)) {
    const { text: statement, skipped } = leadingCommentsStripped(sql);
    const line = startLine + skipped;
    const keyword = /^\s*([A-Za-z]+)/.exec(statement)?.[1]?.toUpperCase();
    try {
      await session.exec(sql);
    } catch (error) {
      const rolledBack = openedAt !== undefined;
      if (rolledBack) await session.exec('ROLLBACK').catch(() => undefined);
      return { file, line, statement: statement.trim().split('\n')[0].slice(0, 80), error: errorMessage(error).split('\n')[0], committed, rolledBack };
    }
    if (keyword === 'BEGIN' || keyword === 'START') openedAt = line;
    else if (keyword === 'COMMIT' || keyword === 'END') {
      committed.push({ from: openedAt ?? line, to: line });
      openedAt = undefined;
    } else if (keyword === 'ROLLBACK' || keyword === 'ABORT') openedAt = undefined;
    else if (openedAt === undefined) committed.push({ from: line, to: line });
  }
  return undefined;
}

const ranges = (committed: readonly CommittedRange[]): string =>
  committed.map(({ from, to }) => (from === to ? `${from}` : `${from}–${to}`)).join(', ');

/**
 * What `renamer sql --apply` prints when up.sql stops part-way: where, why, what committed, and the two ways on
 * (finish by running it again, every step being guarded, or undo with the down.sql written before anything ran).
 */
export function scriptFailureText(failure: ScriptFailure, out: string): string {
  const where = `${failure.file} line ${failure.line} (${failure.statement})`;
  const lines = [`error: ${where} failed: ${failure.error}`];
  const stopped = failure.rolledBack ? 'its transaction was rolled back' : 'it ran outside a transaction and did not take effect';
  if (failure.committed.length === 0) {
    lines.push(`${stopped}; nothing had committed before it: the database is as it was`);
    lines.push(`to try again: renamer sql --apply again (or psql -v ON_ERROR_STOP=1 -f ${out}/${failure.file})`);
  } else {
    lines.push(`${stopped}; committed before it: ${failure.file} lines ${ranges(failure.committed)}`);
    lines.push(`to finish: renamer sql --apply again, or psql -v ON_ERROR_STOP=1 -f ${out}/${failure.file} (each step is guarded: what ran is not redone)`);
    lines.push(`to undo what committed: psql -v ON_ERROR_STOP=1 -f ${out}/down.sql (each step is guarded: it reverses only what ran)`);
  }
  return lines.map((line) => `renamer sql: ${line}\n`).join('');
}

/**
 * What `renamer sql --online --apply` prints when a phase stops part-way. Each online step commits on its own (one
 * transaction, or a batch loop that resumes where it stopped), so the steps before the failing one are in effect.
 */
export function phaseFailureText(phase: string, direction: 'up' | 'down', done: readonly string[], failed: string, error: unknown, command: string): string {
  const name = `${phase}${direction === 'down' ? ' down' : ''}`;
  const lines = [`error: ${name} stopped at "${failed}": ${errorMessage(error).split('\n')[0]} (that step's open transaction was rolled back)`];
  lines.push(done.length === 0 ? 'no step of it had completed' : `completed before it: ${done.map((title) => `"${title}"`).join(', ')}`);
  lines.push(`to finish: ${command} again (each step is idempotent; a backfill resumes where it stopped)`);
  if (direction === 'up' && done.length > 0) lines.push(`to undo the steps that completed: ${command} --down`);
  return lines.map((line) => `renamer sql: ${line}\n`).join('');
}

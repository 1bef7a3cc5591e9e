import { inTransaction } from './generate-down.js';
import type { MigrationStatements } from './migration.js';
import { TRANSACTION_SETTINGS } from './render.js';
import { errorMessage, type SqlSession } from './session.js';

export interface VerifyStep {
  readonly name: string;
  readonly statements: number;
  readonly error?: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly steps: readonly VerifyStep[];
}

/**
 * Runs the migration's statements in one outer transaction that is always rolled back. The files' own BEGIN/COMMIT
 * are not used: a COMMIT inside would make the rehearsal real. up runs twice to prove a re-run is a no-op.
 */
export async function verifyMigration(db: SqlSession, s: MigrationStatements, settings: readonly string[] = TRANSACTION_SETTINGS): Promise<VerifyResult> {
  const plan: [string, readonly string[]][] = [
    ['pre-check', s.preCheck],
    ['up', [...settings, ...s.backup, ...s.up]],
    ['post-check', s.postCheck],
    ['up again (no-op)', [...s.backup, ...s.up]],
    ['post-check again', s.postCheck],
    ['down', [...s.down, ...inTransaction([...s.downRestore, ...s.downConcurrent]), ...s.downFinish.flat()]],
    ['post-down check', s.postDownCheck],
  ];
  const steps: VerifyStep[] = [];
  await db.exec('BEGIN');
  try {
    for (const [name, statements] of plan) {
      const error = await runAll(db, statements);
      steps.push({ name, statements: statements.length, error });
      if (error) return { ok: false, steps };
    }
    return { ok: true, steps };
  } finally {
    await db.exec('ROLLBACK');
  }
}

async function runAll(db: SqlSession, statements: readonly string[]): Promise<string | undefined> {
  for (const statement of statements) {
    try {
      await db.exec(statement);
    } catch (error) {
      return `${errorMessage(error)}\n  in: ${statement.split('\n').slice(0, 3).join(' ').slice(0, 200)}`;
    }
  }
  return undefined;
}

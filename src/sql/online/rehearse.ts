import { errorMessage, type SqlSession } from '../session.js';
import type { OnlineMigration, PhaseName } from './model.js';
import { runPhase } from './run.js';
import { onlineStatus } from './status.js';

export interface RehearsalStep {
  readonly name: string;
  readonly error?: string;
}

const ORDER: [PhaseName, 'up' | 'down'][] = [
  ['expand', 'up'], ['expand', 'up'], ['backfill', 'up'], ['backfill', 'up'], ['contract', 'up'], ['contract', 'up'],
  ['contract', 'down'], ['contract', 'down'], ['backfill', 'down'], ['expand', 'down'], ['expand', 'down'],
];

/**
 * Every phase, again (a re-run must be a no-op), and every down back to the start, for real: the online steps commit
 * (CREATE INDEX CONCURRENTLY, per-batch COMMITs), so they cannot be rolled back as renamer sql's rehearsal is. Meant for
 * a throwaway PGlite loaded from --schema, never a server. Each rename must end where it started.
 */
export async function rehearseOnline(db: SqlSession, m: OnlineMigration): Promise<RehearsalStep[]> {
  const steps: RehearsalStep[] = [];
  for (const [phase, direction] of ORDER) {
    const name = `${phase}${direction === 'down' ? ' down' : ''}`;
    try {
      await runPhase(db, m, phase, direction);
      steps.push({ name });
    } catch (error) {
      steps.push({ name, error: errorMessage(error).split('\n')[0] });
      return steps;
    }
  }
  const left = (await onlineStatus(db, m)).filter((s) => s.state !== 'not started');
  if (left.length > 0) steps.push({ name: 'back at the start', error: left.map((s) => `${s.table}.${s.from} is ${s.state}`).join(', ') });
  return steps;
}

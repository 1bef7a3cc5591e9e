import { setTimeout as sleep } from 'node:timers/promises';
import { parseSync } from 'libpg-query';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { transactionSettings } from '../render.js';
import { errorMessage, type SqlSession } from '../session.js';
import { backfillQueries, columnsOf, tableSiblings, DEFAULT_BACKFILL, SWEEP_TRIES, type BackfillOptions } from './backfill.js';
import type { OnlineMigration, OnlineRename, PhaseName, Step } from './model.js';
import { onlinePhases } from './phases.js';

export type OnlineProgress =
  | { readonly kind: 'step'; readonly title: string }
  | { readonly kind: 'retry'; readonly title: string; readonly attempt: number; readonly reason: string }
  | { readonly kind: 'batch'; readonly target: string; readonly copied: number; readonly batches: number; readonly done: boolean };

export interface RunOptions {
  readonly backfill?: BackfillOptions;
  /** Attempts per transaction or statement that fails on lock_timeout (the workload keeps going meanwhile). */
  readonly attempts?: number;
  readonly onProgress?: (event: OnlineProgress) => void;
}

export interface StepTiming {
  readonly title: string;
  readonly ms: number;
  readonly attempts: number;
  /** Rows copied, for a backfill. */
  readonly rows?: number;
  /** A backfill whose role may not set session_replication_role: the table's row triggers fired for its copies. */
  readonly triggersFired?: boolean;
}

/** lock_not_available (lock_timeout) and deadlock_detected: the step backs off and tries again, nothing half-done. */
const RETRYABLE = new Set(['55P03', '40P01']);
const codeOf = (error: unknown) => (error as { code?: string }).code;

async function withRetries<T>(title: string, options: RunOptions, attempt: () => Promise<T>): Promise<{ value: T; attempts: number }> {
  const max = options.attempts ?? 50;
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(), attempts: n };
    } catch (error) {
      if (!RETRYABLE.has(codeOf(error) ?? '') || n >= max) throw error;
      options.onProgress?.({ kind: 'retry', title, attempt: n, reason: errorMessage(error).split('\n')[0] });
      // Backs off with jitter so a busy table's writers get through between attempts.
      await sleep(Math.min(2000, 50 * n) + Math.random() * 50);
    }
  }
}

async function runTransaction(db: SqlSession, m: OnlineMigration, step: Step & { kind: 'transaction' }, options: RunOptions) {
  return withRetries(step.title, options, async () => {
    // One round trip: the exclusive lock is held for the server's work only, not for a client's latency per statement.
    try {
      await db.exec(['BEGIN;', ...transactionSettings(m.timeouts), ...step.statements, 'COMMIT;'].join('\n'));
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/** An interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index that IF NOT EXISTS would keep: drop it first. */
async function dropInvalidIndex(db: SqlSession, statement: string): Promise<void> {
  if (!/^CREATE (UNIQUE )?INDEX CONCURRENTLY/.test(statement)) return;
  const index = (parseSync(statement).stmts?.[0]?.stmt as { IndexStmt?: { idxname?: string; relation?: { schemaname?: string } } }).IndexStmt;
  if (!index?.idxname || !index.relation?.schemaname) return;
  const name = quoteQualified({ schema: index.relation.schemaname, name: index.idxname });
  const [row] = await db.query<{ invalid: boolean }>(`SELECT NOT indisvalid AS invalid FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass($1)`, [name]);
  if (row?.invalid) await db.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
}

async function runEach(db: SqlSession, m: OnlineMigration, step: Step & { kind: 'each' }, options: RunOptions) {
  await db.exec(`SET lock_timeout = ${quoteLiteral(m.timeouts.lockTimeout)}`);
  let attempts = 1;
  try {
    for (const statement of step.statements) {
      const result = await withRetries(step.title, options, async () => {
        await dropInvalidIndex(db, statement);
        await db.exec(statement);
      });
      attempts = Math.max(attempts, result.attempts);
    }
  } finally {
    await db.exec('RESET lock_timeout');
  }
  return { value: undefined, attempts };
}

/**
 * Puts this session in replica mode for a backfill, as backfill.sql does per batch (see replicaForBatch), and returns
 * how to put it back; undefined when the role may not set it (the triggers then fire, and the timing says so).
 */
async function replicaSession(db: SqlSession): Promise<(() => Promise<void>) | undefined> {
  const [{ role }] = await db.query<{ role: string }>(`SELECT pg_catalog.current_setting('session_replication_role') AS role`);
  try {
    await db.query(`SELECT pg_catalog.set_config('session_replication_role', 'replica', false)`);
  } catch (error) {
    if (codeOf(error) === '42501') return undefined;
    throw error;
  }
  return async () => void (await db.query(`SELECT pg_catalog.set_config('session_replication_role', $1, false)`, [role]));
}

/**
 * The backfill as a command: the same statements as backfill.sql's DO block, one autocommitted batch at a time, so no
 * lock (row locks of the batch only; the table lock is ROW EXCLUSIVE) outlives a batch.
 */
export async function runBackfill(db: SqlSession, m: OnlineMigration, r: OnlineRename, reverse: boolean, options: RunOptions = {}): Promise<{ copied: number; triggersFired: boolean }> {
  const { batchSize, pauseMs } = options.backfill ?? DEFAULT_BACKFILL;
  const params = r.key.map((k, i) => `$${i + 1}::${k.type}`);
  const q = backfillQueries(r, reverse, batchSize, params, tableSiblings(m, r));
  const target = `${quoteQualified(r.table)}.${quoteIdent(columnsOf(r, reverse).dst)}`;
  const [{ ready }] = await db.query<{ ready: boolean }>(`SELECT ${q.ready} AS ready`);
  if (!ready) return { copied: 0, triggersFired: false };
  await db.exec(`SET lock_timeout = ${quoteLiteral(m.timeouts.lockTimeout)}`);
  const restoreRole = await replicaSession(db);
  let copied = 0;
  let batches = 0;
  const report = (done: boolean) => options.onProgress?.({ kind: 'batch', target, copied, batches, done });
  try {
    const keyOf = (row: Record<string, string | null>) => r.key.map((_, i) => row[`key_${i + 1}`]);
    const [first] = await db.query<Record<string, string>>(q.start);
    let lower = first ? keyOf(first) : undefined;
    for (let op: '>=' | '>' = '>='; lower && lower[0] !== null; op = '>') {
      const bound = lower;
      const { value: row } = await withRetries('backfill batch', options, async () => (await db.query<Record<string, string | null>>(q.batch(op), bound))[0]);
      copied += Number(row.updated);
      batches++;
      report(false);
      lower = keyOf(row);
      if (pauseMs > 0 && lower[0] !== null) await sleep(pauseMs);
    }
    for (let tries = 0; ; ) {
      const { value: swept } = await withRetries('backfill sweep', options, async () => Number((await db.query<{ updated: string }>(q.sweep))[0].updated));
      copied += swept;
      if (swept > 0) continue;
      const [{ remaining }] = await db.query<{ remaining: boolean }>(q.remaining);
      if (!remaining) break;
      if (++tries > SWEEP_TRIES) throw new Error(`backfill of ${target}: rows stay locked by other sessions; run it again`);
      await sleep(100);
    }
  } finally {
    await restoreRole?.();
    await db.exec('RESET lock_timeout');
  }
  report(true);
  return { copied, triggersFired: restoreRole === undefined };
}

/** Runs one phase (or its down) step by step against a database; returns how long each step took. */
export async function runPhase(db: SqlSession, m: OnlineMigration, name: PhaseName, direction: 'up' | 'down', options: RunOptions = {}): Promise<StepTiming[]> {
  const phase = onlinePhases(m).find((p) => p.name === name)!;
  const timings: StepTiming[] = [];
  for (const step of phase[direction]) {
    options.onProgress?.({ kind: 'step', title: step.title });
    const started = performance.now();
    if (step.kind === 'backfill') {
      const { copied, triggersFired } = await runBackfill(db, m, step.rename, step.reverse, options);
      timings.push({ title: step.title, ms: performance.now() - started, attempts: 1, rows: copied, ...(triggersFired && copied > 0 ? { triggersFired } : {}) });
      continue;
    }
    const { attempts } = step.kind === 'transaction' ? await runTransaction(db, m, step, options) : await runEach(db, m, step, options);
    timings.push({ title: step.title, ms: performance.now() - started, attempts });
  }
  return timings;
}

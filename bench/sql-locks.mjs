#!/usr/bin/env node
// How long the generated migration holds ACCESS EXCLUSIVE on a large table, on a real server. Builds a database with
// one table of N rows (default 1,000,000; an indexed column to drop, one to rename), generates the migration with
// renamer sql --db, then runs up.sql and down.sql statement by statement (as psql does) and prints, for each
// transaction, how long it held ACCESS EXCLUSIVE on the table (read from pg_locks): from the first statement that took
// it to its COMMIT; and, for the statements down.sql runs outside a transaction, the strongest lock they held.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/sql-locks.mjs [--rows N]
// Needs `npm run build` first (it runs dist/ through bin/renamer.js). Creates and drops the database renamer_bench_locks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDatabase, withClient } from './lib/bench-database.mjs';
import { parseSync, loadModule } from 'libpg-query';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const rows = args.includes('--rows') ? Number(args[args.indexOf('--rows') + 1]) : 1_000_000;
const database = benchDatabase('renamer_bench_locks');


// Lock modes as pg_locks names them, weakest first; from SHARE on, writers (ROW EXCLUSIVE) wait.
const MODES = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];
const BLOCKS_WRITES = MODES.indexOf('ShareLock');
const EXCLUSIVE = MODES.indexOf('AccessExclusiveLock');
const short = (mode) => mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();

/** The strongest lock the bench's session holds on the table right now (-1: none), read from another session. */
async function strongest(monitor, pid) {
  const { rows } = await monitor.query(`SELECT mode FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND relation = 'traces'::regclass AND granted`, [pid]);
  return Math.max(-1, ...rows.map((r) => MODES.indexOf(r.mode)));
}

/**
 * Runs a file one statement at a time, as psql does, and reads the locks the session actually holds (pg_locks, from a
 * second session) instead of guessing them from the statement text. In a transaction, the locks a statement took are
 * read right after it and are held to the COMMIT: the span runs from the start of the first statement that took one to
 * the end of the COMMIT. A statement outside any transaction (the batched restore commits inside its DO block, CREATE
 * INDEX CONCURRENTLY) is sampled while it runs: the strongest lock seen, and the longest ACCESS EXCLUSIVE run.
 */
async function timeScript(client, monitor, file) {
  const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const text = readFileSync(file, 'utf8');
  const bytes = Buffer.from(text);
  const spans = [];
  const writeSpans = [];
  const outside = [];
  let inTransaction = false;
  let lockedAt;
  let writesBlockedAt;
  const started = performance.now();
  for (const { stmt_location: start = 0, stmt_len: len } of parseSync(text).stmts) {
    const sql = bytes.subarray(start, len ? start + len : undefined).toString().trim();
    const t0 = performance.now();
    if (/^BEGIN/i.test(sql)) inTransaction = true;
    if (!inTransaction) {
      let running = true;
      const seen = { mode: -1, exclusive: 0 };
      const sampler = (async () => {
        let exclusiveSince;
        while (running) {
          const mode = await strongest(monitor, pid);
          const now = performance.now();
          seen.mode = Math.max(seen.mode, mode);
          if (mode === EXCLUSIVE) exclusiveSince ??= now;
          else if (exclusiveSince !== undefined) {
            seen.exclusive = Math.max(seen.exclusive, now - exclusiveSince);
            exclusiveSince = undefined;
          }
          await new Promise((r) => setTimeout(r, 1));
        }
        if (exclusiveSince !== undefined) seen.exclusive = Math.max(seen.exclusive, performance.now() - exclusiveSince);
      })();
      await client.query(sql);
      running = false;
      await sampler;
      if (/^(DO|CREATE)/i.test(sql)) outside.push({ what: /^DO/i.test(sql) ? 'batched restore' : 'CREATE INDEX CONCURRENTLY', ms: performance.now() - t0, ...seen });
      continue;
    }
    await client.query(sql);
    if (/^COMMIT/i.test(sql)) {
      spans.push(lockedAt === undefined ? 0 : performance.now() - lockedAt);
      writeSpans.push(writesBlockedAt === undefined ? 0 : performance.now() - writesBlockedAt);
      lockedAt = undefined;
      writesBlockedAt = undefined;
      inTransaction = false;
      continue;
    }
    const mode = await strongest(monitor, pid);
    if (mode === EXCLUSIVE) lockedAt ??= t0;
    if (mode >= BLOCKS_WRITES) writesBlockedAt ??= t0;
  }
  return { spans, writeSpans, outside, total: performance.now() - started };
}

await loadModule();
await database.create();
const out = mkdtempSync(path.join(os.tmpdir(), 'renamer-bench-sql-'));
try {
  await withClient(database.url, async (c) => {
    await c.query(`CREATE TABLE traces (id bigint PRIMARY KEY, session_id text, legacy_session_id text, note text)`);
    await c.query(`INSERT INTO traces SELECT g, 'disc_session_' || g, CASE WHEN g % 3 = 0 THEN 'legacy_' || g END, 'n' FROM generate_series(1, $1) g`, [rows]);
    await c.query(`CREATE INDEX traces_legacy_session_id_idx ON traces (legacy_session_id)`);
    await c.query(`CREATE INDEX traces_session_id_idx ON traces (session_id)`);
    await c.query('VACUUM ANALYZE traces');
  });
  execFileSync('node', [path.join(root, 'bin/renamer.js'), 'sql', '--db', database.url, '--drop', 'traces.legacy_session_id',
    '--rename-column', 'traces.session_id=flow_id', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  await withClient(database.url, (monitor) => withClient(database.url, async (c) => {
    const up = await timeScript(c, monitor, path.join(out, 'up.sql'));
    const down = await timeScript(c, monitor, path.join(out, 'down.sql'));
    const ms = (n) => `${Math.round(n)} ms`;
    console.log(`${rows.toLocaleString('en')} rows: drop legacy_session_id (indexed), rename session_id`);
    console.log(`up.sql    ${ms(up.total)} in all; ACCESS EXCLUSIVE held per transaction: ${up.spans.map(ms).join(', ')} (the capture trigger, the backup copy, then the schema change with the backup's refresh); writes wait ${up.writeSpans.map(ms).join(', ')}`);
    console.log(`down.sql  ${ms(down.total)} in all; ACCESS EXCLUSIVE held per transaction: ${down.spans.map(ms).join(', ')} (the catalog changes, then the constraint steps); writes wait ${down.writeSpans.map(ms).join(', ')}`);
    for (const o of down.outside) {
      console.log(`down.sql  outside a transaction, ${o.what}: ${ms(o.ms)}; strongest lock held on traces: ${o.mode < 0 ? 'none' : short(MODES[o.mode])}; ACCESS EXCLUSIVE: ${o.exclusive > 0 ? ms(o.exclusive) : 'never'}`);
    }
  }));
} finally {
  rmSync(out, { recursive: true, force: true });
  await database.drop();
}

#!/usr/bin/env node
// How long the generated migration holds ACCESS EXCLUSIVE on a large table, on a real server. Builds a database with
// one table of N rows (default 1,000,000; an indexed column to drop, one to rename), generates the migration with
// renamer sql --db, then runs up.sql and down.sql statement by statement (as psql does) and prints, for each
// transaction, how long it held its exclusive lock: from the first statement that takes one to its COMMIT.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/sql-locks.mjs [--rows N]
// Needs `npm run build` first (it runs dist/ through bin/renamer.js). Creates and drops the database renamer_bench_locks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parseSync, loadModule } from 'libpg-query';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const rows = args.includes('--rows') ? Number(args[args.indexOf('--rows') + 1]) : 1_000_000;
const base = process.env.DATABASE_URL;
if (!base) {
  console.error('bench: set DATABASE_URL (a server where the bench may create a database)');
  process.exit(2);
}
const NAME = 'renamer_bench_locks';
const url = new URL(base);
url.pathname = `/${NAME}`;

async function withClient(connectionString, fn) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Statements that take ACCESS EXCLUSIVE on the table: ALTER TABLE, LOCK ... ACCESS EXCLUSIVE, DROP VIEW/TRIGGER, and
// DO blocks that run one of those (the backup's DO block and the SHARE-locked check only read the table).
const EXCLUSIVE_DDL = /^\s*(LOCK TABLE \S+ IN ACCESS EXCLUSIVE|ALTER TABLE|DROP VIEW|DROP TRIGGER)/i;
const isExclusive = (sql) => EXCLUSIVE_DDL.test(sql) || (/^\s*DO /i.test(sql) && /\b(ALTER TABLE|DROP VIEW)\b/i.test(sql));

/** Runs a file one statement at a time; returns the exclusive-lock span of each transaction, in ms. */
async function timeScript(client, file) {
  const text = readFileSync(file, 'utf8');
  const bytes = Buffer.from(text);
  const spans = [];
  const writeSpans = [];
  let lockedAt;
  let writesBlockedAt;
  const started = performance.now();
  for (const { stmt_location: start = 0, stmt_len: len } of parseSync(text).stmts) {
    const sql = bytes.subarray(start, len ? start + len : undefined).toString().trim();
    if (lockedAt === undefined && isExclusive(sql)) lockedAt = performance.now();
    if (writesBlockedAt === undefined && (isExclusive(sql) || /^\s*LOCK TABLE \S+ IN SHARE MODE/i.test(sql))) writesBlockedAt = performance.now();
    await client.query(sql);
    if (/^COMMIT/i.test(sql)) {
      spans.push(lockedAt === undefined ? 0 : performance.now() - lockedAt);
      writeSpans.push(writesBlockedAt === undefined ? 0 : performance.now() - writesBlockedAt);
      lockedAt = undefined;
      writesBlockedAt = undefined;
    }
  }
  return { spans, writeSpans, total: performance.now() - started };
}

await loadModule();
await withClient(base, async (c) => {
  await c.query(`DROP DATABASE IF EXISTS ${NAME}`);
  await c.query(`CREATE DATABASE ${NAME}`);
});
const out = mkdtempSync(path.join(os.tmpdir(), 'renamer-bench-sql-'));
try {
  await withClient(url.toString(), async (c) => {
    await c.query(`CREATE TABLE traces (id bigint PRIMARY KEY, session_id text, legacy_session_id text, note text)`);
    await c.query(`INSERT INTO traces SELECT g, 'disc_session_' || g, CASE WHEN g % 3 = 0 THEN 'legacy_' || g END, 'n' FROM generate_series(1, $1) g`, [rows]);
    await c.query(`CREATE INDEX traces_legacy_session_id_idx ON traces (legacy_session_id)`);
    await c.query(`CREATE INDEX traces_session_id_idx ON traces (session_id)`);
    await c.query('VACUUM ANALYZE traces');
  });
  execFileSync('node', [path.join(root, 'bin/renamer.js'), 'sql', '--db', url.toString(), '--drop', 'traces.legacy_session_id',
    '--rename-column', 'traces.session_id=flow_id', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  await withClient(url.toString(), async (c) => {
    const up = await timeScript(c, path.join(out, 'up.sql'));
    const down = await timeScript(c, path.join(out, 'down.sql'));
    const ms = (n) => `${Math.round(n)} ms`;
    console.log(`${rows.toLocaleString('en')} rows: drop legacy_session_id (indexed), rename session_id`);
    console.log(`up.sql    ${ms(up.total)} in all; exclusive lock held per transaction: ${up.spans.map(ms).join(', ')} (the backup transaction, then the schema change); writes wait ${up.writeSpans.map(ms).join(', ')}`);
    console.log(`down.sql  ${ms(down.total)} in all; exclusive lock held per transaction: ${down.spans.map(ms).join(', ')}; the index is built CONCURRENTLY after it`);
  });
} finally {
  rmSync(out, { recursive: true, force: true });
  await withClient(base, (c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
}

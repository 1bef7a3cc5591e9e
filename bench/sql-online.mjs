#!/usr/bin/env node
// renamer sql --online on a large table, with the application running: builds a database with one table of N rows
// (default 1,000,000; session_id NOT NULL with a default, a CHECK and an index), then runs expand, backfill and contract
// (and, with --downs, each down back to the start) through the library's runner while an "old app" writes session_id
// and a "new app" writes flow_id. Prints each phase's time and the longest lock wait the workload saw: sampled from
// pg_stat_activity every few milliseconds, and bounded from above by the longest statement of the workload, whose
// sessions run with lock_timeout = 200ms (a longer wait would fail the statement and be counted).
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/sql-online.mjs [--rows N] [--batch-size N] [--downs]
// Needs `npm run build` first (it imports dist/). Creates and drops the database renamer_bench_online.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchDatabase, withClient } from './lib/bench-database.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const rows = flag('--rows', 1_000_000);
const batchSize = flag('--batch-size', 1000);
const downs = args.includes('--downs');
const { openServer } = await import(path.join(root, 'dist/sql/index.js'));
const { planOnline, runPhase } = await import(path.join(root, 'dist/sql/online/index.js'));
const { parseRenameFlag } = await import(path.join(root, 'dist/sql/plan.js'));

const database = benchDatabase('renamer_bench_online');


/** One application instance: sequential reads and writes through one column name, every statement timed. */
class App {
  constructor(name, column) {
    Object.assign(this, { name, column, statements: 0, failures: [], maxMs: 0, ids: [], stopping: false });
  }
  async start() {
    this.stopping = false;
    this.client = new pg.Client({ connectionString: database.url });
    await this.client.connect();
    await this.client.query(`SET lock_timeout = '200ms'`);
    this.pid = (await this.client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    this.running = this.loop();
  }
  async stop() {
    this.stopping = true;
    await this.running;
    await this.client.end();
  }
  async timed(text, params) {
    const started = performance.now();
    try {
      return await this.client.query(text, params);
    } catch (error) {
      this.failures.push(`${this.name}: ${error.message}`);
      return undefined;
    } finally {
      this.statements++;
      this.maxMs = Math.max(this.maxMs, performance.now() - started);
    }
  }
  async loop() {
    for (let i = 0; !this.stopping; i++) {
      const id = this.ids.length > 0 && i % 3 !== 0 ? this.ids[Math.floor(Math.random() * this.ids.length)] : 1 + Math.floor(Math.random() * rows);
      if (i % 3 === 0) {
        const r = await this.timed(`INSERT INTO traces (${this.column}, payload) VALUES ($1, 'bench') RETURNING id`, [`${this.name}_${i}`]);
        if (r) this.ids.push(r.rows[0].id);
      } else if (i % 3 === 1) await this.timed(`UPDATE traces SET ${this.column} = $1 WHERE id = $2`, [`${this.name}_${i}`, id]);
      else await this.timed(`SELECT ${this.column} FROM traces WHERE id = $1`, [id]);
    }
  }
}

/** Samples how long any workload session has been waiting on a lock (pg_stat_activity, every ~5 ms). */
function lockMonitor(apps) {
  let maxMs = 0;
  let stopping = false;
  const client = new pg.Client({ connectionString: database.url });
  const done = (async () => {
    await client.connect();
    while (!stopping) {
      const pids = apps.filter((a) => a.pid && !a.stopping).map((a) => a.pid);
      const r = await client.query(
        `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0)::float8 AS ms FROM pg_stat_activity WHERE pid = ANY($1) AND wait_event_type = 'Lock'`,
        [pids],
      );
      maxMs = Math.max(maxMs, r.rows[0].ms);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await client.end();
  })();
  return { take: () => { const m = maxMs; maxMs = 0; return m; }, stop: async () => { stopping = true; await done; } };
}

await database.create();
const db = await openServer(database.url);
try {
  await withClient(database.url, async (c) => {
    await c.query(`CREATE TABLE traces (id bigserial PRIMARY KEY, session_id text NOT NULL DEFAULT 'anonymous' CHECK (length(session_id) > 0), payload text, created_at timestamptz NOT NULL DEFAULT now())`);
    await c.query(`INSERT INTO traces (session_id, payload) SELECT 'disc_session_' || (g % 5000), 'n' FROM generate_series(1, $1::int) g`, [rows]);
    await c.query(`CREATE INDEX traces_session_id_idx ON traces (session_id)`);
    await c.query('VACUUM ANALYZE traces');
  });
  const m = await planOnline(db, [parseRenameFlag('traces.session_id=flow_id')]);
  const oldApp = new App('old', 'session_id');
  const newApp = new App('new', 'flow_id');
  const monitor = lockMonitor([oldApp, newApp]);
  console.log(`sql-online: ${rows.toLocaleString('en')} rows, batch size ${batchSize}, old and new app writing (lock_timeout 200ms)`);
  const phase = async (label, name, direction = 'up') => {
    monitor.take();
    const apps = [oldApp, newApp].filter((a) => a.running && !a.stopping);
    const before = apps.map((a) => a.maxMs);
    apps.forEach((a) => (a.maxMs = 0));
    const started = performance.now();
    await runPhase(db, m, name, direction, { backfill: { batchSize, pauseMs: 0 } });
    const ms = performance.now() - started;
    const longest = Math.max(0, ...apps.map((a) => a.maxMs));
    apps.forEach((a, i) => (a.maxMs = Math.max(a.maxMs, before[i])));
    console.log(`${label.padEnd(14)} ${(ms / 1000).toFixed(2).padStart(7)} s   longest lock wait seen ${monitor.take().toFixed(0).padStart(4)} ms   longest workload statement ${longest.toFixed(0).padStart(4)} ms   (${apps.map((a) => a.name).join(' + ')} running)`);
  };
  await oldApp.start();
  await phase('expand', 'expand');
  await newApp.start();
  await phase('backfill', 'backfill');
  await oldApp.stop();
  await phase('contract', 'contract');
  if (downs) {
    await phase('contract down', 'contract', 'down');
    await oldApp.start();
    await phase('backfill down', 'backfill', 'down');
    await newApp.stop();
    await phase('expand down', 'expand', 'down');
    await oldApp.stop();
  } else {
    await newApp.stop();
  }
  await monitor.stop();
  const failures = [...oldApp.failures, ...newApp.failures];
  console.log(`workload: ${oldApp.statements + newApp.statements} statements, ${failures.length} failed${failures.length > 0 ? `: ${[...new Set(failures)].slice(0, 3).join('; ')}` : ''}`);
  if (failures.length > 0) process.exitCode = 1;
} finally {
  await db.close();
  await database.drop();
}

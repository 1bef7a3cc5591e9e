import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { runSqlCommand } from '../../src/cli/sql.js';
import { captureIO, createServerDatabase, readFixture, SERVER_URL } from './helpers.js';

const PLAN = ['--plan', 'fixtures/sql-online/plan.json'];
const tmp = mkdtempSync(path.join(tmpdir(), 'renamer-sql-online-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]) {
  const c = captureIO();
  const code = await runSqlCommand(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

async function expectUsage(argv: string[], message: RegExp) {
  const r = await run(argv);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(message);
  expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
}

describe('renamer sql --online: flags', () => {
  it('refuses bad values before any database work', async () => {
    await expectUsage(['--online', '--phase', 'shrink', ...PLAN, '--schema', 'x.sql'], /--phase: "shrink" is not one of expand, backfill, contract/);
    await expectUsage(['--online', '--batch-size', '0', ...PLAN, '--schema', 'x.sql'], /--batch-size: "0" is not a positive whole number/);
    await expectUsage(['--online', '--pause', 'soon', ...PLAN, '--schema', 'x.sql'], /--pause: "soon" is not a duration/);
    await expectUsage(['--online', '--apply', ...PLAN, '--db', 'postgres://x@127.0.0.1:1/x'], /--online --apply needs --phase/);
    await expectUsage(['--online', '--phase', 'expand', '--apply', ...PLAN, '--schema', 'x.sql'], /--apply needs --db/);
    await expectUsage(['--phase', 'expand', ...PLAN, '--schema', 'x.sql'], /--phase only applies with --online/);
    await expectUsage(['--batch-size', '10', ...PLAN, '--schema', 'x.sql'], /--batch-size only applies with --online/);
  });

  it('--out writes every phase, its down, status.sql and cleanup.sql (PGlite)', async () => {
    const out = path.join(tmp, 'files');
    const r = await run(['--online', '--schema', 'fixtures/sql-online/schema.sql', ...PLAN, '--out', out, '--batch-size', '250', '--pause', '10ms']);
    expect(r.err).toMatch(/wrote 1-expand\.sql, 1-expand\.down\.sql, 2-backfill\.sql, .*cleanup\.sql/);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['1-expand.down.sql', '1-expand.sql', '2-backfill.down.sql', '2-backfill.sql', '3-contract.down.sql', '3-contract.sql', 'cleanup.sql', 'status.sql']);
    const backfill = readFileSync(path.join(out, '2-backfill.sql'), 'utf8');
    expect(backfill).toMatch(/LIMIT 250\)/);
    expect(backfill).toMatch(/pg_sleep\(0\.01\)/);
    expect(readFileSync(path.join(out, '1-expand.sql'), 'utf8')).toMatch(/SET LOCAL lock_timeout = '100ms'/);
  });

  it('--verify runs every phase, a re-run of each and every down on PGlite', async () => {
    const r = await run(['--online', '--schema', 'fixtures/sql-online/schema.sql', ...PLAN, '--verify']);
    expect(r.err).toBe('');
    expect(r.out.split('\n').filter(Boolean)).toEqual([
      'ok   expand', 'ok   expand', 'ok   backfill', 'ok   backfill', 'ok   contract', 'ok   contract',
      'ok   contract down', 'ok   contract down', 'ok   backfill down', 'ok   expand down', 'ok   expand down',
      'verified on PGlite: every phase, a re-run of each and every down ran',
    ]);
    expect(r.code).toBe(0);
    await expectUsage(['--online', '--verify', ...PLAN, '--db', 'postgres://x@127.0.0.1:1/x'], /--online --verify needs --schema/);
  });
});

if (!SERVER_URL) console.warn('online-cli.test.ts: the --apply/--status run is skipped; set DATABASE_URL to run it on a server');

describe.skipIf(!SERVER_URL)('renamer sql --online --apply and --status on a server', () => {
  it('runs each phase as a command and reports the phase and the differing rows', async () => {
    const database = await createServerDatabase(SERVER_URL!, 'renamer_online_cli');
    try {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      await c.query(readFixture('sql-online', 'schema.sql'));
      await c.end();
      const db = ['--db', database.url];
      const status = async () => (await run(['--online', '--status', ...db])).out;
      expect(await status()).toBe('no online rename in progress (expand records each one in the backup schema)\n');
      const expand = await run(['--online', '--phase', 'expand', '--apply', ...PLAN, ...db]);
      expect(expand.code, expand.err).toBe(0);
      expect(expand.out).toMatch(/^ok {3}the new columns and the triggers/m);
      expect(expand.out).toMatch(/expand applied to postgres:/);
      expect(await status()).toMatch(/^public\.traces\.session_id → flow_id: expanded, 300 rows differ, 2 constraint\(s\) or index\(es\) of the new column not ready; next: run --phase backfill$/m);
      const backfill = await run(['--online', '--phase', 'backfill', '--apply', '--batch-size', '100', '--pause', '1ms', ...PLAN, ...db]);
      expect(backfill.code, backfill.err).toBe(0);
      expect(backfill.err).toMatch(/backfill public\.traces\.flow_id: 300 rows copied in 4 batches, done/);
      expect(await status()).toMatch(/^public\.traces\.session_id → flow_id: backfilled, 0 rows differ; next: ship the code/m);
      // After contract the old column is gone: the plan comes from expand's record, and --status needs no plan.
      expect((await run(['--online', '--phase', 'contract', '--apply', ...PLAN, ...db])).code).toBe(0);
      expect(await status()).toMatch(/^public\.events\.session_id → flow_id: contracted; next: done/m);
      const json = JSON.parse((await run(['--online', '--status', '--format', 'json', ...db])).out);
      expect(json.renames.map((r: { state: string }) => r.state)).toEqual(['contracted', 'contracted']);
      for (const phase of ['contract', 'backfill', 'expand']) expect((await run(['--online', '--phase', phase, '--down', '--apply', ...PLAN, ...db])).code).toBe(0);
      expect(await status()).toBe('no online rename in progress (expand records each one in the backup schema)\n');
    } finally {
      await database.drop();
    }
  });
});

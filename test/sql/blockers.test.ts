import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { generateMigration, openServer, parseColumnName, pgliteSession, renderFiles, type Decision, type SqlSession } from '../../src/sql/index.js';
import { createServerDatabase, readFixture, SERVER_URL } from './helpers.js';
import { snapshot } from './run-fixture.js';

const drop = (text: string): Decision => ({ action: 'drop', target: parseColumnName(text, '--drop'), origin: '--drop' });

const cases: [string, string, string[], RegExp][] = [
  ['sql-begin-atomic', 'b_atomic', ['discovery_flows.session_id'], /function .*flows_for_session\(text\) \(a BEGIN ATOMIC body\) uses/],
  ['sql-rls-policy', 'b_policy', ['llm_usage_logs.session_id'], /row-level security policy own_session/],
  ['sql-partitioned', 'b_partkey', ['events.created_on'], /part of the partition key/],
  ['sql-partitioned', 'b_partition', ['events_2025.session_id'], /inherited from a parent table/],
  ['sql-foreign-key', 'b_fk', ['data_import_sessions.session_id'], /foreign key assets_session_id_fkey on \S+ references .*decide its column \(session_id\)/],
  ['sql-generated', 'b_generated', ['access_audit_log.session_id'], /generated column session_key .* is computed from/],
  ['sql-publication', 'b_publication', ['llm_usage_logs.session_id'], /publication usage_to_warehouse lists \S+\.llm_usage_logs\.session_id in its column list/],
];

/** Generates for the drops, expects the blocker, and proves up.sql raises before changing anything. */
async function expectRefused(db: SqlSession, schema: string, columns: string[], reason: RegExp): Promise<void> {
  const m = await generateMigration(db, columns.map(drop));
  expect(m.model.blockers.join('\n')).toMatch(reason);
  const before = await snapshot(db, [schema]);
  const up = renderFiles(m)['up.sql'];
  await expect(db.exec(up)).rejects.toThrow(/cannot be applied safely/);
  await db.exec('ROLLBACK');
  expect(await snapshot(db, [schema])).toEqual(before);
}

describe.skipIf(!SERVER_URL)('refusals on the PostgreSQL server (a database per case)', () => {
  for (const [fixture, schema, columns, reason] of cases) {
    it(`${fixture}: drop ${columns.join(', ')}`, async () => {
      const { url, drop: dropDb } = await createServerDatabase(SERVER_URL!, `renamer_${schema}`);
      const db = await openServer(url);
      try {
        await db.exec(readFixture(fixture, 'schema.sql'));
        await expectRefused(db, 'public', columns, reason);
      } finally {
        await db.close();
        await dropDb();
      }
    });
  }
});

describe('what cannot be done safely is refused, with the reason, and up.sql changes nothing', () => {
  let pglite: PGlite;
  let db: SqlSession;
  beforeAll(async () => {
    pglite = await PGlite.create();
    db = pgliteSession(pglite, false);
  });
  afterAll(async () => pglite?.close());

  for (const [fixture, schema, columns, reason] of cases) {
    it(`${fixture}: drop ${columns.join(', ')}`, async () => {
      await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
      await db.exec(readFixture(fixture, 'schema.sql'));
      await expectRefused(db, schema, columns, reason);
    });
  }

  it('a view that uses the column outside its select list is not rewritten', async () => {
    await db.exec(`CREATE SCHEMA b_view; SET search_path TO b_view;
      CREATE TABLE assets (id int PRIMARY KEY, session_id text, name text);
      CREATE VIEW live_assets AS SELECT id, name FROM assets WHERE session_id IS NOT NULL;`);
    const m = await generateMigration(db, [drop('assets.session_id')]);
    expect(m.model.blockers).toEqual([expect.stringMatching(/view b_view\.live_assets cannot be recreated .* uses session_id outside its select list/)]);
  });

  it('reports every column of the word family the plan does not decide', async () => {
    await db.exec(`CREATE SCHEMA b_cand; SET search_path TO b_cand;
      CREATE TABLE flows (id int PRIMARY KEY, session_id text, import_session_id text, obsession_id text, "SessionId" text);`);
    const m = await generateMigration(db, [drop('flows.session_id')], [{ from: 'session_id', to: 'flow_id' }]);
    const inSchema = (list: readonly { schema: string; column: string }[]) => list.filter((c) => c.schema === 'b_cand').map((c) => c.column);
    expect(inSchema(m.candidates)).toEqual(['session_id', 'import_session_id', 'SessionId']);
    expect(inSchema(m.undecided)).toEqual(['import_session_id', 'SessionId']);
    expect(m.undecided.find((c) => c.column === 'import_session_id')?.suggestion).toBe('import_flow_id');
  });
});

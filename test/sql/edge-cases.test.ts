import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pgliteSession, openServer, type SqlSession } from '../../src/sql/index.js';
import { createServerDatabase, readFixture, SERVER_URL } from './helpers.js';
import { roundTrip } from './run-fixture.js';

/** Fixture → extra schemas it creates, and assertions on the migration beyond the round trip. */
type Case = {
  schemas?: string[];
  /** Runs after up.sql and its post-check, before the re-run: the state production code would meet. */
  whileUp?: (db: SqlSession, schema: string) => Promise<void>;
  check?: (r: Awaited<ReturnType<typeof roundTrip>>, schema: string, db: SqlSession) => void | Promise<void>;
};
const CASES: Record<string, Case> = {
  'sql-seed': {},
  'sql-views': {
    check: ({ migration, afterUp }) => {
      const views = migration.model.views.map((v) => v.name);
      expect(views).toEqual(['asset_sessions', 'named_asset_sessions', 'all_assets']);
      const viewColumns = afterUp.columns.filter((c: any) => ['all_assets', 'asset_sessions'].includes(c.relname)).map((c: any) => `${c.relname}.${c.attname}`);
      expect(viewColumns).not.toContain('all_assets.session_id');
      expect(viewColumns).toContain('asset_sessions.name');
      expect(migration.model.warnings.join('\n')).toMatch(/asset_rows reads whole rows/);
    },
  },
  'sql-trigger-function': {
    check: ({ migration, afterUp }) => {
      expect(migration.model.warnings.join('\n')).toMatch(/function .*llm_usage_logs_check\(\) \(plpgsql\) mentions session_id/);
      expect(migration.model.warnings.join('\n')).toMatch(/trigger legacy_session_changed .* up\.sql drops it/);
      expect(afterUp.triggers.map((t: any) => t.tgname)).toEqual(['llm_usage_logs_check']);
    },
  },
  'sql-begin-atomic': {},
  'sql-foreign-key': {
    check: ({ migration }) => expect(migration.model.incomingForeignKeys.map((c) => c.name)).toEqual(['assets_session_id_fkey']),
  },
  'sql-primary-key': {
    check: ({ migration }) => expect(migration.model.columns[0].facts.restoreKey).toEqual(['user_id']),
  },
  'sql-indexes': {
    check: ({ before, afterUp }) => {
      expect(before.indexes.length - afterUp.indexes.length).toBe(3);
      expect(afterUp.statistics).toEqual([]);
    },
  },
  'sql-generated': {},
  'sql-rls-policy': { check: ({ afterUp }) => expect(afterUp.policies[0].qual).toMatch(/flow_id/) },
  'sql-partitioned': {},
  'sql-mixed-case': {
    check: ({ afterUp, files }) => {
      expect(afterUp.indexes.map((i: any) => i.indexname)).toContain('IX_Assets_FlowId');
      expect(files['up.sql']).toContain('RENAME COLUMN "SessionId" TO "FlowId"');
    },
  },
  'sql-reserved-word': { check: ({ files }) => expect(files['up.sql']).toMatch(/ALTER TABLE \S+\."user" DROP COLUMN session_id;/) },
  'sql-other-schema': { schemas: ['audit_renamer_fixture'] },
  'sql-odd-names': {
    check: ({ files, afterUp }) => {
      expect(files['up.sql']).toContain('DROP COLUMN "session id; DROP TABLE x"');
      expect(afterUp.columns.map((c: any) => c.attname)).toContain("it's flow_id");
    },
  },
  'sql-view-grants': {
    whileUp: async (db, schema) => {
      // The roles that read and own the recreated views still can: no "permission denied" after the migration.
      await db.exec(`GRANT USAGE ON SCHEMA ${schema} TO renamer_fixture_reporting, renamer_fixture_app`);
      try {
        await db.exec(`SET ROLE renamer_fixture_reporting; SELECT id, status FROM ${schema}.active_flows; SELECT id FROM ${schema}.flow_search;`);
        await db.exec(`SET ROLE renamer_fixture_app; UPDATE ${schema}.active_flows SET status = status WHERE id = 1;`);
      } finally {
        await db.exec('RESET ROLE');
      }
    },
    check: ({ migration, before, afterUp, files }) => {
      expect(migration.model.views.map((v) => v.name)).toEqual(['active_flows', 'flow_search', 'flow_archive']);
      expect(migration.model.warnings.join('\n')).not.toMatch(/grant|view|index/i);
      const view = (snap: any, name: string) => snap.views.find((v: any) => v.relname === name);
      for (const name of ['active_flows', 'flow_search', 'flow_archive']) {
        const { def: _before, ...kept } = view(before, name);
        const { def: _after, ...restored } = view(afterUp, name);
        expect(restored, name).toEqual(kept);
      }
      expect(view(afterUp, 'active_flows').acl).toContain('renamer_fixture_reporting SELECT f');
      expect(view(afterUp, 'active_flows').options).toEqual(['security_barrier=true', 'check_option=local']);
      expect(view(afterUp, 'flow_archive').populated).toBe(false);
      const indexes = afterUp.indexes.map((i: any) => i.indexname);
      expect(indexes).toEqual(expect.arrayContaining(['flow_search_id_key', 'flow_archive_status_idx']));
      expect(indexes).not.toContain('flow_search_session_id_idx');
      const comments = afterUp.columns.filter((c: any) => c.relname === 'active_flows' && c.comment).map((c: any) => c.attname);
      expect(comments).toEqual(['status']);
      expect(files['post-check.sql']).toMatch(/lost its grant of SELECT to renamer_fixture_reporting/);
      expect(afterUp.triggers.map((t: any) => t.tgname)).toEqual(['active_flows_insert']);
    },
  },
  'sql-identity': {
    check: async ({ files, before }, schema, db) => {
      expect(files['down.sql']).toMatch(/ADD GENERATED ALWAYS AS IDENTITY \(SEQUENCE NAME \S+\.llm_usage_logs_session_id_seq START WITH 1000 INCREMENT BY 10 /);
      expect(before.columns.find((c: any) => c.attname === 'session_id').identity).toBe('a');
      // After down, the next INSERT continues where the sequence was (1030 was handed out, then deleted), no collision.
      const [row] = await db.query<{ session_id: string }>(
        `INSERT INTO ${schema}.llm_usage_logs (id, model) VALUES ('9d0c7a6e-2222-4b1c-9d3f-000000000009', 'after-down') RETURNING session_id::text`,
      );
      expect(row.session_id).toBe('1040');
    },
  },
  'sql-rename-partitioned': {
    check: ({ before, afterUp }) => {
      const names = (snap: any) => [...snap.indexes.map((i: any) => i.indexname), ...snap.statistics.map((s: any) => s.stxname)].sort();
      expect(names(before).filter((n) => n.includes('session_id'))).toHaveLength(9);
      expect(names(afterUp).filter((n) => n.includes('session_id'))).toEqual([]);
      expect(names(afterUp)).toEqual(expect.arrayContaining([
        'events_2025_flow_id_idx', 'events_2026_flow_id_idx', 'events_2025_flow_id_created_on_key', 'events_flow_id_created_on_key',
        'events_flow_id_stats', 'events_2025_flow_id_stats', 'llm_usage_logs_flow_id_model_stats',
      ]));
    },
  },
  'sql-function-words': {
    check: ({ migration }) => {
      // The shared PGlite instance holds other fixtures' functions too: look at this fixture's three only.
      const ours = /^(?:\S+\.)?(stamp_import|import_session|obsession_report)\(/;
      const flagged = (column: string) =>
        migration.model.columns.find((c) => c.facts.column === column)!.functions
          .filter((f) => ours.test(f.name)).map((f) => `${f.name.replace(/^\S+\./, '')} ${f.mentions.join(',')}`);
      expect(flagged('import_session_id')).toEqual(['stamp_import() import_session_id']);
      // import_session_id contains the words of SessionId, but is another column: not a mention of "SessionId".
      expect(flagged('SessionId')).toEqual(['import_session(bigint) SessionId,sessionId']);
      expect(migration.model.warnings.join('\n')).toMatch(/import_session\(bigint\) \(plpgsql\) mentions SessionId in its body \(as sessionId\)/);
      expect(migration.model.warnings.join('\n')).not.toMatch(/obsession_report/);
    },
  },
  'sql-publication': {
    check: ({ before, afterUp, migration }) => {
      expect(migration.model.columns.find((c) => c.facts.table.name === 'llm_usage_logs')!.deps.publications).toEqual(['usage_to_warehouse']);
      const columns = (snap: any, pub: string) => snap.publications.find((p: any) => p.pubname === pub).columns;
      expect(columns(before, 'usage_to_warehouse')).toEqual(['id', 'model', 'session_id']);
      expect(columns(afterUp, 'usage_to_warehouse')).toEqual(['flow_id', 'id', 'model']);
      expect(columns(afterUp, 'flows_to_warehouse')).toEqual(['id', 'status']);
    },
  },
};

describe('edge cases on PGlite (one shared instance, one schema per fixture)', () => {
  let pglite: PGlite;
  let db: SqlSession;
  beforeAll(async () => {
    pglite = await PGlite.create();
    db = pgliteSession(pglite, false);
  });
  afterAll(async () => pglite?.close());

  for (const [name, spec] of Object.entries(CASES)) {
    it(`${name}: up, post-check, re-run, down, post-down check`, async () => {
      const schema = `t_${name.replace(/-/g, '_')}`;
      await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
      await db.exec(readFixture(name, 'schema.sql'));
      const result = await roundTrip(db, name, [schema, ...(spec.schemas ?? [])], spec.whileUp && ((d) => spec.whileUp!(d, schema)));
      await spec.check?.(result, schema, db);
    });
  }
});

describe.skipIf(!SERVER_URL)('edge cases on the PostgreSQL server (a database per test)', () => {
  for (const [name, spec] of Object.entries(CASES)) {
    it(`${name}: up, post-check, re-run, down, post-down check`, async () => {
      const { url, drop } = await createServerDatabase(SERVER_URL!, `renamer_${name.replace(/-/g, '_')}`);
      const db = await openServer(url);
      try {
        await db.exec(readFixture(name, 'schema.sql'));
        const result = await roundTrip(db, name, ['public', ...(spec.schemas ?? [])], spec.whileUp && ((d) => spec.whileUp!(d, 'public')));
        await spec.check?.(result, 'public', db);
      } finally {
        await db.close();
        await drop();
      }
    });
  }
});

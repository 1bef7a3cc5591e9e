import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pgliteSession, openServer, type SqlSession } from '../../src/sql/index.js';
import { createServerDatabase, readFixture, SERVER_URL } from './helpers.js';
import { roundTrip } from './run-fixture.js';

/** Fixture → extra schemas it creates, and assertions on the migration beyond the round trip. */
const CASES: Record<string, { schemas?: string[]; check?: (r: Awaited<ReturnType<typeof roundTrip>>, schema: string) => void }> = {
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
      const result = await roundTrip(db, name, [schema, ...(spec.schemas ?? [])]);
      spec.check?.(result, schema);
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
        const result = await roundTrip(db, name, ['public', ...(spec.schemas ?? [])]);
        spec.check?.(result, 'public');
      } finally {
        await db.close();
        await drop();
      }
    });
  }
});

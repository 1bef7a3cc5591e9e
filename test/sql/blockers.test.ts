import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateMigration, loadSchemaFiles, openServer, parseColumnName, openPglite, readSchemaFiles, renderAlembic, renderFiles, runScript,
  type Decision, type SqlSession,
} from '../../src/sql/index.js';
import { createServerDatabase, readFixture, ROOT, SERVER_URL } from './helpers.js';
import { planFor, snapshot } from './run-fixture.js';

const inSchema = async (db: SqlSession, schema: string, sql: string) => db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}; ${sql}`);
const drop = (text: string): Decision => ({ action: 'drop', target: parseColumnName(text, '--drop'), origin: '--drop' });

/** The columns to drop, or 'plan.json': the fixture's own plan. */
const cases: [string, string, string[] | 'plan.json', RegExp][] = [
  ['sql-begin-atomic', 'b_atomic', ['discovery_flows.session_id'], /function .*flows_for_session\(text\) \(a BEGIN ATOMIC body\) uses/],
  ['sql-rls-policy', 'b_policy', ['llm_usage_logs.session_id'], /row-level security policy own_session/],
  ['sql-partitioned', 'b_partkey', ['events.created_on'], /part of the partition key/],
  ['sql-partitioned', 'b_partition', ['events_2025.session_id'], /inherited from a parent table/],
  ['sql-foreign-key', 'b_fk', ['data_import_sessions.session_id'], /foreign key assets_session_id_fkey on \S+ references .*decide its column \(session_id\)/],
  ['sql-generated', 'b_generated', ['access_audit_log.session_id'], /generated column session_key .* is computed from/],
  ['sql-publication', 'b_publication', ['llm_usage_logs.session_id'], /publication usage_to_warehouse lists \S+\.llm_usage_logs\.session_id in its column list/],
  ['sql-trigger-arguments', 'b_trigger_args', ['notes.session_id'], /trigger notes_search on \S+\.notes passes session_id to its function by name \(CREATE TRIGGER .*tsvector_update_trigger.*every write to the table would fail once \S+ is dropped/],
  // Before: the rule on session_log was taken for a view and the run died on its NULL definition.
  ['sql-table-rules', 'b_rules', ['sessions.session_id'], /rule keep_open_sessions on \S+\.sessions uses \S+\.sessions\.session_id: drop or rewrite the rule first\n.*rule log_marks_session on \S+\.session_log uses/],
  // Before: the INSERT's target was read as a function call (person_content (...)), so its column list was rewritten
  // to the new name and every insert into comment failed (Lemmy's person_content_combined_comment_insert).
  ['sql-insert-other-table', 'b_insert_other', 'plan.json', /^function \S+\.comment_insert\(\) names creator_id, which is a column of \S+\.comment\.creator_id and also of \S+\.person_content;/],
  // A function in another schema reads post and person from the caller's search_path (Lemmy's schema r): before,
  // post.creator_id became post.author_id, and the drop of person.bot_account exited 0 with a warning.
  ['sql-other-schema-trigger', 'b_other_schema_trigger', 'plan.json', /^function r_trigger_fixture\.comment_insert\(\) names creator_id, which is a column of \S+\.comment\.creator_id and also of \S+\.post;/],
  ['sql-other-schema-function', 'b_other_schema_function', ['person.bot_account'], /^function r_function_fixture\.humans\(\) reads \S+\.person\.bot_account, which the plan drops;/],
  // SQL text a view hands to a function (query_to_xml, crosstab) is refused like dynamic SQL; a string that only
  // names the column (a label) is data. Before: exit 0, no warning, the views failed at every read.
  ['sql-view-sql-text', 'b_view_sql_text', 'plan.json', /^view \S+\.people_xml passes SQL text that mentions \S+\.people\.fullname to a function .*--manual-functions\nmaterialized view \S+\.people_xml_snapshot passes SQL text that mentions/],
  ['sql-view-sql-text', 'b_view_sql_text_drop', ['people.fullname'], /^view \S+\.people_xml passes SQL text that mentions \S+\.people\.fullname/],
  // Before: the rehearsal failed at down ("domain flag does not allow null values"), a refusal no message explained.
  ['sql-not-null-domain', 'b_not_null_domain', 'plan.json', /^\S+\.t\.f is of the NOT NULL domain \S+\.flag, which has no default: down\.sql re-adds the column empty/],
];

const titleOf = (fixture: string, columns: string[] | 'plan.json') => `${fixture}: ${columns === 'plan.json' ? 'its plan.json' : `drop ${columns.join(', ')}`}`;
const decisionsOf = (fixture: string, columns: string[] | 'plan.json') => (columns === 'plan.json' ? planFor(fixture) : columns.map(drop));

/** Generates for the drops, expects the blocker, and proves up.sql raises before changing anything. */
async function expectRefused(db: SqlSession, schema: string, decisions: Decision[], reason: RegExp): Promise<void> {
  const m = await generateMigration(db, decisions);
  expect(m.model.blockers.join('\n')).toMatch(reason);
  const before = await snapshot(db, [schema]);
  const up = renderFiles(m)['up.sql'];
  await expect(db.exec(up)).rejects.toThrow(/cannot be applied safely/);
  await db.exec('ROLLBACK');
  expect(await snapshot(db, [schema])).toEqual(before);
}

describe.skipIf(!SERVER_URL)('refusals on the PostgreSQL server (a database per case)', () => {
  for (const [fixture, schema, columns, reason] of cases) {
    it(titleOf(fixture, columns), async () => {
      const { url, drop: dropDb } = await createServerDatabase(SERVER_URL!, `renamer_${schema}`);
      const db = await openServer(url);
      try {
        await db.exec(readFixture(fixture, 'schema.sql'));
        await expectRefused(db, 'public', decisionsOf(fixture, columns), reason);
      } finally {
        await db.close();
        await dropDb();
      }
    });
  }
});

describe('what cannot be done safely is refused, with the reason, and up.sql changes nothing', () => {
  let db: SqlSession;
  beforeAll(async () => void (db = await openPglite()));
  afterAll(() => db?.close());

  for (const [fixture, schema, columns, reason] of cases) {
    it(titleOf(fixture, columns), async () => {
      await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
      await db.exec(readFixture(fixture, 'schema.sql'));
      await expectRefused(db, schema, decisionsOf(fixture, columns), reason);
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

  it('a body that builds SQL at run time is a blocker naming it, a warning with --manual-functions', async () => {
    await inSchema(db, 'f_dynamic', readFixture('sql-dynamic-body', 'schema.sql'));
    const refused = await generateMigration(db, planFor('sql-dynamic-body'));
    expect(refused.model.blockers).toEqual([expect.stringMatching(/^function f_dynamic\.traces_by\(text,text\) builds SQL at run time \(EXECUTE\) .*f_dynamic\.traces\.session_id.*--manual-functions$/)]);
    expect(refused.statements.backup).toEqual([]);
    const manual = await generateMigration(db, planFor('sql-dynamic-body'), [], { manualFunctions: true });
    expect(manual.model.blockers).toEqual([]);
    expect(manual.model.warnings.join('\n')).toMatch(/traces_by\(text,text\) builds SQL at run time .*update it by hand/);
  });

  it('dropping a NOT NULL primary-key column with no other key to restore it by is a blocker (down could never succeed)', async () => {
    await inSchema(db, 'f_pk_only', `CREATE TABLE sessions (session_id text PRIMARY KEY, note text); INSERT INTO sessions VALUES ('a', 'x');`);
    const m = await generateMigration(db, [drop('sessions.session_id')]);
    expect(m.model.blockers).toEqual([expect.stringMatching(/^f_pk_only\.sessions\.session_id is NOT NULL and .* down\.sql could never succeed/)]);
  });

  it('down gives back the comments of indexes, constraints and triggers, and the column\'s statistics target and storage', async () => {
    await inSchema(db, 'f_extras', `CREATE TABLE t (id int PRIMARY KEY, session_id text CONSTRAINT t_session_check CHECK (session_id <> ''));
      CREATE INDEX t_session_idx ON t (session_id);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER t_session_touch BEFORE UPDATE OF session_id ON t FOR EACH ROW EXECUTE FUNCTION touch();
      COMMENT ON INDEX t_session_idx IS 'lookup'; COMMENT ON CONSTRAINT t_session_check ON t IS 'never empty'; COMMENT ON TRIGGER t_session_touch ON t IS 'audit';
      ALTER TABLE t ALTER COLUMN session_id SET STATISTICS 500, ALTER COLUMN session_id SET STORAGE EXTERNAL;
      INSERT INTO t VALUES (1, 'a');`);
    const extras = `SELECT obj_description('f_extras.t_session_idx'::regclass, 'pg_class') AS index,
        (SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 't_session_check' AND conrelid = 'f_extras.t'::regclass) AS constraint,
        (SELECT obj_description(oid, 'pg_trigger') FROM pg_trigger WHERE tgname = 't_session_touch' AND tgrelid = 'f_extras.t'::regclass) AS trigger,
        (SELECT attstattarget::int FROM pg_attribute WHERE attrelid = 'f_extras.t'::regclass AND attname = 'session_id') AS statistics,
        (SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'f_extras.t'::regclass AND attname = 'session_id') AS storage`;
    const before = await db.query(extras);
    expect(before).toEqual([{ index: 'lookup', constraint: 'never empty', trigger: 'audit', statistics: 500, storage: 'e' }]);
    const files = renderFiles(await generateMigration(db, [drop('t.session_id')]));
    expect(files['down.sql']).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS t_session_idx ON f_extras.t');
    await runScript(db, files['up.sql']);
    await runScript(db, files['down.sql']);
    await runScript(db, files['post-down-check.sql']);
    expect(await db.query(extras)).toEqual(before);
  });

  it('a trigger that passes the column to its function by name blocks a rename too (the next write would fail)', async () => {
    await inSchema(db, 'f_trigger_args', readFixture('sql-trigger-arguments', 'schema.sql'));
    const m = await generateMigration(db, planFor('sql-trigger-arguments'));
    expect(m.model.blockers).toEqual([expect.stringMatching(/^trigger notes_search on f_trigger_args\.notes passes session_id to its function by name .* once f_trigger_args\.notes\.session_id is renamed/)]);
  });

  it('a column that is also an SQL keyword: an unqualified mention refuses the body, a qualified one is rewritten', async () => {
    await inSchema(db, 'f_keyword', readFixture('sql-keyword-column', 'schema.sql'));
    const m = await generateMigration(db, planFor('sql-keyword-column'));
    expect(m.model.blockers).toEqual([expect.stringMatching(/^function f_keyword\.hits_today\(\) names f_keyword\.stats\.day unqualified, and day is also an SQL keyword/)]);
    const manual = await generateMigration(db, planFor('sql-keyword-column'), [], { manualFunctions: true });
    expect(manual.model.blockers).toEqual([]);
    expect(manual.model.functionRewrites.map((f) => f.name).sort()).toEqual(['f_keyword.busiest_day()', 'f_keyword.stats_default_day()']);
    expect(manual.model.functionRewrites.map((f) => f.rewritten).join('\n')).toMatch(/NEW\.day_of_month := coalesce\(NEW\.day_of_month, 1\)[\s\S]*SELECT s\.day_of_month FROM stats AS s/);
    // Up runs, and the rewritten bodies run afterwards; the refused one is left as it was, as the warning says.
    await runScript(db, renderFiles(manual)['up.sql']);
    await db.exec('INSERT INTO f_keyword.stats (id, hits) VALUES (3, 30)');
    expect(await db.query('SELECT f_keyword.busiest_day() AS d')).toEqual([{ d: 1 }]);
  });

  it('a reserved word (select) is never taken for the column it spells: dropping "select" refuses no function', async () => {
    await inSchema(db, 'f_reserved_body', readFixture('sql-keyword-column', 'schema.sql'));
    const m = await generateMigration(db, [drop('stats."select"')]);
    expect(m.model.blockers).toEqual([]);
    expect(m.model.warnings.join('\n')).not.toMatch(/hits_today|busiest_day|stats_default_day/);
  });

  it("a row-level security policy of another table that reads the column blocks its drop, named with its table (graphile/starter)", async () => {
    await inSchema(db, 'b_policy_other', readFixture('sql-policy-other-table', 'schema.sql'));
    const m = await generateMigration(db, [drop('organization_memberships.is_owner')]);
    expect(m.model.blockers).toEqual([expect.stringMatching(/^row-level security policy update_owner on b_policy_other\.organizations uses b_policy_other\.organization_memberships\.is_owner: drop or rewrite the policy first$/)]);
  });

  it('a plural of the column is another identifier: dropping a one-letter column `a` warns about no function for each AS (PostgREST fixtures)', async () => {
    await inSchema(db, 'b_one_letter', `CREATE TABLE t (id int PRIMARY KEY, a int);
      CREATE FUNCTION labels() RETURNS TABLE (x int, y text) LANGUAGE sql AS $$ SELECT 1 AS x, 'as' AS y $$;
      CREATE FUNCTION reads_a(r jsonb) RETURNS int LANGUAGE sql AS $$ SELECT (r->>'a')::int $$;`);
    const m = await generateMigration(db, [drop('t.a')], [], { manualFunctions: true });
    const mentioning = m.model.columns[0].functions.map((f) => f.name).filter((name) => name.startsWith('b_one_letter.'));
    expect(mentioning).toEqual(['b_one_letter.reads_a(jsonb)']);
  });

  it("a table no search_path finds is refused (the caller's path decides); the function's own SET search_path is followed", async () => {
    await inSchema(db, 'b_unresolved', `CREATE SCHEMA b_unresolved_app;
      CREATE TABLE b_unresolved_app.person (id int PRIMARY KEY, bot_account boolean);
      CREATE FUNCTION humans() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM person WHERE NOT bot_account); END $$;
      CREATE FUNCTION bots() RETURNS bigint LANGUAGE sql SET search_path = b_unresolved_app AS $$ SELECT count(*) FROM person WHERE bot_account $$;`);
    const rename: Decision = { action: 'rename', target: parseColumnName('b_unresolved_app.person.bot_account', '--plan'), to: 'is_bot', origin: '--plan' };
    const m = await generateMigration(db, [rename]);
    // The shared instance holds other cases' functions reading a person table (r_function_fixture.humans): ours only.
    expect(m.model.blockers.filter((b) => b.startsWith('function b_unresolved.'))).toEqual([expect.stringMatching(/^function b_unresolved\.humans\(\) names b_unresolved_app\.person\.bot_account with its table unqualified, and no relation of that name is on its search_path \(pg_catalog, b_unresolved\): renamer cannot tell/)]);
    expect(m.model.functionRewrites.map((f) => f.name)).toEqual(['b_unresolved.bots()']);
    expect(m.model.functionRewrites[0].rewritten).toContain('FROM person WHERE is_bot');
  });

  it('a trigger reading a dropped column is a blocker', async () => {
    await inSchema(db, 'f_trigger_drop', readFixture('sql-view-columns', 'schema.sql'));
    const m = await generateMigration(db, [drop('llm_usage.session_id')]);
    expect(m.model.blockers.join('\n')).toMatch(/function f_trigger_drop\.llm_usage_stamp\(\) reads f_trigger_drop\.llm_usage\.session_id, which the plan drops/);
  });

  it('backups: own schema without PUBLIC, verified under the lock, consumed by down, a taken name refused', async () => {
    await inSchema(db, 'f_backup', readFixture('sql-view-chain', 'schema.sql'));
    const m = await generateMigration(db, planFor('sql-view-chain'));
    const files = renderFiles(m);
    expect(files['up.sql'].indexOf('CREATE TRIGGER renamer_capture_session_id')).toBeLessThan(files['up.sql'].indexOf('CREATE TABLE renamer_backup.f_backup_traces_session_id'));
    expect(files['up.sql'].indexOf('CREATE TABLE renamer_backup.f_backup_traces_session_id')).toBeLessThan(files['up.sql'].indexOf('LOCK TABLE'));
    // A write committed between the backup and the drop: the trigger logged its key, the drop's transaction refreshes it.
    for (const step of m.statements.backupTransactions) await db.exec(['BEGIN;', ...step, 'COMMIT;'].join('\n'));
    await db.exec(`UPDATE f_backup.traces SET session_id = 'changed' WHERE id = 1`);
    await db.exec(['BEGIN;', ...m.statements.up, 'COMMIT;'].join('\n'));
    await db.exec(files['up.sql']);
    const acl = await db.query<{ public_usage: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) x WHERE n.nspname = 'renamer_backup' AND x.grantee = 0) AS public_usage`);
    expect(acl).toEqual([{ public_usage: false }]);
    expect(await db.query(`SELECT session_id FROM renamer_backup.f_backup_traces_session_id`)).toEqual([{ session_id: 'changed' }]);
    // As psql runs it, one statement at a time: the batched restore commits after each batch.
    await runScript(db, files['down.sql']);
    expect(await db.query(`SELECT session_id FROM f_backup.traces WHERE id = 1`)).toEqual([{ session_id: 'changed' }]);
    expect(await db.query(`SELECT to_regclass('renamer_backup.f_backup_traces_session_id') AS t`)).toEqual([{ t: null }]);
    // down dropped the backup schema it had created, once empty.
    expect(await db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'renamer_backup'`)).toEqual([]);
    await db.exec('CREATE SCHEMA renamer_backup; CREATE TABLE renamer_backup.f_backup_traces_session_id (x int)');
    expect((await generateMigration(db, planFor('sql-view-chain'))).model.blockers).toEqual([expect.stringMatching(/backup name renamer_backup\.f_backup_traces_session_id .* is taken/)]);
  });

  it('view columns and "Session ID" are candidates, with quoted suggestions', async () => {
    await inSchema(db, 'f_cand', `CREATE TABLE t (id int PRIMARY KEY, "Session ID" text, "sessionId" text);
      CREATE VIEW v AS SELECT id, "sessionId" FROM t;`);
    const m = await generateMigration(db, [drop('t.id')], [{ from: 'session_id', to: 'flow_id' }]);
    const ours = m.candidates.filter((c) => c.schema === 'f_cand').map((c) => `${c.kind} ${c.table}.${c.column} → ${c.suggestion}`);
    expect(ours).toEqual(['table t.Session ID → Flow ID', 'table t.sessionId → flowId', 'view v.sessionId → flowId']);
  });

  it('loads real pg_dump --schema-only output (\\restrict, empty search_path) and names the line of an error', async () => {
    const files = await readSchemaFiles(['fixtures/sql-pg-dump/schema.sql'], ROOT);
    await db.exec('CREATE SCHEMA f_dump');
    await loadSchemaFiles(db, files.map((f) => ({ ...f, text: f.text.replace(/\bpublic\./g, 'f_dump.') })));
    await db.exec('SET search_path TO f_dump');
    const m = await generateMigration(db, planFor('sql-pg-dump'));
    expect(m.model.columns.map((c) => c.facts.table.schema)).toEqual(['f_dump', 'f_dump']);
    await expect(loadSchemaFiles(db, [{ file: 'bad.sql', text: 'SELECT 1;\n\nCREATE TABLE b (id int REFERENCES nope (id));' }])).rejects.toThrow(/^--schema bad\.sql:3: relation "nope" does not exist/);
  });

  it('the Alembic file compiles when a name holds a backslash', async () => {
    await inSchema(db, 'f_alembic', `CREATE TABLE "a\\Nb" (id int PRIMARY KEY, "x\\y:z" text);`);
    const m = await generateMigration(db, [drop('"a\\Nb"."x\\y:z"')]);
    const { text } = renderAlembic(m.statements, `drop f_alembic."a\\Nb"."x\\y:z"`, undefined, m.settings);
    const python = process.env.PYTHON ?? 'python3';
    expect(() => execFileSync(python, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: text })).not.toThrow();
  });
});

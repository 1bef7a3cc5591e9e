import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchemaFiles, openPglite, readSchemaFiles, runScript, type SqlSession } from '../../src/sql/index.js';
import { onlineStatus, planOnline, progressText, renderOnlineAlembic, renderOnlineFiles, runPhase, timingsText, type OnlineMigration } from '../../src/sql/online/index.js';
import { parseColumnName, parseNewColumnName } from '../../src/sql/plan.js';
import { expectParses, planFor, snapshot } from './run-fixture.js';
import { ROOT } from './helpers.js';

const FIXTURE = 'sql-online';
const SCHEMAS = ['public'];
let db: SqlSession;

beforeAll(async () => {
  db = await openPglite();
  await loadSchemaFiles(db, await readSchemaFiles([`fixtures/${FIXTURE}/schema.sql`], ROOT));
});
afterAll(() => db?.close());

/** The schema part of a snapshot (everything but the rows). */
const schemaOf = (s: any) => ({ ...s, data: undefined });
/** A table's rows by key, with session_id spelled flow_id when `rename`: the data must survive the rename unchanged. */
const rowsOf = (s: any, table: string, rename = false) =>
  (s.data[table].rows as Record<string, unknown>[])
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [rename && k === 'session_id' ? 'flow_id' : k, v]).sort(([a], [b]) => String(a).localeCompare(String(b)))))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
/** What the application reads through each view of the fixture: the same rows before, during and after every phase. */
const VIEWS = ['traces_v', 'traces_v_top', 'trace_events'];
const throughViews = async () => Object.fromEntries(await Promise.all(VIEWS.map(async (v) => [v, await db.query(`SELECT * FROM ${v} ORDER BY 1, 2`)])));
const states = async (m: OnlineMigration) => (await onlineStatus(db, m)).map((s) => `${s.table}.${s.from}: ${s.state} (${s.differing ?? '-'} differ, ${s.pending} pending)`);

describe('renamer sql --online on PGlite: every phase and its down, as files', () => {
  it('runs expand, backfill, contract (each twice), then every down back to the start: identical schema and data', async () => {
    const m = await planOnline(db, planFor(FIXTURE));
    expect(m.blockers).toEqual([]);
    expect(m.warnings).toEqual([]);
    const files = renderOnlineFiles(m);
    await expectParses(files);
    const start = await snapshot(db, SCHEMAS);
    expect(await states(m)).toEqual(['traces.session_id: not started (- differ, 0 pending)', 'events.session_id: not started (- differ, 0 pending)']);
    const viewRows = await throughViews();
    expect(viewRows.traces_v).toHaveLength(300);
    expect(viewRows.trace_events.length).toBeGreaterThan(0);
    const run = async (name: string) => {
      await runScript(db, files[name], name);
      expect(await throughViews(), name).toEqual(viewRows);
    };

    await run('1-expand.sql');
    const expanded = await snapshot(db, SCHEMAS);
    await run('1-expand.sql');
    expect(await snapshot(db, SCHEMAS)).toEqual(expanded);
    expect(await states(m)).toEqual(['traces.session_id: expanded (300 differ, 2 pending)', 'events.session_id: expanded (90 differ, 1 pending)']);

    await run('2-backfill.sql');
    const backfilled = await snapshot(db, SCHEMAS);
    await run('2-backfill.sql');
    expect(await snapshot(db, SCHEMAS)).toEqual(backfilled);
    expect(await states(m)).toEqual(['traces.session_id: backfilled (0 differ, 0 pending)', 'events.session_id: backfilled (0 differ, 0 pending)']);

    await run('3-contract.sql');
    const contracted = await snapshot(db, SCHEMAS);
    await run('3-contract.sql');
    expect(await snapshot(db, SCHEMAS)).toEqual(contracted);
    expect(await states(m)).toEqual(['traces.session_id: contracted (- differ, 0 pending)', 'events.session_id: contracted (- differ, 0 pending)']);
    // The renamed column is what renamer sql's plain rename would give: same type, default, NOT NULL, comment, names.
    const traces = (contracted as any).columns.filter((c: any) => c.relname === 'traces').map((c: any) => c.attname);
    expect(traces).toEqual(['created_at', 'flow_id', 'id', 'payload']);
    expect((contracted as any).indexes.map((i: any) => i.indexname)).toEqual(['events_pkey', 'recent_by_client', 'sessions_pkey', 'traces_flow_id_idx', 'traces_pkey']);
    expect((contracted as any).constraints.map((c: any) => c.conname)).toContain('traces_flow_id_check');
    for (const t of ['public.traces', 'public.events']) expect(rowsOf(contracted, t)).toEqual(rowsOf(start, t, true));
    // The views read the new columns under their old output names, with their comments and grants; the view built on
    // a view was left as it was.
    const views = (s: any) => Object.fromEntries(s.views.map((v: any) => [v.relname, v]));
    expect(views(contracted).traces_v.def).toMatch(/flow_id AS session_id,[\s\S]*WHERE \(flow_id <> ''::text\)/);
    expect(views(contracted).trace_events.def).toMatch(/e\.flow_id AS event_session[\s\S]*e\.flow_id = t\.flow_id/);
    expect(views(contracted).traces_v_top).toEqual(views(start).traces_v_top);
    for (const v of VIEWS) expect({ ...views(contracted)[v], def: undefined }).toEqual({ ...views(start)[v], def: undefined });

    await run('3-contract.down.sql');
    expect(await snapshot(db, SCHEMAS)).toEqual(backfilled);
    await run('3-contract.down.sql');
    expect(await snapshot(db, SCHEMAS)).toEqual(backfilled);
    expect(await states(m)).toEqual(['traces.session_id: backfilled (0 differ, 0 pending)', 'events.session_id: backfilled (0 differ, 0 pending)']);

    await run('2-backfill.down.sql');
    expect(schemaOf(await snapshot(db, SCHEMAS))).toEqual(schemaOf(expanded));
    await run('2-backfill.down.sql');
    expect(schemaOf(await snapshot(db, SCHEMAS))).toEqual(schemaOf(expanded));

    await run('1-expand.down.sql');
    expect(await snapshot(db, SCHEMAS)).toEqual(start);
    await run('1-expand.down.sql');
    expect(await snapshot(db, SCHEMAS)).toEqual(start);
    expect(await db.query(`SELECT nspname FROM pg_namespace WHERE nspname = 'renamer_backup'`)).toEqual([]);
    // Back at the start nothing is pending: the new column's indexes and checks are not missing, they are not due.
    expect(await states(m)).toEqual(['traces.session_id: not started (- differ, 0 pending)', 'events.session_id: not started (- differ, 0 pending)']);
  });

  it('keeps both names in sync for every kind of write, through the runner (as --apply runs it)', async () => {
    const m = await planOnline(db, planFor(FIXTURE));
    const start = await snapshot(db, SCHEMAS);
    const one = async (sql: string) => (await db.query<Record<string, string | null>>(sql))[0];
    const pair = (id: string | null) => one(`SELECT session_id AS old, flow_id AS new, payload FROM traces WHERE id = ${Number(id)}`);
    await runPhase(db, m, 'expand', 'up');
    // Old code inserts through session_id (or leaves it to its default); new code through flow_id.
    const byOld = (await one(`INSERT INTO traces (session_id) VALUES ('o1') RETURNING id::text`)).id;
    const byDefault = (await one(`INSERT INTO traces (payload) VALUES ('x') RETURNING id::text`)).id;
    const byNew = (await one(`INSERT INTO traces (flow_id) VALUES ('n1') RETURNING id::text`)).id;
    expect(await pair(byOld)).toEqual({ old: 'o1', new: 'o1', payload: 'from o1' });
    expect(await pair(byDefault)).toEqual({ old: 'anonymous', new: 'anonymous', payload: 'x' });
    // The application's own trigger reads NEW.session_id: the sync trigger (named renamer_sync_...) fires first.
    expect(await pair(byNew)).toEqual({ old: 'n1', new: 'n1', payload: 'from n1' });
    expect(await one(`SELECT session_id FROM traces_v WHERE id = ${Number(byNew)}`)).toEqual({ session_id: 'n1' });
    await db.exec(`UPDATE traces SET session_id = 'o2' WHERE id = ${Number(byNew)}`);
    expect(await pair(byNew)).toMatchObject({ old: 'o2', new: 'o2' });
    await db.exec(`UPDATE traces SET flow_id = 'n2' WHERE id = ${Number(byOld)}`);
    expect(await pair(byOld)).toMatchObject({ old: 'n2', new: 'n2' });
    await db.exec(`UPDATE traces SET session_id = 'both-old', flow_id = 'both-new' WHERE id = ${Number(byOld)}`);
    expect(await pair(byOld)).toMatchObject({ old: 'both-new', new: 'both-new' });
    // A row not yet backfilled, touched by an UPDATE of another column, gets its new column (and meets its checks).
    await db.exec(`UPDATE traces SET payload = 'touched' WHERE id = 1`);
    expect(await pair('1')).toMatchObject({ old: 'sess_1', new: 'sess_1', payload: 'touched' });
    await expect(db.exec(`INSERT INTO traces (flow_id) VALUES ('')`)).rejects.toThrow(/traces_flow_id_check|traces_session_id_check/);
    await expect(db.exec(`INSERT INTO events (trace_id, seq, flow_id) VALUES (9999, 0, 'nope')`)).rejects.toThrow(/events_flow_id_fkey|events_session_id_fkey/);

    await runPhase(db, m, 'backfill', 'up', { backfill: { batchSize: 7, pauseMs: 0 } });
    expect((await onlineStatus(db, m)).map((s) => [s.state, s.differing])).toEqual([['backfilled', 0], ['backfilled', 0]]);
    await runPhase(db, m, 'contract', 'up');
    // The application's trigger function now reads NEW.flow_id; the default moved to flow_id.
    const after = (await one(`INSERT INTO traces (flow_id) VALUES ('n3') RETURNING id::text`)).id;
    expect(await one(`SELECT flow_id, payload FROM traces WHERE id = ${Number(after)}`)).toEqual({ flow_id: 'n3', payload: 'from n3' });
    // Views read the new column under the old output name; during expand they read the old one, kept in sync.
    expect(await one(`SELECT session_id FROM traces_v WHERE id = ${Number(after)}`)).toEqual({ session_id: 'n3' });
    expect(await one(`INSERT INTO traces (payload) VALUES ('y') RETURNING flow_id`)).toEqual({ flow_id: 'anonymous' });
    await expect(db.exec(`INSERT INTO traces (flow_id) VALUES (NULL)`)).rejects.toThrow(/null value in column "flow_id"/);
    // And every way back: the rows written since are kept in the old column.
    await runPhase(db, m, 'contract', 'down', { backfill: { batchSize: 5, pauseMs: 0 } });
    expect(await one(`SELECT session_id, flow_id FROM traces WHERE id = ${Number(after)}`)).toEqual({ session_id: 'n3', flow_id: 'n3' });
    await runPhase(db, m, 'backfill', 'down');
    await runPhase(db, m, 'expand', 'down');
    await db.exec(`DELETE FROM traces WHERE id > 300`);
    await db.exec(`UPDATE traces SET payload = 'p1' WHERE id = 1`);
    expect(schemaOf(await snapshot(db, SCHEMAS))).toEqual(schemaOf(start));
    expect(rowsOf(await snapshot(db, SCHEMAS), 'public.traces')).toEqual(rowsOf(start, 'public.traces'));
  });

  it('contract\'s down keeps the new column\'s values while the old one is empty: two renames on one table, and a write to another column', async () => {
    await db.exec(`CREATE TABLE account (id int PRIMARY KEY, email text, note text, other text);
      INSERT INTO account SELECT g, 'u' || g || '@x.org', 'n' || g, 'x' FROM generate_series(1, 10) g`);
    const rename = (column: string, to: string) => ({ action: 'rename' as const, target: parseColumnName(`account.${column}`, '--rename-column'), to: parseNewColumnName(to, '--rename-column'), origin: '--rename-column' as const });
    const m = await planOnline(db, [rename('email', 'mail'), rename('note', 'remark')]);
    expect(m.blockers).toEqual([]);
    const before = await db.query(`SELECT id, email, note FROM account ORDER BY id`);
    await runPhase(db, m, 'expand', 'up');
    await runPhase(db, m, 'backfill', 'up');
    await runPhase(db, m, 'contract', 'up');
    // The reverse copy of mail back into email UPDATEs every row; note's sync trigger must not copy its empty
    // old column over remark (it did: every note was lost, and contract's down exited 0).
    await runPhase(db, m, 'contract', 'down', { backfill: { batchSize: 3, pauseMs: 0 } });
    expect(await db.query(`SELECT count(*)::int AS n FROM account WHERE email IS NULL OR note IS NULL OR mail IS NULL OR remark IS NULL`)).toEqual([{ n: 0 }]);
    await runPhase(db, m, 'backfill', 'down');
    await runPhase(db, m, 'expand', 'down');
    expect(await db.query(`SELECT id, email, note FROM account ORDER BY id`)).toEqual(before);
    await db.exec(`DROP TABLE account; DROP TABLE IF EXISTS renamer_backup.online_renames`);
  });

  it("copies a table's renamed NOT NULL columns in the same batch, and gives an index or CHECK on both one twin, by the files and by the runner (documenso's \"Recipient\".email and role): copied one at a time, the other's NOT VALID check refused the first batch; twinned per column, contract dropped every twin", async () => {
    await db.exec(`CREATE SCHEMA two_not_null; SET search_path TO two_not_null, public; ${readFileSync(path.join(ROOT, 'fixtures/sql-online-two-not-null/schema.sql'), 'utf8')}`);
    try {
      const m = await planOnline(db, planFor('sql-online-two-not-null'));
      expect(m.blockers).toEqual([]);
      const rows = (email: string, role: string) => db.query(`SELECT id, ${email} AS email, ${role} AS role FROM recipient ORDER BY id`);
      const before = await rows('email', 'role');
      const files = renderOnlineFiles(m);
      for (const f of ['1-expand.sql', '2-backfill.sql', '3-contract.sql']) await runScript(db, files[f], f);
      expect(await rows('address', 'kind')).toEqual(before);
      // One twin on both new columns for what read both old ones, under the name both renames give it.
      expect(await db.query(`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'two_not_null' ORDER BY indexname`)).toEqual([
        { def: 'CREATE INDEX recipient_address_kind_idx ON two_not_null.recipient USING btree (address, kind)' },
        { def: 'CREATE UNIQUE INDEX recipient_kind_address_key ON two_not_null.recipient USING btree (lower(kind), address) WHERE (name IS NULL)' },
        { def: 'CREATE UNIQUE INDEX recipient_pkey ON two_not_null.recipient USING btree (id)' },
      ]);
      expect(await db.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'two_not_null.recipient'::regclass AND contype = 'c'`)).toEqual([
        { conname: 'recipient_address_kind_check', def: 'CHECK ((address <> kind))' },
      ]);
      for (const f of ['3-contract.down.sql', '2-backfill.down.sql', '1-expand.down.sql']) await runScript(db, files[f], f);
      expect(await rows('email', 'role')).toEqual(before);
      for (const phase of ['expand', 'backfill', 'contract'] as const) await runPhase(db, m, phase, 'up', { backfill: { batchSize: 2, pauseMs: 0 } });
      expect(await rows('address', 'kind')).toEqual(before);
      for (const phase of ['contract', 'backfill', 'expand'] as const) await runPhase(db, m, phase, 'down', { backfill: { batchSize: 2, pauseMs: 0 } });
      expect(await rows('email', 'role')).toEqual(before);
    } finally {
      await db.exec('SET search_path TO public; DROP SCHEMA two_not_null CASCADE');
    }
  });

  it("copies without firing the table's own row triggers (sakila's last_update), by the runner and by the files; a role that may not set replica mode copies with them firing, and says so", async () => {
    await db.exec(`CREATE TABLE film (id int PRIMARY KEY, title text, last_update timestamptz NOT NULL DEFAULT '2000-01-01');
      INSERT INTO film SELECT g, 't' || g, '2000-01-01' FROM generate_series(1, 20) g;
      CREATE FUNCTION stamp_film() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.last_update := '2026-01-01'; RETURN NEW; END $$;
      CREATE TRIGGER stamp_film BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION stamp_film();`);
    const target = parseColumnName('film.title', '--rename-column');
    const m = await planOnline(db, [{ action: 'rename', target, to: parseNewColumnName('name', '--rename-column'), origin: '--rename-column' }]);
    expect(m.blockers).toEqual([]);
    const stamped = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM film WHERE last_update <> '2000-01-01'`))[0].n;
    const role = async () => (await db.query<{ role: string }>(`SELECT current_setting('session_replication_role') AS role`))[0].role;
    const before = await db.query(`SELECT id, title FROM film ORDER BY id`);

    await runPhase(db, m, 'expand', 'up');
    const timings = await runPhase(db, m, 'backfill', 'up', { backfill: { batchSize: 7, pauseMs: 0 } });
    expect(timings.find((t) => t.rows !== undefined)).toMatchObject({ rows: 20 });
    expect(timingsText('backfill', 'up', timings, 'db')).not.toMatch(/triggers fired/);
    await runPhase(db, m, 'contract', 'up');
    await runPhase(db, m, 'contract', 'down', { backfill: { batchSize: 7, pauseMs: 0 } });
    expect(await stamped()).toBe(0);
    expect(await role()).toBe('origin');
    await runPhase(db, m, 'backfill', 'down');
    await runPhase(db, m, 'expand', 'down');

    const files = renderOnlineFiles(m);
    for (const name of ['2-backfill.sql', '3-contract.down.sql']) expect(files[name]).toMatch(/^-- Each batch of the copy runs with session_replication_role = replica when the role may set it/m);
    for (const name of ['1-expand.sql', '2-backfill.sql', '3-contract.sql', '3-contract.down.sql', '2-backfill.down.sql', '1-expand.down.sql']) await runScript(db, files[name], name);
    expect(await stamped()).toBe(0);
    expect(await role()).toBe('origin');
    expect(await db.query(`SELECT id, title FROM film ORDER BY id`)).toEqual(before);

    // The table's owner, not a superuser: the copy is still made, with the triggers firing, and the command says so.
    await runPhase(db, m, 'expand', 'up');
    await db.exec(`CREATE ROLE renamer_backfill_owner; ALTER TABLE film OWNER TO renamer_backfill_owner; SET ROLE renamer_backfill_owner`);
    try {
      const unprivileged = await runPhase(db, m, 'backfill', 'up', { backfill: { batchSize: 7, pauseMs: 0 } });
      expect(timingsText('backfill', 'up', unprivileged, 'db')).toMatch(/20 rows copied\); the table's row triggers fired for them \(this role may not set session_replication_role\)/);
      expect(await stamped()).toBe(20);
      await db.exec(`UPDATE film SET name = NULL, title = NULL WHERE id <= 5; UPDATE film SET title = 't' || id WHERE id <= 5`);
      await db.exec(`RESET ROLE; SET session_replication_role = replica; UPDATE film SET name = NULL WHERE id <= 5; RESET session_replication_role; SET ROLE renamer_backfill_owner`);
      await runScript(db, files['2-backfill.sql'], '2-backfill.sql');
      expect(await db.query(`SELECT count(*)::int AS n FROM film WHERE name IS DISTINCT FROM title`)).toEqual([{ n: 0 }]);
    } finally {
      await db.exec('RESET ROLE');
    }
    await runPhase(db, m, 'backfill', 'down');
    await runPhase(db, m, 'expand', 'down');
    await db.exec(`DROP TABLE film; DROP FUNCTION stamp_film(); DROP ROLE renamer_backfill_owner`);
  });

  it('names a mixed-case column as SQL spells it in backfill progress (trigger.dev\'s "TaskRun"."friendlyId")', async () => {
    await db.exec(`CREATE TABLE "Runs" (id int PRIMARY KEY, "friendlyId" text NOT NULL); INSERT INTO "Runs" SELECT g, 'run_' || g FROM generate_series(1, 12) g`);
    const target = parseColumnName('"Runs"."friendlyId"', '--rename-column');
    const m = await planOnline(db, [{ action: 'rename', target, to: parseNewColumnName('"publicId"', '--rename-column'), origin: '--rename-column' }]);
    expect(m.blockers).toEqual([]);
    const events: string[] = [];
    await runPhase(db, m, 'expand', 'up');
    await runPhase(db, m, 'backfill', 'up', { backfill: { batchSize: 5, pauseMs: 0 }, onProgress: (event) => void (event.kind === 'batch' && events.push(progressText(event))) });
    expect(events.at(-1)).toMatch(/^backfill public\."Runs"\."publicId": 12 rows copied in \d+ batches, done\n$/);
    await runPhase(db, m, 'backfill', 'down');
    await runPhase(db, m, 'expand', 'down');
    await db.exec(`DROP TABLE "Runs"`);
  });

  it('names the views it cannot switch to the new column, and refuses them', async () => {
    await db.exec(`CREATE VIEW by_using AS SELECT t.id FROM traces t JOIN events e USING (session_id);
      CREATE MATERIALIZED VIEW traces_m AS SELECT id, session_id FROM traces WITH NO DATA;`);
    try {
      const m = await planOnline(db, planFor(FIXTURE));
      expect(m.blockers).toEqual([
        'public.traces.session_id: materialized view public.traces_m reads it (recreating it at contract would recompute it under the table\'s lock); --online cannot rename it yet (use renamer sql without --online)',
        'public.traces.session_id: view public.by_using cannot be switched to flow_id: it joins traces USING or NATURAL on session_id; --online cannot rename it yet (use renamer sql without --online, or rewrite the view first)',
      ]);
    } finally {
      await db.exec(`DROP VIEW by_using; DROP MATERIALIZED VIEW traces_m;`);
    }
  });

  it('refuses a column that a trigger passes to its function by name, or that a table\'s rule uses', async () => {
    await db.exec(`CREATE TRIGGER traces_search BEFORE INSERT ON traces FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
      CREATE TABLE trace_marks (id bigint PRIMARY KEY, ref text);
      CREATE RULE trace_marks_touch AS ON INSERT TO trace_marks DO ALSO UPDATE traces SET session_id = session_id WHERE traces.session_id = NEW.ref;
      CREATE FUNCTION traces_arg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER traces_arg BEFORE UPDATE ON traces FOR EACH ROW EXECUTE FUNCTION traces_arg('session_id');`);
    try {
      const m = await planOnline(db, planFor(FIXTURE));
      expect(m.blockers).toEqual([
        'public.traces.session_id: trigger traces_arg passes it to its function by name; --online cannot rename it yet (use renamer sql without --online)',
        'public.traces.session_id: rule trace_marks_touch on public.trace_marks uses it; --online cannot rename it yet (use renamer sql without --online)',
      ]);
    } finally {
      await db.exec(`DROP TRIGGER traces_search ON traces; DROP TRIGGER traces_arg ON traces; DROP FUNCTION traces_arg(); DROP TABLE trace_marks;`);
    }
  });

  it("fires its sync trigger before the table's own BEFORE triggers (name order), and refuses one that would still come first or writes the old column after it", async () => {
    await db.exec(`CREATE SCHEMA trigger_order; SET search_path TO trigger_order, public; ${readFileSync(path.join(ROOT, 'fixtures/sql-online-trigger-order/schema.sql'), 'utf8')}`);
    try {
      const m = await planOnline(db, planFor('sql-online-trigger-order'));
      expect(m.blockers).toEqual([]);
      await runPhase(db, m, 'expand', 'up');
      // The new code writes only the new name; order_total reads the old one, already in sync.
      await db.exec(`UPDATE orders SET freight_amount = 50 WHERE id = 1; INSERT INTO orders (id, subtotal, freight_amount) VALUES (3, 30, 7)`);
      expect(await db.query(`SELECT id, totaldue::int AS total FROM orders ORDER BY id`)).toEqual([{ id: 1, total: 60 }, { id: 2, total: 22 }, { id: 3, total: 37 }]);
      await runPhase(db, m, 'expand', 'down');
      await db.exec(`CREATE TRIGGER " first" BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION order_total();
        CREATE FUNCTION freight_default() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.freight < 0 THEN NEW.freight := 0; END IF; RETURN NEW; END $$;
        CREATE TRIGGER freight_default BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION freight_default();`);
      const refused = await planOnline(db, planFor('sql-online-trigger-order'));
      expect(refused.blockers).toEqual([
        'trigger_order.orders.freight: BEFORE trigger " first" sorts before renamer\'s sync trigger "!renamer_sync_orders_freight" and would fire first, seeing the old column before the new code\'s write reaches it (rename the trigger); --online cannot rename it yet (use renamer sql without --online)',
        'trigger_order.orders.freight: BEFORE trigger freight_default (trigger_order.freight_default()) assigns NEW.freight after renamer\'s sync trigger has copied it: the new column would keep the value from before; --online cannot rename it yet (use renamer sql without --online)',
      ]);
    } finally {
      await db.exec('SET search_path TO public; DROP SCHEMA trigger_order CASCADE');
    }
  });

  it("refuses a column that another table's row-level security policy reads (graphile/starter's organizations.update_owner): contract would fail after expand and backfill ran", async () => {
    await db.exec(`CREATE SCHEMA starter; SET search_path TO starter, public; ${readFileSync(path.join(ROOT, 'fixtures/sql-policy-other-table/schema.sql'), 'utf8')}`);
    try {
      const m = await planOnline(db, planFor('sql-policy-other-table'));
      expect(m.blockers).toEqual([
        'starter.organization_memberships.is_owner: row-level security policy update_owner on starter.organizations uses it; --online cannot rename it yet (use renamer sql without --online)',
      ]);
    } finally {
      await db.exec('SET search_path TO public; DROP SCHEMA starter CASCADE');
    }
  });

  it('refuses a drop by name and points to the plain migration, which is already online for a column no code reads', async () => {
    const m = await planOnline(db, [{ action: 'drop', target: parseColumnName('traces.payload', '--drop'), origin: '--drop' }]);
    expect(m.blockers).toEqual([
      '--drop: "traces.payload" is a drop; --online runs renames only. A drop needs no expand/contract: ship the code that no longer reads the column (renamer apply), then drop it with renamer sql without --online (the column is backed up first; the exclusive lock lasts milliseconds)',
    ]);
  });

  it('writes one chained Alembic revision per phase, valid Python', async () => {
    const m = await planOnline(db, planFor(FIXTURE));
    const files = renderOnlineAlembic(m, undefined, 'abc123');
    const texts = Object.values(files);
    expect(Object.keys(files).map((f) => f.replace(/^[0-9a-f]{12}_/, ''))).toEqual(['renamer_online_1_expand.py', 'renamer_online_2_backfill.py', 'renamer_online_3_contract.py']);
    const revisions = texts.map((t) => /^revision = "(.+)"$/m.exec(t)![1]);
    expect(texts.map((t) => /^down_revision = (.+)$/m.exec(t)![1])).toEqual(['"abc123"', `"${revisions[0]}"`, `"${revisions[1]}"`]);
    expect(texts[0]).toMatch(/autocommit_block\(\):\n.*\n        op\.execute\("CREATE INDEX CONCURRENTLY/);
    const python = process.env.PYTHON ?? 'python3';
    for (const text of texts) expect(() => execFileSync(python, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: text })).not.toThrow();
  });
});

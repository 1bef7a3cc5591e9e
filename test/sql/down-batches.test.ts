import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMigration, parseColumnName, openPglite, renderFiles, runScript, type SqlSession } from '../../src/sql/index.js';
import { restoreValuesStatement } from '../../src/sql/restore-values.js';

const asTransaction = (statements: readonly string[]) => ['BEGIN;', ...statements, 'COMMIT;'].join('\n');

describe('down.sql holds no long lock: catalog first, values in batches, constraints after', () => {
  let db: SqlSession;
  beforeAll(async () => void (db = await openPglite()));
  afterAll(() => db?.close());

  it('restores in committed batches, keeps a value written meanwhile, then validates CHECK and NOT NULL', async () => {
    await db.exec(`CREATE TABLE t (id bigint PRIMARY KEY, session_id text NOT NULL CONSTRAINT session_format CHECK (session_id LIKE 'disc_%'), note text);
      INSERT INTO t SELECT g, 'disc_session_' || g, 'n' FROM generate_series(1, 2000) g;`);
    const m = await generateMigration(db, [{ action: 'drop', target: parseColumnName('t.session_id', '--drop'), origin: '--drop' }]);
    expect(m.model.blockers).toEqual([]);
    await runScript(db, renderFiles(m)['up.sql']);

    await runScript(db, asTransaction(m.statements.down));
    const column = async () => (await db.query<{ attnotnull: boolean }>(`SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'session_id'`))[0];
    expect(await column()).toEqual({ attnotnull: false });
    expect(await db.query(`SELECT count(session_id)::int AS n FROM t`)).toEqual([{ n: 0 }]);
    // The application writes between down's first transaction and the restore: its value is newer than the backup.
    await db.exec(`UPDATE t SET session_id = 'disc_written_meanwhile' WHERE id = 7`);

    // One row per UPDATE statement and the transaction it ran in: about 100 rows a batch gives many batches, each
    // committed. The restore runs in replica mode, so only an ENABLE ALWAYS trigger sees it; the application's own
    // row trigger (an ordinary one) must not fire for values put back.
    await db.exec(`CREATE TABLE batch_log (xid xid8); CREATE TABLE app_log (id bigint);
      CREATE FUNCTION log_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO batch_log VALUES (pg_current_xact_id()); RETURN NULL; END $$;
      CREATE TRIGGER log_batch AFTER UPDATE ON t FOR EACH STATEMENT EXECUTE FUNCTION log_batch();
      ALTER TABLE t ENABLE ALWAYS TRIGGER log_batch;
      CREATE FUNCTION log_app() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO app_log VALUES (NEW.id); RETURN NULL; END $$;
      CREATE TRIGGER log_app AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION log_app();`);
    await runScript(db, restoreValuesStatement(m.model.columns[0], 100)!);
    const [log] = await db.query<{ batches: number; transactions: number }>(`SELECT count(*)::int AS batches, count(DISTINCT xid)::int AS transactions FROM batch_log`);
    expect(log.batches).toBeGreaterThan(5);
    expect(log.transactions).toBe(log.batches);
    expect(await db.query(`SELECT count(*)::int AS n FROM app_log`)).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT current_setting('session_replication_role') AS role`)).toEqual([{ role: 'origin' }]);
    await db.exec(`DROP TRIGGER log_batch ON t; DROP FUNCTION log_batch(); DROP TABLE batch_log;
      DROP TRIGGER log_app ON t; DROP FUNCTION log_app(); DROP TABLE app_log;`);
    expect(await db.query(`SELECT count(*)::int AS n FROM t WHERE session_id = 'disc_session_' || id`)).toEqual([{ n: 1999 }]);
    expect(await db.query(`SELECT session_id FROM t WHERE id = 7`)).toEqual([{ session_id: 'disc_written_meanwhile' }]);
    expect(await db.query(`SELECT to_regclass('renamer_backup.public_t_session_id') AS t`)).toEqual([{ t: null }]);

    for (const step of m.statements.downFinish) await runScript(db, asTransaction(step));
    expect(await column()).toEqual({ attnotnull: true });
    const constraints = await db.query(`SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'c' ORDER BY 1`);
    expect(constraints).toEqual([{ conname: 'session_format', convalidated: true }]);
  });

  it('a role that may not set session_replication_role still restores every value, with the triggers firing (as the header says)', async () => {
    await db.exec(`CREATE TABLE w (id bigint PRIMARY KEY, session_id text); INSERT INTO w SELECT g, 'disc_session_' || g FROM generate_series(1, 3) g;`);
    const m = await generateMigration(db, [{ action: 'drop', target: parseColumnName('w.session_id', '--drop'), origin: '--drop' }]);
    const files = renderFiles(m);
    expect(files['down.sql']).toMatch(/^-- .*session_replication_role = replica when the role may set it/m);
    await runScript(db, files['up.sql']);
    await db.exec(asTransaction(m.statements.down));
    await db.exec(`CREATE TABLE w_log (id bigint);
      CREATE FUNCTION log_w() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO w_log VALUES (NEW.id); RETURN NULL; END $$;
      CREATE TRIGGER log_w AFTER UPDATE ON w FOR EACH ROW EXECUTE FUNCTION log_w();
      CREATE ROLE renamer_restore_owner; GRANT ALL ON w, w_log TO renamer_restore_owner;
      GRANT USAGE ON SCHEMA renamer_backup TO renamer_restore_owner; ALTER TABLE renamer_backup.public_w_session_id OWNER TO renamer_restore_owner;
      SET ROLE renamer_restore_owner;`);
    try {
      await runScript(db, restoreValuesStatement(m.model.columns[0])!);
    } finally {
      await db.exec('RESET ROLE');
    }
    expect(await db.query(`SELECT count(*)::int AS n FROM w WHERE session_id = 'disc_session_' || id`)).toEqual([{ n: 3 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM w_log`)).toEqual([{ n: 3 }]);
  });

  it('the batched restore cannot run inside a transaction block, so down.sql must be run one statement at a time', async () => {
    await db.exec(`CREATE TABLE u (id bigint PRIMARY KEY, session_id text); INSERT INTO u VALUES (1, 'disc_session_1');`);
    const m = await generateMigration(db, [{ action: 'drop', target: parseColumnName('u.session_id', '--drop'), origin: '--drop' }]);
    await runScript(db, renderFiles(m)['up.sql']);
    await db.exec(asTransaction(m.statements.down));
    await expect(db.exec(asTransaction(m.statements.downRestore))).rejects.toThrow(/invalid transaction termination/);
    await db.exec('ROLLBACK');
    await runScript(db, renderFiles(m)['down.sql']);
    expect(await db.query(`SELECT session_id FROM u`)).toEqual([{ session_id: 'disc_session_1' }]);
  });
});

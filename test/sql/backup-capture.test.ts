import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMigration, openServer, parseColumnName, openPglite, renderFiles, runScript, type SqlSession } from '../../src/sql/index.js';
import type { GeneratedMigration } from '../../src/sql/migration.js';
import { createServerDatabase, SERVER_URL } from './helpers.js';

const drop = (text: string) => [{ action: 'drop' as const, target: parseColumnName(text, '--drop'), origin: '--drop' }];
const transaction = (m: GeneratedMigration, statements: readonly string[]) => ['BEGIN;', ...m.settings, ...statements, 'COMMIT;'].join('\n');
const TABLE = `CREATE TABLE t (id bigint PRIMARY KEY, session_id jsonb, note text);
  INSERT INTO t SELECT g, jsonb_build_object('s', g), 'n' FROM generate_series(1, 6) g;`;
// Writes of every kind after the copy: UPDATE of the column (to a value and to NULL), INSERT, DELETE, a key change,
// and an UPDATE of another column.
const WRITES = [
  `UPDATE t SET session_id = '{"s": "changed"}' WHERE id = 1`,
  'UPDATE t SET session_id = NULL WHERE id = 2',
  `INSERT INTO t VALUES (7, '{"s": "new"}', 'n')`,
  'DELETE FROM t WHERE id = 3',
  'UPDATE t SET id = 40 WHERE id = 4',
  `UPDATE t SET note = 'm' WHERE id = 5`,
];
const values = (db: SqlSession) => db.query(`SELECT id::int AS id, session_id::text AS v FROM t ORDER BY id`);
const backup = (db: SqlSession) => db.query(`SELECT id::int AS id, session_id::text AS v FROM renamer_backup.public_t_session_id WHERE session_id IS NOT NULL ORDER BY id`);
const leftovers = (db: SqlSession) => db.query(`SELECT tgname FROM pg_trigger WHERE tgname LIKE 'renamer_capture%'
  UNION ALL SELECT relname FROM pg_class WHERE relname LIKE '%\\_\\_changes' UNION ALL SELECT proname FROM pg_proc WHERE proname LIKE '%\\_\\_capture'`);

describe('the backup follows writes made between its copy and the drop (PGlite: the writes run between the transactions)', () => {
  let db: SqlSession;
  beforeAll(async () => void (db = await openPglite()));
  afterAll(() => db?.close());

  it('UPDATE, INSERT, DELETE and a key change after the copy: the backup holds the values at the drop, down restores them', async () => {
    await db.exec(TABLE);
    const m = await generateMigration(db, drop('t.session_id'));
    const files = renderFiles(m);
    expect(m.statements.backupTransactions).toHaveLength(2);
    for (const step of m.statements.backupTransactions) await db.exec(transaction(m, step));
    for (const w of WRITES) await db.exec(w);
    const atDrop = (await values(db)).filter((r) => r.v !== null);
    await db.exec(transaction(m, m.statements.up));
    expect(await backup(db)).toEqual(atDrop);
    await runScript(db, files['post-check.sql']);
    expect(await leftovers(db)).toEqual([]);
    await runScript(db, files['up.sql']);
    expect(await leftovers(db)).toEqual([]);
    await runScript(db, files['down.sql']);
    await runScript(db, files['post-down-check.sql']);
    expect((await values(db)).filter((r) => r.v !== null)).toEqual(atDrop);
    await db.exec('DROP TABLE t');
  });

  it('a TRUNCATE after the copy: the backup is taken again under the lock', async () => {
    await db.exec(TABLE);
    const m = await generateMigration(db, drop('t.session_id'));
    for (const step of m.statements.backupTransactions) await db.exec(transaction(m, step));
    await db.exec(`TRUNCATE t; INSERT INTO t VALUES (9, '{"s": 9}', 'n')`);
    await db.exec(transaction(m, m.statements.up));
    expect(await backup(db)).toEqual([{ id: 9, v: '{"s": 9}' }]);
    await runScript(db, renderFiles(m)['down.sql']);
    expect(await values(db)).toEqual([{ id: 9, v: '{"s": 9}' }]);
    await db.exec('DROP TABLE t');
  });

  it('a run stopped before the drop: down.sql and cleanup.sql remove the trigger, its log and the stale backup, values untouched', async () => {
    await db.exec(TABLE);
    const m = await generateMigration(db, drop('t.session_id'));
    const files = renderFiles(m);
    for (const step of m.statements.backupTransactions) await db.exec(transaction(m, step));
    await db.exec('UPDATE t SET session_id = NULL WHERE id = 1');
    const before = await values(db);
    expect(await leftovers(db)).not.toEqual([]);
    await runScript(db, files['down.sql']);
    await runScript(db, files['post-down-check.sql']);
    expect(await leftovers(db)).toEqual([]);
    expect(await values(db)).toEqual(before);
    for (const step of m.statements.backupTransactions) await db.exec(transaction(m, step));
    await runScript(db, files['cleanup.sql']);
    expect(await leftovers(db)).toEqual([]);
    expect(await db.query(`SELECT to_regclass('renamer_backup.public_t_session_id') AS t`)).toEqual([{ t: null }]);
    // And the migration still runs from the start after that.
    await runScript(db, files['up.sql']);
    await runScript(db, files['post-check.sql']);
    await runScript(db, files['down.sql']);
    expect(await values(db)).toEqual(before);
    await db.exec('DROP TABLE t');
  });

  it('a table without a key to refresh by: a write after the copy aborts the drop; up.sql again succeeds', async () => {
    await db.exec(`CREATE TABLE k (session_id text, note text); INSERT INTO k VALUES ('a', 'n'), ('b', 'n')`);
    const m = await generateMigration(db, drop('k.session_id'));
    for (const step of m.statements.backupTransactions) await db.exec(transaction(m, step));
    await db.exec(`INSERT INTO k VALUES ('c', 'n')`);
    await expect(db.exec(transaction(m, m.statements.up))).rejects.toThrow(/rows of public\.k changed while renamer_backup\.public_k_session_id was taken/);
    await db.exec('ROLLBACK');
    await runScript(db, renderFiles(m)['up.sql']);
    expect(await db.query(`SELECT session_id FROM renamer_backup.public_k_session_id ORDER BY 1`)).toEqual([{ session_id: 'a' }, { session_id: 'b' }, { session_id: 'c' }]);
    expect(await leftovers(db)).toEqual([]);
  });
});

describe.skipIf(!SERVER_URL)('the backup follows concurrent writes on the server (two connections)', () => {
  const ROLE = 'renamer_capture_app';
  it('writes from another session, as an application role, during and after the copy are all in the backup; down restores them', async () => {
    const { url, drop: dropDb } = await createServerDatabase(SERVER_URL!, 'renamer_backup_capture');
    const db = await openServer(url);
    const app = await openServer(url);
    try {
      await db.exec(`DROP ROLE IF EXISTS ${ROLE}; CREATE ROLE ${ROLE}; ${TABLE} GRANT SELECT, INSERT, UPDATE, DELETE ON t TO ${ROLE};`);
      // The application's role has no access to the backup schema: the trigger must still let it write.
      await app.exec(`SET ROLE ${ROLE}`);
      const m = await generateMigration(db, drop('t.session_id'));
      const files = renderFiles(m);
      const [capture, copy] = m.statements.backupTransactions;
      // A write in flight while the trigger is installed: CREATE TRIGGER waits for it, so it is in the copy.
      await app.exec(`BEGIN; UPDATE t SET session_id = '{"s": "in flight"}' WHERE id = 6`);
      const installing = db.exec(transaction(m, capture));
      await new Promise((r) => setTimeout(r, 200));
      await app.exec('COMMIT');
      await installing;
      // The copy's transaction is open (its snapshot taken) while the application commits its writes.
      await db.exec(['BEGIN;', ...m.settings, ...copy].join('\n'));
      for (const w of WRITES) await app.exec(w);
      await db.exec('COMMIT');
      // A write still open when the drop's transaction asks for its lock: the refresh waits for it and sees it.
      await app.exec(`BEGIN; UPDATE t SET session_id = '{"s": "last"}' WHERE id = 5`);
      const dropping = db.exec(transaction(m, m.statements.up));
      await new Promise((r) => setTimeout(r, 200));
      await app.exec('COMMIT');
      await dropping;
      const expected = [
        { id: 1, v: '{"s": "changed"}' }, { id: 5, v: '{"s": "last"}' }, { id: 6, v: '{"s": "in flight"}' },
        { id: 7, v: '{"s": "new"}' }, { id: 40, v: '{"s": 4}' },
      ];
      expect(await backup(db)).toEqual(expected);
      await runScript(db, files['post-check.sql']);
      expect(await leftovers(db)).toEqual([]);
      await runScript(db, files['up.sql']);
      await runScript(db, files['down.sql']);
      await runScript(db, files['post-down-check.sql']);
      expect((await values(db)).filter((r) => r.v !== null)).toEqual(expected);
    } finally {
      await app.close();
      await db.close();
      await dropDb();
      const admin = await openServer(SERVER_URL!);
      await admin.exec(`DROP ROLE IF EXISTS ${ROLE}`).finally(() => admin.close());
    }
  });
});

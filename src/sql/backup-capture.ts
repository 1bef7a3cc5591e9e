import type { Capture, ColumnPlan } from './analyze.js';
import { dollarQuote, quoteIdent, quoteQualified, type QualifiedName } from './quote.js';
import { columnExists, doBlock, ifThen, raise, relationExists, triggerExists } from './snippets.js';

/*
 * A dropped column's backup is copied while the application writes, and must hold, at the drop, exactly the values
 * the column holds then. Instead of comparing the whole copy with the table under a lock that stops writers (a scan
 * as long as the table), a trigger logs the restore key of every row written after it is installed, and the drop's
 * transaction refreshes only those keys: writers wait for a few index look-ups per row written during the copy.
 *
 * Why nothing is missed: CREATE TRIGGER takes SHARE ROW EXCLUSIVE (on the partitions too), which waits for every
 * transaction that has written to the table, and the trigger is committed before the copy's transaction starts. So
 * a write either committed before the trigger did, and the copy's later snapshot sees it, or its transaction took its
 * lock after, fired the trigger and logged its keys in the same commit. The refresh runs under SHARE ROW EXCLUSIVE
 * (writes wait, reads go on), held to the commit that drops the column, so nothing is written in between.
 */

const keys = (plan: ColumnPlan) => plan.facts.restoreKey.map(quoteIdent);
const log = (c: Capture) => quoteQualified(c.log);

/** The trigger function: SECURITY DEFINER, since the application's roles have no access to the backup schema. */
function captureFunction(plan: ColumnPlan, c: Capture): string {
  const key = keys(plan);
  const insert = (row: string) => key.length === 0
    ? `INSERT INTO ${log(c)} DEFAULT VALUES;`
    : `INSERT INTO ${log(c)} (${key.join(', ')}) VALUES (${key.map((k) => `${row}.${k}`).join(', ')});`;
  const keyChanged = key.length === 0 ? 'false' : `(${key.map((k) => `OLD.${k}`).join(', ')}) IS DISTINCT FROM (${key.map((k) => `NEW.${k}`).join(', ')})`;
  const body = [
    'BEGIN',
    // A row of NULL keys (restore keys are NOT NULL): every row may have changed.
    `  IF TG_OP = 'TRUNCATE' THEN`,
    `    INSERT INTO ${log(c)} DEFAULT VALUES;`,
    '    RETURN NULL;',
    '  END IF;',
    `  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ${keyChanged}) THEN`,
    `    ${insert('OLD')}`,
    '  END IF;',
    `  IF TG_OP <> 'DELETE' THEN`,
    `    ${insert('NEW')}`,
    '  END IF;',
    '  RETURN NULL;',
    'END',
  ].join('\n');
  return `CREATE OR REPLACE FUNCTION ${quoteQualified(c.function)}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS ${dollarQuote(body, 'capture')};`;
}

/**
 * up.sql's first transaction: the change log and the triggers. Every UPDATE is logged, not only UPDATE OF the column:
 * a BEFORE trigger may change the column without naming it, and a key may change. ENABLE ALWAYS: logical
 * replication's apply workers (session_replication_role = replica) fire it too.
 */
export function captureStatements(plan: ColumnPlan): string[] {
  const c = plan.capture;
  if (!c) return [];
  const { table } = plan.facts;
  const trigger = (t: QualifiedName, name: string, when: string) => ifThen(`NOT ${triggerExists(t, name)}`, [
    `CREATE TRIGGER ${quoteIdent(name)} ${when} ON ${quoteQualified(t)} ${when === 'AFTER TRUNCATE' ? 'FOR EACH STATEMENT' : 'FOR EACH ROW'} EXECUTE FUNCTION ${quoteQualified(c.function)}();`,
    `ALTER TABLE ${quoteQualified(t)} ENABLE ALWAYS TRIGGER ${quoteIdent(name)};`,
  ]);
  // Only while the column is there: a re-run after the drop must not install them again.
  return [doBlock(ifThen(columnExists(table, plan.facts.column), [
    `CREATE TABLE IF NOT EXISTS ${log(c)} AS SELECT ${keys(plan).join(', ')} FROM ${quoteQualified(table)} WITH NO DATA;`,
    `REVOKE ALL ON TABLE ${log(c)} FROM PUBLIC;`,
    ...captureFunction(plan, c).split('\n'),
    `REVOKE ALL ON FUNCTION ${quoteQualified(c.function)}() FROM PUBLIC;`,
    ...[table, ...c.children].flatMap((t) => trigger(t, c.trigger, 'AFTER INSERT OR UPDATE OR DELETE')),
    ...[table, ...c.descendants].flatMap((t) => trigger(t, c.truncateTrigger, 'AFTER TRUNCATE')),
  ]))];
}

/**
 * up.sql's second transaction, started after the triggers are committed: the log is emptied (an earlier run's keys
 * are in this copy), then the copy, read without an exclusive lock, and an index on the key for the refresh.
 */
export function copyStatement(plan: ColumnPlan): string | undefined {
  const { facts, backup, capture } = plan;
  if (!backup || !capture) return undefined;
  const key = keys(plan);
  const selected = key.length > 0 ? [...key, quoteIdent(facts.column)].join(', ') : '*';
  return doBlock(ifThen(columnExists(facts.table, facts.column), [
    `DELETE FROM ${log(capture)};`,
    `DROP TABLE IF EXISTS ${quoteQualified(backup)};`,
    `CREATE TABLE ${quoteQualified(backup)} AS SELECT ${selected} FROM ${quoteQualified(facts.table)} WHERE ${quoteIdent(facts.column)} IS NOT NULL;`,
    ...(key.length > 0 ? [`CREATE INDEX ON ${quoteQualified(backup)} (${key.join(', ')});`] : []),
    `REVOKE ALL ON TABLE ${quoteQualified(backup)} FROM PUBLIC;`,
  ]));
}

/**
 * In the drop's transaction, before any ACCESS EXCLUSIVE lock: the backup's rows of every logged key are read again
 * from the table. A table without a restore key has nothing to refresh by: a logged write aborts (nothing dropped;
 * running up.sql again takes a new copy).
 */
export function refreshStatements(plan: ColumnPlan): string[] {
  const { facts, backup, capture } = plan;
  if (!backup || !capture) return [];
  const table = quoteQualified(facts.table);
  const column = quoteIdent(facts.column);
  const copy = quoteQualified(backup);
  const key = keys(plan);
  const missing = [`${relationExists(capture.log)} AND ${relationExists(backup)}`, ...[facts.table, ...capture.children].map((t) => triggerExists(t, capture.trigger))];
  const match = (alias: string) => key.map((k) => `${alias}.${k} = renamer_row.${k}`).join(' AND ');
  const refresh = key.length === 0
    ? ifThen(`EXISTS (SELECT FROM ${log(capture)})`, [raise(`renamer: rows of ${table} changed while ${copy} was taken and it has no key to refresh them by; nothing was dropped, run up.sql again`)])
    : [
      // Qualified throughout: a column named like the loop variable would otherwise be ambiguous.
      ...ifThen(`EXISTS (SELECT FROM ${log(capture)} AS l WHERE l.${key[0]} IS NULL)`, [
        `DELETE FROM ${copy};`,
        `INSERT INTO ${copy} (${key.join(', ')}, ${column}) SELECT ${key.map((k) => `t.${k}`).join(', ')}, t.${column} FROM ${table} AS t WHERE t.${column} IS NOT NULL;`,
        'RETURN;',
      ]),
      // One key at a time: index look-ups on both sides, whatever the planner would guess for a log with no statistics.
      `FOR renamer_row IN SELECT DISTINCT ${key.map((k) => `l.${k}`).join(', ')} FROM ${log(capture)} AS l LOOP`,
      `  DELETE FROM ${copy} AS b WHERE ${match('b')};`,
      `  INSERT INTO ${copy} (${key.join(', ')}, ${column}) SELECT ${key.map((k) => `t.${k}`).join(', ')}, t.${column} FROM ${table} AS t WHERE ${match('t')} AND t.${column} IS NOT NULL;`,
      'END LOOP;',
    ];
  const body = [
    'DECLARE',
    '  renamer_row record;',
    'BEGIN',
    // Nested: the inner statements name the column, which a re-run must not even plan once it is gone.
    ...ifThen(columnExists(facts.table, facts.column), [
      ...ifThen(`NOT (${missing.join(' AND ')})`, [raise(`renamer: ${copy} or its change log or trigger is missing: run the whole up.sql, not only its last transaction`)]),
      ...refresh,
    ]).map((line) => `  ${line}`),
    'END',
  ];
  return [`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE;`, `DO ${dollarQuote(body.join('\n'))};`];
}

/** The triggers, their function and the log; with the column in up.sql, as leftovers of a stopped run elsewhere. */
export function dropCaptureStatements(plan: ColumnPlan): string[] {
  const c = plan.capture;
  if (!c) return [];
  const drops = [
    ...[plan.facts.table, ...c.children].map((t) => `DROP TRIGGER IF EXISTS ${quoteIdent(c.trigger)} ON ${quoteQualified(t)};`),
    ...[plan.facts.table, ...c.descendants].map((t) => `DROP TRIGGER IF EXISTS ${quoteIdent(c.truncateTrigger)} ON ${quoteQualified(t)};`),
    `DROP FUNCTION IF EXISTS ${quoteQualified(c.function)}();`,
    `DROP TABLE IF EXISTS ${log(c)};`,
  ];
  // Guarded: DROP TRIGGER IF EXISTS would take ACCESS EXCLUSIVE on the table even with nothing to drop.
  return [doBlock(ifThen(`${relationExists(c.log)} OR ${captureTriggerExists(plan)}`, drops))];
}

/**
 * down.sql and cleanup.sql: what a stopped up.sql left. The log exists only between up.sql's first transaction and
 * the one that drops the column, so with it there the column was never dropped and still holds every value: the
 * backup is stale, and restoring from it would overwrite values set to NULL since.
 */
export function leftoverStatements(plan: ColumnPlan): string[] {
  const { backup, capture } = plan;
  if (!backup || !capture) return [];
  return [doBlock(ifThen(relationExists(capture.log), [`DROP TABLE IF EXISTS ${quoteQualified(backup)};`])), ...dropCaptureStatements(plan)];
}

/** Any of renamer's capture triggers still on the table or a descendant. */
export function captureTriggerExists(plan: ColumnPlan): string {
  const c = plan.capture!;
  return [
    ...[plan.facts.table, ...c.children].map((t) => triggerExists(t, c.trigger)),
    ...[plan.facts.table, ...c.descendants].map((t) => triggerExists(t, c.truncateTrigger)),
  ].join(' OR ');
}

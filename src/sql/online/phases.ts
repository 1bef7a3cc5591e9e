import { backupName } from '../analyze.js';
import { replaceFunctionStatement } from '../function-bodies.js';
import { grantStatements } from '../grants.js';
import { fitIdentifier, quoteIdent, quoteLiteral, quoteQualified, regclassLiteral } from '../quote.js';
import { columnExists, constraintExists, doBlock, ifThen, raise, relationExists, triggerExists } from '../snippets.js';
import type { OnlineMigration, OnlineRename, Phase, Step } from './model.js';
import { storeStatements } from './store.js';
import { unstoreStatements } from './store.js';
import { createSyncStatements, dropSyncStatements, syncFunctionStatement, syncTriggerName } from './triggers.js';
import { concurrentIndexDefinition } from './rewrite.js';

/** The CHECK (col IS NOT NULL) that stands in for NOT NULL until it is validated; not PostgreSQL 18's own name. */
export const notNullCheck = (r: OnlineRename, column: string): string => fitIdentifier(`${r.table.name}_${column}_renamer_nn`);

/** Where contract keeps a copy of the old column's values (the backup rules of renamer sql). */
export const backupOf = (r: OnlineRename, schema: string) =>
  backupName({ table: r.table, column: r.from } as Parameters<typeof backupName>[0], schema);

const table = (r: OnlineRename) => quoteQualified(r.table);
const label = (r: OnlineRename) => `${table(r)}.${quoteIdent(r.from)} → ${quoteIdent(r.to)}`;
const lock = (r: OnlineRename) => `LOCK TABLE ${table(r)} IN ACCESS EXCLUSIVE MODE;`;
const temporary = (name: string, twin: string) => twin === fitIdentifier(`${name}_renamer_new`);

const addConstraint = (r: OnlineRename, name: string, definition: string, comment?: string) =>
  doBlock(ifThen(`NOT ${constraintExists(r.table, name)}`, [
    `ALTER TABLE ${table(r)} ADD CONSTRAINT ${quoteIdent(name)} ${definition} NOT VALID;`,
    ...(comment === undefined ? [] : [`COMMENT ON CONSTRAINT ${quoteIdent(name)} ON ${table(r)} IS ${quoteLiteral(comment)};`]),
  ]));
const notNullDefinition = (column: string) => `CHECK (${quoteIdent(column)} IS NOT NULL)`;
const validate = (r: OnlineRename, name: string) =>
  doBlock(ifThen(`EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = pg_catalog.to_regclass(${regclassLiteral(r.table)}) AND conname = ${quoteLiteral(name)} AND NOT convalidated)`, [
    `ALTER TABLE ${table(r)} VALIDATE CONSTRAINT ${quoteIdent(name)};`,
  ]));
const renameConstraint = (r: OnlineRename, from: string, to: string) =>
  doBlock(ifThen(`${constraintExists(r.table, from)} AND NOT ${constraintExists(r.table, to)}`, [`ALTER TABLE ${table(r)} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)};`]));
/** Guarded both ways: a re-run finds the name taken by the index rebuilt under it. */
const renameIndex = (schema: string, from: string, to: string) =>
  doBlock(ifThen(`${relationExists({ schema, name: from })} AND NOT ${relationExists({ schema, name: to })}`, [`ALTER INDEX ${quoteQualified({ schema, name: from })} RENAME TO ${quoteIdent(to)};`]));
const addColumn = (r: OnlineRename, column: string) =>
  `ALTER TABLE ${table(r)} ADD COLUMN IF NOT EXISTS ${quoteIdent(column)} ${r.type}${r.collation ? ` COLLATE ${r.collation}` : ''};`;
const columnExtras = (r: OnlineRename, column: string) => [
  ...(r.comment === undefined ? [] : [`COMMENT ON COLUMN ${table(r)}.${quoteIdent(column)} IS ${quoteLiteral(r.comment)};`]),
  ...grantStatements(r.grants, `TABLE ${table(r)}`, column),
];
/** A phase refuses to run in a state it does not belong to (a re-run in its own state is a no-op). */
const guard = (r: OnlineRename, condition: string, message: string) => doBlock(ifThen(`NOT (${condition})`, [raise(`renamer: ${label(r)}: ${message}`)]));
const has = (r: OnlineRename, column: string) => columnExists(r.table, column);

function expand(m: OnlineMigration): Phase {
  const up: string[] = [...storeStatements(m)];
  const twins: string[] = [];
  const indexes: string[] = [];
  const down: string[] = [];
  for (const r of m.renames) {
    up.push(
      guard(r, has(r, r.from), `the old column is gone (contract ran); run contract's down first`),
      lock(r),
      addColumn(r, r.to),
      ...columnExtras(r, r.to),
      ...createSyncStatements(r),
      ...(r.notNull ? [addConstraint(r, notNullCheck(r, r.to), notNullDefinition(r.to))] : []),
    );
    // After every new column: a twin shared by two renames of the table reads both (shared-twins.ts).
    twins.push(...r.constraints.map((c) => addConstraint(r, c.twin, c.twinDefinition, c.comment)));
    for (const index of r.indexes) {
      indexes.push(`${index.twinDefinition};`);
      if (index.comment !== undefined) indexes.push(`COMMENT ON INDEX ${quoteQualified({ schema: index.schema, name: index.twin })} IS ${quoteLiteral(index.comment)};`);
    }
    down.push(
      guard(r, has(r, r.from), `the old column is gone (contract ran); run contract's down first`),
      lock(r),
      ...dropSyncStatements(r),
      // Its values are copies of the old column's: nothing is lost. Its indexes and constraints go with it.
      `ALTER TABLE ${table(r)} DROP COLUMN IF EXISTS ${quoteIdent(r.to)};`,
    );
  }
  up.push(...twins);
  down.push(...unstoreStatements(m));
  return {
    name: 'expand',
    up: [
      { kind: 'transaction', title: 'the new columns and the triggers that keep both names in sync', statements: up },
      ...(indexes.length > 0 ? [{ kind: 'each' as const, title: 'indexes on the new columns, built without blocking writes', statements: indexes }] : []),
    ],
    down: [{ kind: 'transaction', title: 'drop the new columns and the sync triggers', statements: down }],
  };
}

function backfill(m: OnlineMigration): Phase {
  const up: Step[] = [];
  const validations: string[] = [];
  const down: string[] = [];
  for (const r of m.renames) {
    up.push({ kind: 'backfill', title: `copy ${quoteQualified(r.table)}.${quoteIdent(r.from)} into ${quoteIdent(r.to)}`, rename: r, reverse: false });
    if (r.notNull) validations.push(validate(r, notNullCheck(r, r.to)));
    validations.push(...r.constraints.map((c) => validate(r, c.twin)));
    // Back to expand's state: the constraints are NOT VALID again. The copied values stay (they are copies).
    const checks = [...(r.notNull ? [{ name: notNullCheck(r, r.to), definition: notNullDefinition(r.to), comment: undefined as string | undefined }] : []), ...r.constraints.map((c) => ({ name: c.twin, definition: c.twinDefinition, comment: c.comment }))];
    if (checks.length === 0) continue;
    down.push(guard(r, `${has(r, r.from)} AND ${has(r, r.to)}`, 'backfill can only be undone while both columns exist'), lock(r));
    for (const c of checks) down.push(`ALTER TABLE ${table(r)} DROP CONSTRAINT IF EXISTS ${quoteIdent(c.name)};`, addConstraint(r, c.name, c.definition, c.comment));
  }
  if (validations.length > 0) up.push({ kind: 'each', title: 'validate the new columns\' constraints (no write is blocked)', statements: validations });
  return { name: 'backfill', up, down: down.length > 0 ? [{ kind: 'transaction', title: 'constraints back to NOT VALID', statements: down }] : [] };
}

/** Nothing is dropped while a row differs, a constraint is unvalidated or an index is missing or invalid. */
function contractCheck(r: OnlineRename): string {
  const differs = `EXISTS (SELECT 1 FROM ${table(r)} WHERE ${quoteIdent(r.to)} IS DISTINCT FROM ${quoteIdent(r.from)})`;
  const names = [...(r.notNull ? [notNullCheck(r, r.to)] : []), ...r.constraints.map((c) => c.twin)];
  const unvalidated = `EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = pg_catalog.to_regclass(${regclassLiteral(r.table)}) AND conname IN (${names.map(quoteLiteral).join(', ')}) AND NOT convalidated)`;
  const indexOk = (schema: string, name: string) => `EXISTS (SELECT 1 FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass(${quoteLiteral(quoteQualified({ schema, name }))}) AND indisvalid)`;
  return doBlock(ifThen(has(r, r.from), [
    ...ifThen(`NOT ${has(r, r.to)} OR NOT ${triggerExists(r.table, syncTriggerName(r))}`, [raise(`renamer: ${label(r)}: run expand first`)]),
    ...ifThen(differs, [raise(`renamer: ${label(r)}: rows differ between the two columns; run backfill first`)]),
    ...(names.length > 0 ? ifThen(unvalidated, [raise(`renamer: ${label(r)}: constraints of the new column are not validated; run backfill first`)]) : []),
    ...r.indexes.flatMap((i) => ifThen(`NOT ${indexOk(i.schema, i.twin)}`, [raise(`renamer: ${label(r)}: index ${quoteQualified({ schema: i.schema, name: i.twin })} is missing or invalid; run expand again (DROP INDEX CONCURRENTLY an invalid one first)`)])),
  ]));
}

/** Every rename records the rewrites of the whole plan; each function is replaced once. */
const functionsOf = (m: OnlineMigration) => [...new Map(m.renames.flatMap((r) => r.functions).map((fn) => [fn.name, fn])).values()];
/** A view that reads several renamed columns is recorded with each of them, with the same definitions: replaced once. */
const viewsOf = (m: OnlineMigration) => [...new Map(m.renames.flatMap((r) => r.views).map((v) => [quoteQualified(v), v])).values()];

/**
 * Locked before the tables, in the order an application's query through the view takes them (view, then table),
 * so the two cannot deadlock.
 */
const lockViews = (m: OnlineMigration) => viewsOf(m).map((v) => `LOCK TABLE ${quoteQualified(v)} IN ACCESS EXCLUSIVE MODE;`);
/**
 * Same output columns, names and types: CREATE OR REPLACE VIEW keeps the views built on it, its owner, grants,
 * comments and triggers. It sets exactly the reloptions it is given, so they are given as they were.
 */
const replaceViews = (m: OnlineMigration, direction: 'up' | 'down') =>
  viewsOf(m).map((v) => {
    const options = v.options.length > 0 ? ` WITH (${v.options.join(', ')})` : '';
    return `CREATE OR REPLACE VIEW ${quoteQualified(v)}${options} AS ${(direction === 'up' ? v.switched : v.definition).trim().replace(/;$/, '')};`;
  });

function contract(m: OnlineMigration): Phase {
  const checks: string[] = [];
  const backups: string[] = [];
  const up: string[] = [];
  const downFirst: string[] = [];
  const originals: string[] = [];
  const downEach: string[] = [];
  const downLast: string[] = [];
  const reverse: Step[] = [];
  for (const r of m.renames) {
    const backup = backupOf(r, m.backupSchema);
    const keys = r.key.map((k) => quoteIdent(k.name));
    checks.push(contractCheck(r));
    backups.push(doBlock(ifThen(has(r, r.from), [
      `DROP TABLE IF EXISTS ${quoteQualified(backup)};`,
      `CREATE TABLE ${quoteQualified(backup)} AS SELECT ${[...keys, quoteIdent(r.from)].join(', ')} FROM ${table(r)};`,
      `REVOKE ALL ON TABLE ${quoteQualified(backup)} FROM PUBLIC;`,
    ])));
    up.push(
      lock(r),
      ...dropSyncStatements(r),
      `ALTER TABLE ${table(r)} DROP COLUMN IF EXISTS ${quoteIdent(r.from)};`,
      ...r.indexes.filter((i) => temporary(i.name, i.twin)).map((i) => renameIndex(i.schema, i.twin, i.name)),
      ...r.constraints.filter((c) => temporary(c.name, c.twin)).map((c) => renameConstraint(r, c.twin, c.name)),
      ...(r.default === undefined ? [] : [`ALTER TABLE ${table(r)} ALTER COLUMN ${quoteIdent(r.to)} SET DEFAULT ${r.default};`]),
      // The validated CHECK lets SET NOT NULL skip its scan (PostgreSQL 12+): the lock lasts a catalog update.
      ...(r.notNull ? [`ALTER TABLE ${table(r)} ALTER COLUMN ${quoteIdent(r.to)} SET NOT NULL;`, `ALTER TABLE ${table(r)} DROP CONSTRAINT IF EXISTS ${quoteIdent(notNullCheck(r, r.to))};`] : []),
    );
    downFirst.push(
      guard(r, has(r, r.to), 'the new column is missing'),
      lock(r),
      addColumn(r, r.from),
      ...(r.default === undefined ? [] : [`ALTER TABLE ${table(r)} ALTER COLUMN ${quoteIdent(r.from)} SET DEFAULT ${r.default};`, `ALTER TABLE ${table(r)} ALTER COLUMN ${quoteIdent(r.to)} DROP DEFAULT;`]),
      ...columnExtras(r, r.from),
      ...(r.notNull ? [addConstraint(r, notNullCheck(r, r.to), notNullDefinition(r.to)), `ALTER TABLE ${table(r)} ALTER COLUMN ${quoteIdent(r.to)} DROP NOT NULL;`, addConstraint(r, notNullCheck(r, r.from), notNullDefinition(r.from))] : []),
      ...r.indexes.filter((i) => temporary(i.name, i.twin)).map((i) => renameIndex(i.schema, i.name, i.twin)),
      ...r.constraints.filter((c) => temporary(c.name, c.twin)).map((c) => renameConstraint(r, c.name, c.twin)),
      // Until the reverse copy reaches a row, its new column is the one that holds the value.
      ...createSyncStatements(r, true),
    );
    // After every old column is back: a constraint on two renamed columns reads both.
    originals.push(...r.constraints.map((c) => addConstraint(r, c.name, c.definition, c.comment)));
    reverse.push({ kind: 'backfill', title: `copy ${quoteQualified(r.table)}.${quoteIdent(r.to)} back into ${quoteIdent(r.from)}`, rename: r, reverse: true });
    for (const index of r.indexes) {
      downEach.push(`${concurrentIndexDefinition(index.definition)};`);
      if (index.comment !== undefined) downEach.push(`COMMENT ON INDEX ${quoteQualified({ schema: index.schema, name: index.name })} IS ${quoteLiteral(index.comment)};`);
    }
    if (r.notNull) downEach.push(validate(r, notNullCheck(r, r.to)), validate(r, notNullCheck(r, r.from)));
    downEach.push(...r.constraints.map((c) => validate(r, c.name)));
    downLast.push(
      lock(r),
      ...(r.notNull ? [`ALTER TABLE ${table(r)} ALTER COLUMN ${quoteIdent(r.from)} SET NOT NULL;`, `ALTER TABLE ${table(r)} DROP CONSTRAINT IF EXISTS ${quoteIdent(notNullCheck(r, r.from))};`] : []),
      // The values came back from the new column, which holds every write since: the backup is consumed.
      `DROP TABLE IF EXISTS ${quoteQualified(backup)};`,
      // Every row is equal again: back to expand's orientation, for the old code that may be redeployed now.
      syncFunctionStatement(r),
    );
  }
  // After every column is renamed: a SQL-language body is checked against the catalog when it is created.
  up.push(...functionsOf(m).map((fn) => replaceFunctionStatement(fn, 'up')));
  // Views read the new columns before the old ones are dropped (DROP COLUMN refuses while a view reads them).
  up.unshift(...lockViews(m), ...m.renames.map(lock), ...replaceViews(m, 'up'));
  // Back on the old columns only once their values are back (the reverse backfill): until then views and bodies
  // read the new ones, which the triggers keep complete.
  downLast.unshift(...lockViews(m));
  downLast.push(...replaceViews(m, 'down'), ...functionsOf(m).map((fn) => replaceFunctionStatement(fn, 'down')));
  return {
    name: 'contract',
    up: [
      { kind: 'each', title: 'refuse while a row differs or the new column is not ready', statements: checks },
      { kind: 'transaction', title: 'back up the old columns\' values, without an exclusive lock', statements: backups },
      { kind: 'transaction', title: 'drop the sync triggers and the old columns; the new ones take their names, defaults and NOT NULL', statements: up },
    ],
    down: [
      { kind: 'transaction', title: 're-add the old columns and the sync triggers', statements: [...downFirst, ...originals] },
      ...reverse,
      { kind: 'each', title: 'indexes and validated constraints of the old columns, without blocking writes', statements: downEach },
      { kind: 'transaction', title: `NOT NULL back on the old columns${viewsOf(m).length > 0 ? ', views' : ''}${functionsOf(m).length > 0 ? ', function bodies' : ''} back on them`, statements: downLast },
    ],
  };
}

export function onlinePhases(m: OnlineMigration): Phase[] {
  return [expand(m), backfill(m), contract(m)];
}

/** cleanup.sql: the backups and the record of the renames, once the way back is no longer needed. */
export function cleanupStatements(m: OnlineMigration): string[] {
  return [...m.renames.map((r) => `DROP TABLE IF EXISTS ${quoteQualified(backupOf(r, m.backupSchema))};`), ...unstoreStatements(m)];
}

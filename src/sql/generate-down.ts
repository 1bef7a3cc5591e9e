import type { ColumnPlan, MigrationModel } from './analyze.js';
import type { IndexDependency } from './dependencies.js';
import { grantStatements } from './grants.js';
import { identityStatements } from './identity.js';
import { dropOrder, renameColumnStatements, renamedObjects, renameObjectStatements } from './generate-up.js';
import { constraintSteps } from './down-constraints.js';
import { leftoverStatements } from './backup-capture.js';
import { restoreValuesStatement, withoutBatchCommits } from './restore-values.js';
import { quoteIdent, quoteLiteral, quoteQualified, regclassLiteral } from './quote.js';
import { createAtomicStatements, dropAtomicStatement } from './atomic-functions.js';
import { replaceFunctionStatement } from './function-bodies.js';
import { createViewStatements, dropViewStatement } from './view-restore.js';
import { columnExists, doBlock, ifNotExists, ifThen, triggerExists } from './snippets.js';

/**
 * The column comes back nullable and without its values: ADD COLUMN without a default (then SET DEFAULT, which only
 * applies to new rows) changes the catalog only, so down's first transaction holds its lock for milliseconds. The
 * values follow in batches (restore-values.ts), NOT NULL and constraints after them (down-constraints.ts).
 */
function addColumnStatements(plan: ColumnPlan): string[] {
  const { facts } = plan;
  const table = quoteQualified(facts.table);
  const column = quoteIdent(facts.column);
  const collate = facts.collation ? ` COLLATE ${facts.collation}` : '';
  // A stored generated column is computed for every row as it is added: a table rewrite PostgreSQL has no way around.
  const generated = facts.generated ? ` GENERATED ALWAYS AS (${facts.generated}) STORED` : '';
  const out = [`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${facts.type}${collate}${generated};`];
  if (facts.default !== undefined) out.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${facts.default};`);
  if (facts.comment !== undefined) out.push(`COMMENT ON COLUMN ${table}.${column} IS ${quoteLiteral(facts.comment)};`);
  if (facts.statistics !== undefined) out.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STATISTICS ${Math.trunc(facts.statistics)};`);
  if (facts.storage !== undefined) out.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STORAGE ${facts.storage};`);
  out.push(...grantStatements(facts.grants, `TABLE ${table}`, facts.column));
  for (const seq of plan.deps.ownedSequences.filter((s) => !s.identity)) out.push(`ALTER SEQUENCE ${quoteQualified(seq)} OWNED BY ${table}.${column};`);
  return out;
}

const indexComment = (index: IndexDependency): string[] =>
  index.comment === undefined ? [] : [`COMMENT ON INDEX ${quoteQualified({ schema: index.schema, name: index.name })} IS ${quoteLiteral(index.comment)};`];

const isIdentity = (facts: ColumnPlan['facts']) =>
  `EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${regclassLiteral(facts.table)}) AND attname = ${quoteLiteral(facts.column)} AND attidentity <> '')`;

/** Indexes of partitioned tables, triggers and statistics the drop took with it; a re-run adds nothing. */
function restoreDependents(drops: readonly ColumnPlan[]): string[] {
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  const out: string[] = [];
  for (const p of drops) {
    // Partitioned tables cannot build an index CONCURRENTLY: theirs are built here, in the transaction.
    if (p.facts.relkind === 'p') {
      for (const index of p.deps.indexes) if (!index.constraintBacked && once(`i:${index.schema}.${index.name}`)) out.push(`${ifNotExists(index.definition)};`, ...indexComment(index));
    }
    for (const t of p.deps.triggers) {
      if (!once(`t:${p.facts.table.schema}.${p.facts.table.name}.${t.name}`)) continue;
      const comment = t.comment === undefined ? [] : [`COMMENT ON TRIGGER ${quoteIdent(t.name)} ON ${quoteQualified(p.facts.table)} IS ${quoteLiteral(t.comment)};`];
      // CREATE OR REPLACE TRIGGER (PostgreSQL 14+) is its own guard; a constraint trigger has no OR REPLACE form.
      if (/^CREATE TRIGGER /.test(t.definition)) out.push(`${t.definition.replace(/^CREATE TRIGGER /, 'CREATE OR REPLACE TRIGGER ')};`, ...comment);
      else out.push(doBlock(ifThen(`NOT ${triggerExists(p.facts.table, t.name)}`, [`${t.definition};`, ...comment])));
    }
    for (const s of p.deps.statistics) if (once(`s:${s.schema}.${s.name}`)) out.push(`${ifNotExists(s.definition)};`);
  }
  return out;
}

/** down's first transaction: renames back, the columns back (catalog only), views and function bodies as they were. */
export function downStatements(model: MigrationModel): string[] {
  const out: string[] = [];
  for (const plan of [...model.columns].reverse().filter((c) => c.decision.action === 'rename')) {
    for (const o of renamedObjects(plan, model.columns)) if (o.first) out.push(...renameObjectStatements(plan.facts.table, o, true));
    out.push(...renameColumnStatements(plan, true));
  }
  const drops = dropOrder(model).reverse();
  for (const plan of drops) out.push(...leftoverStatements(plan));
  const anyMissing = drops.map((c) => `NOT ${columnExists(c.facts.table, c.facts.column)}`).join(' OR ');
  for (const fn of model.atomicFunctions) out.push(dropAtomicStatement(fn));
  if (model.views.length > 0) out.push(doBlock(ifThen(anyMissing, [...model.views].reverse().map(dropViewStatement))));
  for (const plan of drops) out.push(...addColumnStatements(plan));
  for (const view of model.views) {
    out.push(doBlock(ifThen(`to_regclass(${quoteLiteral(quoteQualified(view))}) IS NULL`, createViewStatements(view, view.definition))));
  }
  for (const fn of model.atomicFunctions) out.push(...createAtomicStatements(fn));
  for (const fn of model.functionRewrites) out.push(replaceFunctionStatement(fn, 'down'));
  return out;
}

/** After the first transaction, outside any: the values, one committed batch at a time. */
export const downRestoreStatements = (model: MigrationModel): string[] =>
  dropOrder(model).reverse().map((p) => restoreValuesStatement(p)).filter((s): s is string => s !== undefined);

/**
 * Indexes of the re-added columns (and those backing their UNIQUE / PRIMARY KEY constraints), built after the values
 * are back with CREATE INDEX CONCURRENTLY, so that writes go on while they build (it cannot run inside a
 * transaction: psql sends each statement on its own). A build that fails leaves an invalid index, which the
 * post-down check reports.
 */
export function downConcurrentStatements(model: MigrationModel): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const drops = dropOrder(model).reverse();
  for (const p of drops) {
    if (p.facts.relkind === 'p') continue;
    for (const index of p.deps.indexes) {
      if (index.constraintBacked || seen.has(`${index.schema}.${index.name}`)) continue;
      seen.add(`${index.schema}.${index.name}`);
      out.push(`${ifNotExists(index.definition).replace(/^CREATE (UNIQUE )?INDEX IF NOT EXISTS /, 'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ')};`, ...indexComment(index));
    }
  }
  out.push(...constraintSteps(drops, model).indexes);
  return out;
}

/**
 * The transactions after the index builds, each short: CHECKs (and NOT NULL's helper) added NOT VALID; validated;
 * SET NOT NULL, key constraints, foreign keys NOT VALID, identity, triggers and statistics; foreign keys validated.
 */
export function downFinishSteps(model: MigrationModel): string[][] {
  const drops = dropOrder(model).reverse();
  const c = constraintSteps(drops, model);
  const finish = [...c.keys];
  for (const p of drops) {
    const identity = identityStatements(p.facts);
    if (identity.length > 0) finish.push(doBlock(ifThen(`NOT ${isIdentity(p.facts)}`, identity)));
  }
  finish.push(...restoreDependents(drops));
  if (model.createsBackupSchema && drops.some((p) => p.backup)) {
    // Only the schema up.sql created, and only once no backup (kept because rows could not be restored) is left in it.
    const schema = quoteLiteral(model.backupSchema);
    finish.push(doBlock(ifThen(`EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ${schema}) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${schema})`, [`DROP SCHEMA ${quoteIdent(model.backupSchema)};`])));
  }
  return [[...c.addChecks], [...c.validateChecks], finish, [...c.validateForeign]].filter((step) => step.length > 0);
}

/** The concurrent builds and batched restores as plain statements, for a rehearsal inside one transaction (and Alembic's). */
export const inTransaction = (statements: readonly string[]): string[] =>
  statements.map((s) => withoutBatchCommits(s.replace(/^CREATE (UNIQUE )?INDEX CONCURRENTLY /, 'CREATE $1INDEX ')));

/** What down.sql cannot give back, said at its top. */
export function irreversibleNotes(model: MigrationModel): string[] {
  const notes: string[] = [];
  const drops = model.columns.filter((c) => c.decision.action === 'drop');
  if (drops.length > 0) {
    notes.push('re-added columns go to the end of their tables (column order is not restored)');
    notes.push('values written to the tables after up.sql ran have no value for the re-added columns; NOT NULL is restored and fails if such rows exist');
    notes.push('values come back in batches after the first transaction: until then a row not yet restored reads NULL, and a value the application writes meanwhile is kept');
    notes.push("the batches run with session_replication_role = replica when the role may set it (a superuser, or GRANT SET ON PARAMETER), so the tables' row triggers do not fire for restored values (ENABLE REPLICA and ENABLE ALWAYS triggers do); otherwise they fire for every restored row");
  }
  for (const p of drops) {
    if (p.backup && p.facts.restoreKey.length === 0) notes.push(`${quoteQualified(p.facts.table)}.${quoteIdent(p.facts.column)}: no key to restore values by; they stay in ${quoteQualified(p.backup)}`);
  }
  return notes;
}

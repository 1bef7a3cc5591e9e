import type { ColumnPlan, MigrationModel } from './analyze.js';
import type { IndexDependency } from './dependencies.js';
import { grantStatements } from './grants.js';
import { identityStatements } from './identity.js';
import { dropOrder, renameColumnBlock, renamedObjects, renameObjectStatement } from './generate-up.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import { createAtomicStatements, dropAtomicStatement } from './atomic-functions.js';
import { replaceFunctionStatement } from './function-bodies.js';
import { createViewStatements, dropViewStatement } from './view-restore.js';
import { columnExists, constraintExists, doBlock, ifNotExists, ifThen, triggerExists } from './snippets.js';

function addColumnBlock(plan: ColumnPlan): string {
  const { facts, backup } = plan;
  const table = quoteQualified(facts.table);
  const column = quoteIdent(facts.column);
  const collate = facts.collation ? ` COLLATE ${facts.collation}` : '';
  const generated = facts.generated ? ` GENERATED ALWAYS AS (${facts.generated}) STORED` : '';
  const body = [`ALTER TABLE ${table} ADD COLUMN ${column} ${facts.type}${collate}${generated};`];
  if (backup && facts.restoreKey.length > 0) {
    const join = facts.restoreKey.map((k) => `t.${quoteIdent(k)} = b.${quoteIdent(k)}`).join(' AND ');
    body.push(`UPDATE ${table} AS t SET ${column} = b.${column} FROM ${quoteQualified(backup)} AS b WHERE ${join};`);
    // Down consumes its backup (so up can run again); one whose rows were not all restored (rows deleted since) is kept.
    body.push(...ifThen(`NOT EXISTS (SELECT ${facts.restoreKey.map((k) => `b.${quoteIdent(k)}`).join(', ')} FROM ${quoteQualified(backup)} AS b EXCEPT SELECT ${facts.restoreKey.map((k) => `t.${quoteIdent(k)}`).join(', ')} FROM ${table} AS t)`, [`DROP TABLE ${quoteQualified(backup)};`]));
  }
  if (facts.default !== undefined) body.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${facts.default};`);
  if (facts.notNull) body.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`);
  body.push(...identityStatements(facts));
  if (facts.comment !== undefined) body.push(`COMMENT ON COLUMN ${table}.${column} IS ${quoteLiteral(facts.comment)};`);
  if (facts.statistics !== undefined) body.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STATISTICS ${Math.trunc(facts.statistics)};`);
  if (facts.storage !== undefined) body.push(`ALTER TABLE ${table} ALTER COLUMN ${column} SET STORAGE ${facts.storage};`);
  body.push(...grantStatements(facts.grants, `TABLE ${table}`, facts.column));
  for (const seq of plan.deps.ownedSequences.filter((s) => !s.identity)) body.push(`ALTER SEQUENCE ${quoteQualified(seq)} OWNED BY ${table}.${column};`);
  return doBlock(ifThen(`NOT ${columnExists(facts.table, facts.column)}`, body));
}

const indexComment = (index: IndexDependency): string[] =>
  index.comment === undefined ? [] : [`COMMENT ON INDEX ${quoteQualified({ schema: index.schema, name: index.name })} IS ${quoteLiteral(index.comment)};`];

/** Constraints, indexes, triggers and statistics the drop took with it, each guarded so that a re-run adds nothing. */
function restoreDependents(drops: readonly ColumnPlan[], model: MigrationModel): string[] {
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  const constraints = drops.flatMap((p) => p.deps.constraints.filter((c) => c.type !== 'f' && !c.incoming));
  const foreign = [...drops.flatMap((p) => p.deps.constraints.filter((c) => c.type === 'f' && !c.incoming)), ...model.incomingForeignKeys];
  const out: string[] = [];
  for (const c of [...constraints, ...foreign]) {
    if (!once(`c:${c.table.schema}.${c.table.name}.${c.name}`)) continue;
    const comment = c.comment === undefined ? [] : [`COMMENT ON CONSTRAINT ${quoteIdent(c.name)} ON ${quoteQualified(c.table)} IS ${quoteLiteral(c.comment)};`];
    out.push(doBlock(ifThen(`NOT ${constraintExists(c.table, c.name)}`, [`ALTER TABLE ${quoteQualified(c.table)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`, ...comment])));
  }
  for (const p of drops) {
    // Partitioned tables cannot build an index CONCURRENTLY: theirs are built here, in the transaction.
    if (p.facts.relkind === 'p') {
      for (const index of p.deps.indexes) if (!index.constraintBacked && once(`i:${index.schema}.${index.name}`)) out.push(`${ifNotExists(index.definition)};`, ...indexComment(index));
    }
    for (const t of p.deps.triggers) {
      const comment = t.comment === undefined ? [] : [`COMMENT ON TRIGGER ${quoteIdent(t.name)} ON ${quoteQualified(p.facts.table)} IS ${quoteLiteral(t.comment)};`];
      if (once(`t:${p.facts.table.schema}.${p.facts.table.name}.${t.name}`)) out.push(doBlock(ifThen(`NOT ${triggerExists(p.facts.table, t.name)}`, [`${t.definition};`, ...comment])));
    }
    for (const s of p.deps.statistics) if (once(`s:${s.schema}.${s.name}`)) out.push(`${ifNotExists(s.definition)};`);
  }
  return out;
}

export function downStatements(model: MigrationModel): string[] {
  const out: string[] = [];
  for (const plan of [...model.columns].reverse().filter((c) => c.decision.action === 'rename')) {
    for (const o of renamedObjects(plan)) out.push(renameObjectStatement(plan.facts.table, o, true));
    out.push(renameColumnBlock(plan, true));
  }
  const drops = dropOrder(model).reverse();
  const anyMissing = drops.map((c) => `NOT ${columnExists(c.facts.table, c.facts.column)}`).join(' OR ');
  for (const fn of model.atomicFunctions) out.push(dropAtomicStatement(fn));
  if (model.views.length > 0) out.push(doBlock(ifThen(anyMissing, [...model.views].reverse().map(dropViewStatement))));
  for (const plan of drops) out.push(addColumnBlock(plan));
  out.push(...restoreDependents(drops, model));
  for (const view of model.views) {
    out.push(doBlock(ifThen(`to_regclass(${quoteLiteral(quoteQualified(view))}) IS NULL`, createViewStatements(view, view.definition))));
  }
  for (const fn of model.atomicFunctions) out.push(...createAtomicStatements(fn));
  for (const fn of model.functionRewrites) out.push(replaceFunctionStatement(fn, 'down'));
  if (model.createsBackupSchema && drops.some((p) => p.backup)) {
    // Only the schema up.sql created, and only once no backup (kept because rows could not be restored) is left in it.
    const schema = quoteLiteral(model.backupSchema);
    out.push(doBlock(ifThen(`EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ${schema}) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${schema})`, [`DROP SCHEMA ${quoteIdent(model.backupSchema)};`])));
  }
  return out;
}

/**
 * Indexes of the re-added columns, built after down's transaction with CREATE INDEX CONCURRENTLY, so that writes go
 * on while they build (it cannot run inside a transaction: psql sends each statement on its own). A build that fails
 * leaves an invalid index, which the post-down check reports.
 */
export function downConcurrentStatements(model: MigrationModel): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of dropOrder(model).reverse()) {
    if (p.facts.relkind === 'p') continue;
    for (const index of p.deps.indexes) {
      if (index.constraintBacked || seen.has(`${index.schema}.${index.name}`)) continue;
      seen.add(`${index.schema}.${index.name}`);
      out.push(`${ifNotExists(index.definition).replace(/^CREATE (UNIQUE )?INDEX IF NOT EXISTS /, 'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ')};`, ...indexComment(index));
    }
  }
  return out;
}

/** The concurrent builds as plain statements, for a rehearsal inside one transaction (and Alembic's). */
export const inTransaction = (statements: readonly string[]): string[] =>
  statements.map((s) => s.replace(/^CREATE (UNIQUE )?INDEX CONCURRENTLY /, 'CREATE $1INDEX '));

/** What down.sql cannot give back, said at its top. */
export function irreversibleNotes(model: MigrationModel): string[] {
  const notes: string[] = [];
  const drops = model.columns.filter((c) => c.decision.action === 'drop');
  if (drops.length > 0) {
    notes.push('re-added columns go to the end of their tables (column order is not restored)');
    notes.push('values written to the tables after up.sql ran have no value for the re-added columns; NOT NULL is restored and fails if such rows exist');
  }
  for (const p of drops) {
    if (p.backup && p.facts.restoreKey.length === 0) notes.push(`${quoteQualified(p.facts.table)}.${quoteIdent(p.facts.column)}: no key to restore values by; they stay in ${quoteQualified(p.backup)}`);
  }
  return notes;
}

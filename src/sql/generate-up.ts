import type { ColumnPlan, MigrationModel } from './analyze.js';
import { quoteIdent, quoteQualified, type QualifiedName } from './quote.js';
import { renamedObjects, type RenamedObject } from './object-renames.js';
import { createAtomicStatements, dropAtomicStatement } from './atomic-functions.js';
import { replaceFunctionStatement } from './function-bodies.js';
import { createViewStatements, dropViewStatement } from './view-restore.js';
import { captureStatements, copyStatement, dropCaptureStatements, refreshStatements } from './backup-capture.js';
import { columnExists, constraintExists, doBlock, ifThen, raise, relationExists, statisticsExists } from './snippets.js';

/**
 * The backups, before any exclusive lock, as two committed transactions: the capture triggers, then the copies
 * (backup-capture.ts says why in that order). CREATE TABLE AS reads the table under ACCESS SHARE, so the
 * application keeps writing while values are copied. Re-running takes a fresh copy while the column is still there.
 */
export function backupStatements(model: MigrationModel): string[][] {
  const plans = dropOrder(model).filter((p) => p.backup);
  // A refused migration must not even take its backups: up.sql raises before anything changes.
  if (plans.length === 0 || model.blockers.length > 0) return [];
  const schema = quoteIdent(model.backupSchema);
  return [
    [`CREATE SCHEMA IF NOT EXISTS ${schema};`, `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;`, ...plans.flatMap(captureStatements)],
    plans.map(copyStatement).filter((s): s is string => s !== undefined),
  ];
}

/**
 * Plain statements with IF EXISTS, so that linters (squawk) see the DDL: PL/pgSQL guards only where PostgreSQL has
 * no IF EXISTS form. Each is a no-op on a re-run.
 */
function dropColumnStatements(plan: ColumnPlan): string[] {
  const { facts, deps } = plan;
  const table = quoteQualified(facts.table);
  const out: string[] = [];
  // A serial's sequence would be dropped with its column; keep it so down.sql can reattach it (cleanup.sql drops it).
  for (const seq of deps.ownedSequences.filter((s) => !s.identity)) out.push(`ALTER SEQUENCE IF EXISTS ${quoteQualified(seq)} OWNED BY NONE;`);
  for (const trigger of deps.triggers) out.push(`DROP TRIGGER IF EXISTS ${quoteIdent(trigger.name)} ON ${table};`);
  out.push(...dropCaptureStatements(plan));
  out.push(`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${quoteIdent(facts.column)};`);
  return out;
}

export { renamedObjects, type RenamedObject };

/**
 * A rename PostgreSQL has no IF EXISTS form for, written as a plain statement so that linters (squawk's
 * renaming-column) see it. A re-run finds the work done; rather than hide the statement in a guarded DO block, the
 * guard before it names the object back inside the same transaction, so the plain statement redoes the rename and
 * the commit leaves the catalog exactly as it was (no other session sees the interval: the rename holds ACCESS
 * EXCLUSIVE until the commit). Any other state (neither name, or both) makes the plain statement fail loudly.
 */
function redoable(done: string, undo: string, statement: string): string[] {
  return [doBlock(ifThen(done, [undo])), statement];
}

export function renameObjectStatements(columnTable: QualifiedName, o: RenamedObject, reverse = false): string[] {
  const [from, to] = reverse ? [o.to, o.from] : [o.from, o.to];
  const table = o.table ?? columnTable;
  if (o.kind === 'constraint') {
    const rename = (a: string, b: string) => `ALTER TABLE ${quoteQualified(table)} RENAME CONSTRAINT ${quoteIdent(a)} TO ${quoteIdent(b)};`;
    return redoable(`${constraintExists(table, to)} AND NOT ${constraintExists(table, from)}`, rename(to, from), rename(from, to));
  }
  if (o.kind === 'statistics') {
    const rename = (a: string, b: string) => `ALTER STATISTICS ${quoteQualified({ schema: o.schema, name: a })} RENAME TO ${quoteIdent(b)};`;
    return redoable(`${statisticsExists({ schema: o.schema, name: to })} AND NOT ${statisticsExists({ schema: o.schema, name: from })}`, rename(to, from), rename(from, to));
  }
  const kind = o.kind === 'index' ? 'INDEX' : 'SEQUENCE';
  return [`ALTER ${kind} IF EXISTS ${quoteQualified({ schema: o.schema, name: from })} RENAME TO ${quoteIdent(to)};`];
}

const RELATION_KIND: Record<string, string> = { v: 'VIEW', m: 'MATERIALIZED VIEW' };

export function renameColumnStatements(plan: ColumnPlan, reverse = false): string[] {
  const { facts } = plan;
  const [from, to] = reverse ? [plan.decision.to!, facts.column] : [facts.column, plan.decision.to!];
  const rename = (a: string, b: string) => `ALTER ${RELATION_KIND[facts.relkind] ?? 'TABLE'} ${quoteQualified(facts.table)} RENAME COLUMN ${quoteIdent(a)} TO ${quoteIdent(b)};`;
  return redoable(`${columnExists(facts.table, to)} AND NOT ${columnExists(facts.table, from)}`, rename(to, from), rename(from, to));
}

/** Generated columns go before the columns they are computed from (down.sql re-adds in the reverse order). */
export const dropOrder = (model: MigrationModel): ColumnPlan[] =>
  model.columns.filter((c) => c.decision.action === 'drop').sort((a, b) => Number(!a.facts.generated) - Number(!b.facts.generated));

export function upStatements(model: MigrationModel): string[] {
  const out: string[] = [];
  if (model.blockers.length > 0) {
    out.push(doBlock([raise(`renamer: this migration cannot be applied safely:\n${model.blockers.map((b) => `- ${b}`).join('\n')}`)]));
  }
  const drops = dropOrder(model);
  const anyDropPending = drops.map((c) => columnExists(c.facts.table, c.facts.column)).join(' OR ');
  // Checked first, before any view or constraint is dropped: those take ACCESS EXCLUSIVE locks held to the commit.
  for (const plan of drops) out.push(...refreshStatements(plan));
  for (const fk of model.incomingForeignKeys) {
    out.push(`ALTER TABLE ${quoteQualified(fk.table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(fk.name)};`);
  }
  for (const fn of model.atomicFunctions) out.push(dropAtomicStatement(fn));
  if (model.views.length > 0) out.push(doBlock(ifThen(anyDropPending, [...model.views].reverse().map(dropViewStatement))));
  for (const plan of drops) out.push(...dropColumnStatements(plan));
  for (const view of model.views) out.push(doBlock(ifThen(`NOT ${relationExists(view)}`, createViewStatements(view, view.upDefinition))));
  for (const fn of model.atomicFunctions) out.push(...createAtomicStatements(fn));
  for (const plan of model.columns.filter((c) => c.decision.action === 'rename')) {
    out.push(...renameColumnStatements(plan));
    for (const o of renamedObjects(plan, model.columns)) if (o.first) out.push(...renameObjectStatements(plan.facts.table, o));
  }
  // After the renames: a SQL-language body is checked against the catalog when it is created.
  for (const fn of model.functionRewrites) out.push(replaceFunctionStatement(fn, 'up'));
  return out;
}

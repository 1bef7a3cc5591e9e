import { createMatcher } from '../words/index.js';
import type { ColumnPlan, MigrationModel } from './analyze.js';
import { fitIdentifier, quoteIdent, quoteQualified, type QualifiedName } from './quote.js';
import { createViewStatements, dropViewStatement } from './view-restore.js';
import { columnExists, constraintExists, doBlock, ifThen, raise, relationExists, statisticsExists } from './snippets.js';

function dropColumnBlock(plan: ColumnPlan): string {
  const { facts, deps, backup } = plan;
  const table = quoteQualified(facts.table);
  const body: string[] = [];
  if (backup) {
    const key = facts.restoreKey.map(quoteIdent);
    const selected = key.length > 0 ? [...key, quoteIdent(facts.column)].join(', ') : '*';
    body.push(`CREATE TABLE ${quoteQualified(backup)} AS SELECT ${selected} FROM ${table} WHERE ${quoteIdent(facts.column)} IS NOT NULL;`);
  }
  // A serial's sequence would be dropped with its column; keep it so down.sql can reattach it (cleanup.sql drops it).
  for (const seq of deps.ownedSequences.filter((s) => !s.identity)) body.push(`ALTER SEQUENCE ${quoteQualified(seq)} OWNED BY NONE;`);
  for (const trigger of deps.triggers) body.push(`DROP TRIGGER IF EXISTS ${quoteIdent(trigger.name)} ON ${table};`);
  body.push(`ALTER TABLE ${table} DROP COLUMN ${quoteIdent(facts.column)};`);
  return doBlock(ifThen(columnExists(facts.table, facts.column), body));
}

type RenamedKind = 'index' | 'constraint' | 'sequence' | 'statistics';
export interface RenamedObject {
  readonly kind: RenamedKind;
  readonly schema: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Index, constraint, sequence and extended statistics names that carry the old column name follow the rename,
 * including the indexes and statistics of partitions and inheritance children.
 */
export function renamedObjects(plan: ColumnPlan): RenamedObject[] {
  let matcher: ReturnType<typeof createMatcher>;
  try {
    matcher = createMatcher([{ from: plan.facts.column, to: plan.decision.to! }]);
  } catch {
    return []; // a name with no words (only punctuation) cannot appear inside other names
  }
  const out: RenamedObject[] = [];
  const add = (kind: RenamedKind, schema: string, from: string) => {
    const to = fitIdentifier(matcher.replaceAll(from));
    if (to !== from && !out.some((o) => o.kind === kind && o.schema === schema && o.from === from)) out.push({ kind, schema, from, to });
  };
  for (const c of plan.deps.constraints) if (!c.incoming && c.columns.includes(plan.facts.column)) add('constraint', plan.facts.table.schema, c.name);
  for (const i of plan.deps.indexes) if (!i.constraintBacked) add('index', i.schema, i.name);
  for (const s of plan.deps.ownedSequences) add('sequence', s.schema, s.name);
  for (const s of plan.deps.statistics) add('statistics', s.schema, s.name);
  // On a child, ALTER INDEX also renames the constraint an index backs (RENAME CONSTRAINT refuses inherited ones).
  for (const d of plan.deps.descendantObjects) add(d.kind, d.schema, d.name);
  return out;
}

export function renameObjectStatement(table: QualifiedName, o: RenamedObject, reverse = false): string {
  const [from, to] = reverse ? [o.to, o.from] : [o.from, o.to];
  if (o.kind === 'constraint') {
    return doBlock(ifThen(constraintExists(table, from), [`ALTER TABLE ${quoteQualified(table)} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)};`]));
  }
  if (o.kind === 'statistics') {
    // ALTER STATISTICS has no IF EXISTS for RENAME.
    const rename = `ALTER STATISTICS ${quoteQualified({ schema: o.schema, name: from })} RENAME TO ${quoteIdent(to)};`;
    return doBlock(ifThen(statisticsExists({ schema: o.schema, name: from }), [rename]));
  }
  const kind = o.kind === 'index' ? 'INDEX' : 'SEQUENCE';
  return `ALTER ${kind} IF EXISTS ${quoteQualified({ schema: o.schema, name: from })} RENAME TO ${quoteIdent(to)};`;
}

export function renameColumnBlock(plan: ColumnPlan, reverse = false): string {
  const { facts } = plan;
  const [from, to] = reverse ? [plan.decision.to!, facts.column] : [facts.column, plan.decision.to!];
  // RENAME COLUMN has no IF EXISTS: the guard makes a second run a no-op.
  return doBlock(
    ifThen(`${columnExists(facts.table, from)} AND NOT ${columnExists(facts.table, to)}`, [
      `ALTER TABLE ${quoteQualified(facts.table)} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)};`,
    ]),
  );
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
  for (const fk of model.incomingForeignKeys) {
    out.push(`ALTER TABLE ${quoteQualified(fk.table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(fk.name)};`);
  }
  if (model.views.length > 0) out.push(doBlock(ifThen(anyDropPending, [...model.views].reverse().map(dropViewStatement))));
  for (const plan of drops) out.push(dropColumnBlock(plan));
  for (const view of model.views) out.push(doBlock(ifThen(`NOT ${relationExists(view)}`, createViewStatements(view, view.upDefinition))));
  for (const plan of model.columns.filter((c) => c.decision.action === 'rename')) {
    out.push(renameColumnBlock(plan));
    for (const o of renamedObjects(plan)) out.push(renameObjectStatement(plan.facts.table, o));
  }
  return out;
}

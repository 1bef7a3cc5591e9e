import type { ColumnDependencies, ConstraintDependency, ViewDependency } from './dependencies.js';
import type { FunctionMention } from './function-mentions.js';
import type { ColumnFacts, Decision } from './model.js';
import { fitIdentifier, quoteIdent, quoteQualified, type QualifiedName } from './quote.js';
import { removeColumnFromView } from './view-rewrite.js';

export interface ColumnPlan {
  readonly decision: Decision;
  readonly facts: ColumnFacts;
  readonly deps: ColumnDependencies;
  readonly functions: readonly FunctionMention[];
  /** Where up.sql keeps the dropped values (none for generated columns: they are recomputed). */
  readonly backup?: QualifiedName;
}

export interface RecreatedView extends ViewDependency {
  /** The definition up.sql recreates (without the dropped columns); `definition` stays the original for down.sql. */
  readonly upDefinition: string;
}

/** What the generators work from: the decided columns and the consequences the catalog revealed. */
export interface MigrationModel {
  readonly columns: readonly ColumnPlan[];
  /** Views dropped before and recreated after the column drops, in creation order. */
  readonly views: readonly RecreatedView[];
  /** FKs on other tables whose referencing column is also dropped: up drops them first, down restores them last. */
  readonly incomingForeignKeys: readonly ConstraintDependency[];
  readonly blockers: readonly string[];
  readonly warnings: readonly string[];
}

export const backupName = (facts: ColumnFacts): QualifiedName => ({
  schema: facts.table.schema,
  name: fitIdentifier(`${facts.table.name}_${facts.column}_renamer_backup`),
});

const label = (c: ColumnFacts) => `${quoteQualified(c.table)}.${quoteIdent(c.column)}`;
const isForeignFrom = (c: ConstraintDependency, col: ColumnFacts) =>
  c.type === 'f' && (c.incoming || !c.columns.includes(col.column));

export function analyze(plans: readonly Omit<ColumnPlan, 'backup'>[]): MigrationModel {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const dropped = plans.filter((p) => p.decision.action === 'drop');
  const droppedKey = new Set(dropped.map((p) => `${p.facts.table.schema}.${p.facts.table.name}.${p.facts.column}`));
  const columns: ColumnPlan[] = plans.map((p) =>
    p.decision.action === 'drop' && !p.facts.generated ? { ...p, backup: backupName(p.facts) } : p,
  );
  const incoming = new Map<string, ConstraintDependency>();
  const viewsByOid = new Map<number, RecreatedView>();

  for (const { decision, facts, deps, functions } of plans) {
    const name = label(facts);
    for (const fn of functions) {
      const as = fn.mentions.filter((m) => m !== facts.column);
      warnings.push(`function ${fn.name} (${fn.language}) mentions ${facts.column} in its body${as.length > 0 ? ` (as ${as.join(', ')})` : ''}; PostgreSQL does not track it, update it by hand`);
    }
    if (facts.inherited && decision.action !== 'keep') blockers.push(`${name} is inherited from a parent table (partition or INHERITS): ${decision.action} it on the parent`);
    if (decision.action !== 'drop') continue;
    if (facts.partitionKey) blockers.push(`${name} is part of the partition key of ${quoteQualified(facts.table)}: it cannot be dropped`);
    for (const g of deps.generatedColumns) {
      if (!droppedKey.has(`${facts.table.schema}.${facts.table.name}.${g}`)) blockers.push(`generated column ${quoteIdent(g)} of ${quoteQualified(facts.table)} is computed from ${name}: drop it too or change its expression`);
    }
    for (const policy of deps.policies) blockers.push(`row-level security policy ${quoteIdent(policy)} on ${quoteQualified(facts.table)} uses ${name}: drop or rewrite the policy first`);
    for (const pub of deps.publications) blockers.push(`publication ${quoteIdent(pub)} lists ${name} in its column list: change the publication first`);
    for (const fn of deps.trackedFunctions) blockers.push(`function ${fn} (a BEGIN ATOMIC body) uses ${name}: drop or rewrite the function first`);
    for (const c of deps.constraints.filter((c) => isForeignFrom(c, facts))) {
      const decided = c.columns.some((col) => droppedKey.has(`${c.table.schema}.${c.table.name}.${col}`));
      if (decided) incoming.set(`${c.table.schema}.${c.table.name}.${c.name}`, c);
      else blockers.push(`foreign key ${quoteIdent(c.name)} on ${quoteQualified(c.table)} references ${name}: decide its column (${c.columns.map(quoteIdent).join(', ')}) too`);
    }
    for (const t of deps.triggers) warnings.push(`trigger ${quoteIdent(t.name)} on ${quoteQualified(facts.table)} depends on ${name}: up.sql drops it, down.sql recreates it`);
    if (!facts.generated && facts.restoreKey.length === 0) warnings.push(`${quoteQualified(facts.table)} has no primary key or NOT NULL unique key without ${facts.column}: down.sql re-adds ${name} but cannot restore its values`);
    for (const view of deps.views) {
      if (!view.direct) {
        if (!viewsByOid.has(view.oid)) warnings.push(`view ${quoteQualified(view)} reads whole rows of ${quoteQualified(facts.table)}: its row values lose ${facts.column}`);
        continue;
      }
      const existing = viewsByOid.get(view.oid);
      const rewrite = removeColumnFromView(existing?.upDefinition ?? view.definition, facts.table.name, facts.column);
      if (!rewrite.ok) blockers.push(`view ${quoteQualified(view)} cannot be recreated without ${name}: ${rewrite.reason}; drop or rewrite the view first`);
      else viewsByOid.set(view.oid, { ...view, upDefinition: rewrite.definition });
    }
  }
  // Views built on a rewritten view must be dropped and recreated with it.
  for (const { decision, deps } of plans) {
    if (decision.action !== 'drop') continue;
    let grew = true;
    while (grew) {
      grew = false;
      for (const view of deps.views) {
        if (!viewsByOid.has(view.oid) && view.dependsOn.some((oid) => viewsByOid.has(oid))) {
          viewsByOid.set(view.oid, { ...view, upDefinition: view.definition });
          grew = true;
        }
      }
    }
  }
  const views = orderViews([...viewsByOid.values()]);
  return { columns, views, incomingForeignKeys: [...incoming.values()], blockers: [...new Set(blockers)], warnings: [...new Set(warnings)] };
}

/** Creation order: a view after the views it is built on. */
function orderViews(views: RecreatedView[]): RecreatedView[] {
  const byOid = new Map(views.map((v) => [v.oid, v]));
  const done = new Set<number>();
  const out: RecreatedView[] = [];
  const visit = (v: RecreatedView) => {
    if (done.has(v.oid)) return;
    done.add(v.oid);
    for (const oid of v.dependsOn) {
      const dep = byOid.get(oid);
      if (dep) visit(dep);
    }
    out.push(v);
  };
  views.sort((a, b) => a.oid - b.oid).forEach(visit);
  return out;
}

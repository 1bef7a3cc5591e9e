import type { ColumnDependencies, ConstraintDependency, ViewDependency } from './dependencies.js';
import type { AtomicFunction } from './atomic-functions.js';
import type { FunctionRewrite } from './function-bodies.js';
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
  /** The trigger that records writes made while the backup is copied (with `backup`). */
  readonly capture?: Capture;
}

/**
 * renamer's own trigger, installed before the backup is copied and dropped with the column: it logs the restore key
 * of every row written meanwhile, so that the drop's transaction refreshes only those rows of the backup.
 */
export interface Capture {
  /** The trigger's name on the table and its inheritance children (partitions get the row trigger as a clone). */
  readonly trigger: string;
  /** The AFTER TRUNCATE trigger (statement level: on the table and every descendant, partitions included). */
  readonly truncateTrigger: string;
  readonly function: QualifiedName;
  /** The keys of the rows written since the trigger was installed (a row of NULL keys: a TRUNCATE). */
  readonly log: QualifiedName;
  /** Inheritance children (INHERITS, not partitions), which a parent's row trigger does not cover. */
  readonly children: readonly QualifiedName[];
  /** Partitions and inheritance children, for the TRUNCATE trigger. */
  readonly descendants: readonly QualifiedName[];
}

export interface RecreatedView extends ViewDependency {
  /** The definition up.sql recreates (without the dropped columns); `definition` stays the original for down.sql. */
  readonly upDefinition: string;
  /** Output columns the up definition no longer has. */
  readonly removed: readonly string[];
}

/** What the generators work from: the decided columns and the consequences the catalog revealed. */
export interface MigrationModel {
  readonly columns: readonly ColumnPlan[];
  /** The schema up.sql keeps dropped values in. */
  readonly backupSchema: string;
  /** up.sql creates the backup schema (it did not exist), so down.sql drops it once it is empty again. */
  readonly createsBackupSchema: boolean;
  /** Views dropped before and recreated after the column drops, in creation order. */
  readonly views: readonly RecreatedView[];
  /** FKs on other tables whose referencing column is also dropped: up drops them first, down restores them last. */
  readonly incomingForeignKeys: readonly ConstraintDependency[];
  /** Function bodies that name a renamed column: re-created with the new name after the renames, restored in down. */
  readonly functionRewrites: readonly FunctionRewrite[];
  /** BEGIN ATOMIC functions built on a recreated view: dropped before it and re-created after it. */
  readonly atomicFunctions: readonly AtomicFunction[];
  readonly blockers: readonly string[];
  readonly warnings: readonly string[];
}

/** The default schema for backups: apart from the application's tables, reachable by no role but its owner. */
export const BACKUP_SCHEMA = 'renamer_backup';

export const backupName = (facts: ColumnFacts, schema = BACKUP_SCHEMA): QualifiedName => ({
  schema,
  name: fitIdentifier(`${facts.table.schema}_${facts.table.name}_${facts.column}`),
});

export const captureNames = (facts: ColumnFacts, schema = BACKUP_SCHEMA): Capture => {
  const base = `${facts.table.schema}_${facts.table.name}_${facts.column}`;
  return {
    trigger: fitIdentifier(`renamer_capture_${facts.column}`),
    truncateTrigger: fitIdentifier(`renamer_capture_truncate_${facts.column}`),
    function: { schema, name: fitIdentifier(`${base}__capture`) },
    log: { schema, name: fitIdentifier(`${base}__changes`) },
    children: [],
    descendants: [],
  };
};

const label = (c: ColumnFacts) => `${quoteQualified(c.table)}.${quoteIdent(c.column)}`;
const isForeignFrom = (c: ConstraintDependency, col: ColumnFacts) =>
  c.type === 'f' && (c.incoming || !c.columns.includes(col.column));

export function analyze(plans: readonly Omit<ColumnPlan, 'backup' | 'capture'>[], backupSchema = BACKUP_SCHEMA): MigrationModel {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const dropped = plans.filter((p) => p.decision.action === 'drop');
  const droppedKey = new Set(dropped.map((p) => `${p.facts.table.schema}.${p.facts.table.name}.${p.facts.column}`));
  const columns: ColumnPlan[] = plans.map((p) =>
    p.decision.action === 'drop' && !p.facts.generated ? { ...p, backup: backupName(p.facts, backupSchema), capture: captureNames(p.facts, backupSchema) } : p,
  );
  const incoming = new Map<string, ConstraintDependency>();
  const viewsByOid = new Map<number, RecreatedView>();
  const allViews = new Map<number, ViewDependency>();
  const chains = new Map<number, string>();

  for (const { decision, facts, deps, functions } of plans) {
    const name = label(facts);
    for (const fn of functions) {
      const as = fn.mentions.filter((m) => m !== facts.column);
      warnings.push(`function ${fn.name} (${fn.language}) mentions ${facts.column} in its body${as.length > 0 ? ` (as ${as.join(', ')})` : ''}; PostgreSQL does not track it, update it by hand`);
    }
    if (decision.action !== 'keep') {
      // A trigger that depends on the column (UPDATE OF, WHEN) goes with a drop anyway (up.sql drops it, down.sql
      // recreates it); any other that names the column as an argument would fail on every write afterwards.
      const goes = new Set(decision.action === 'drop' ? deps.triggers.map((t) => t.name) : []);
      for (const t of deps.triggerArguments) {
        if (goes.has(t.name)) continue;
        blockers.push(`trigger ${quoteIdent(t.name)} on ${quoteQualified(facts.table)} passes ${quoteIdent(facts.column)} to its function by name (${t.definition}): every write to the table would fail once ${name} is ${decision.action === 'drop' ? 'dropped' : 'renamed'}; recreate the trigger with the new arguments first`);
      }
    }
    if (facts.inherited && decision.action !== 'keep') blockers.push(`${name} is inherited from a parent table (partition or INHERITS): ${decision.action} it on the parent`);
    if (decision.action !== 'drop') continue;
    if (facts.partitionKey) blockers.push(`${name} is part of the partition key of ${quoteQualified(facts.table)}: it cannot be dropped`);
    for (const g of deps.generatedColumns) {
      if (!droppedKey.has(`${facts.table.schema}.${facts.table.name}.${g}`)) blockers.push(`generated column ${quoteIdent(g)} of ${quoteQualified(facts.table)} is computed from ${name}: drop it too or change its expression`);
    }
    for (const rule of deps.rules) blockers.push(`rule ${rule} uses ${name}: drop or rewrite the rule first`);
    for (const policy of deps.policies) blockers.push(`row-level security policy ${quoteIdent(policy)} on ${quoteQualified(facts.table)} uses ${name}: drop or rewrite the policy first`);
    for (const policy of deps.foreignPolicies) blockers.push(`row-level security policy ${policy} uses ${name}: drop or rewrite the policy first`);
    for (const pub of deps.publications) blockers.push(`publication ${quoteIdent(pub)} lists ${name} in its column list: change the publication first`);
    for (const fn of deps.trackedFunctions) blockers.push(`function ${fn} (a BEGIN ATOMIC body) uses ${name}: drop or rewrite the function first`);
    for (const c of deps.constraints.filter((c) => isForeignFrom(c, facts))) {
      const decided = c.columns.some((col) => droppedKey.has(`${c.table.schema}.${c.table.name}.${col}`));
      if (decided) incoming.set(`${c.table.schema}.${c.table.name}.${c.name}`, c);
      else blockers.push(`foreign key ${quoteIdent(c.name)} on ${quoteQualified(c.table)} references ${name}: decide its column (${c.columns.map(quoteIdent).join(', ')}) too`);
    }
    for (const t of deps.triggers) warnings.push(`trigger ${quoteIdent(t.name)} on ${quoteQualified(facts.table)} depends on ${name}: up.sql drops it, down.sql recreates it`);
    // PostgreSQL checks a domain's NOT NULL as the column is added, before any value is back (a domain default fills it).
    if (!facts.generated && facts.notNullDomains) blockers.push(`${name} is of the NOT NULL domain ${facts.notNullDomains.join(', ')}, which has no default: down.sql re-adds the column empty, which the domain refuses on a table with rows, so it could never succeed; give the domain a DEFAULT first, or keep the column`);
    // Re-added without its values, a NOT NULL column cannot get NOT NULL back: such a down.sql could never succeed.
    if (!facts.generated && facts.restoreKey.length === 0 && facts.notNull) blockers.push(`${name} is NOT NULL and ${quoteQualified(facts.table)} has no other primary key or NOT NULL unique key to restore its values by: down.sql could never succeed; add such a key first, or keep the column`);
    else if (!facts.generated && facts.restoreKey.length === 0) warnings.push(`${quoteQualified(facts.table)} has no primary key or NOT NULL unique key without ${facts.column}: down.sql re-adds ${name} but cannot restore its values`);
    for (const view of deps.views) {
      allViews.set(view.oid, view);
      if (view.wholeRow && !view.direct && !viewsByOid.has(view.oid)) warnings.push(`view ${quoteQualified(view)} reads whole rows of ${quoteQualified(facts.table)}: its row values lose ${facts.column}`);
      if (!view.direct) continue;
      const existing = viewsByOid.get(view.oid);
      const rewrite = removeColumnFromView(existing?.upDefinition ?? view.definition, facts.table.name, facts.column);
      if (!rewrite.ok) blockers.push(`view ${quoteQualified(view)} cannot be recreated without ${name}: ${rewrite.reason}; drop or rewrite the view first`);
      else {
        viewsByOid.set(view.oid, { ...view, upDefinition: rewrite.definition, removed: [...(existing?.removed ?? []), ...rewrite.removed] });
        chains.set(view.oid, `${name} → ${quoteQualified(view)}`);
      }
    }
  }
  // Views built on a rewritten view lose the same output columns (transitively), or are at least dropped and recreated with it.
  for (const view of orderViews([...allViews.values()])) {
    for (const parentOid of view.dependsOn) {
      const parent = viewsByOid.get(parentOid);
      if (!parent) continue;
      const current = viewsByOid.get(view.oid);
      const chain = `${chains.get(parentOid) ?? quoteQualified(parent)} → ${quoteQualified(view)}`;
      let definition = current?.upDefinition ?? view.definition;
      const removed = [...(current?.removed ?? [])];
      for (const column of parent.removed) {
        const rewrite = removeColumnFromView(definition, parent.name, column, true);
        if (!rewrite.ok) {
          blockers.push(`view ${quoteQualified(view)} cannot be recreated without ${quoteQualified(parent)}.${quoteIdent(column)} (${chain}): ${rewrite.reason}; drop or rewrite the view first`);
          continue;
        }
        definition = rewrite.definition;
        removed.push(...rewrite.removed);
      }
      viewsByOid.set(view.oid, { ...view, upDefinition: definition, removed });
      if (!chains.has(view.oid)) chains.set(view.oid, chain);
    }
  }
  const views = orderViews([...viewsByOid.values()]);
  return { columns, backupSchema, createsBackupSchema: true, views, incomingForeignKeys: [...incoming.values()], functionRewrites: [], atomicFunctions: [], blockers: [...new Set(blockers)], warnings: [...new Set(warnings)] };
}

/** Creation order: a view after the views it is built on. */
function orderViews<V extends { readonly oid: number; readonly dependsOn: readonly number[] }>(views: V[]): V[] {
  const byOid = new Map(views.map((v) => [v.oid, v]));
  const done = new Set<number>();
  const out: V[] = [];
  const visit = (v: V) => {
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

import { createMatcher } from '../words/index.js';
import type { ColumnPlan } from './analyze.js';
import { fitIdentifier, type QualifiedName } from './quote.js';

type RenamedKind = 'index' | 'constraint' | 'sequence' | 'statistics';
export interface RenamedObject {
  readonly kind: RenamedKind;
  readonly schema: string;
  readonly from: string;
  readonly to: string;
  /** A constraint of a partition or inheritance child: the table it is on (else the column's table). */
  readonly table?: QualifiedName;
  /** The first of the migration's renames that renames this object: only its statements rename it (and back). */
  readonly first: boolean;
}

type Matcher = ReturnType<typeof createMatcher>;
type Own = Omit<RenamedObject, 'to' | 'first'>;

function matcherOf(plan: ColumnPlan): Matcher | undefined {
  try {
    return createMatcher([{ from: plan.facts.column, to: plan.decision.to! }]);
  } catch {
    return undefined; // a name with no words (only punctuation) cannot appear inside other names
  }
}

const keyOf = (o: Own) => `${o.kind}\0${o.schema}\0${o.from}\0${o.table?.schema ?? ''}\0${o.table?.name ?? ''}`;

/** The objects one rename would rename on its own: their names carry its old column name. */
function ownObjects(plan: ColumnPlan, matcher: Matcher): Own[] {
  const out = new Map<string, Own>();
  const add = (kind: RenamedKind, schema: string, from: string, table?: QualifiedName) => {
    const o: Own = { kind, schema, from, ...(table ? { table } : {}) };
    if (fitIdentifier(matcher.replaceAll(from)) !== from && !out.has(keyOf(o))) out.set(keyOf(o), o);
  };
  for (const c of plan.deps.constraints) if (!c.incoming && c.columns.includes(plan.facts.column)) add('constraint', plan.facts.table.schema, c.name);
  for (const i of plan.deps.indexes) if (!i.constraintBacked) add('index', i.schema, i.name);
  for (const s of plan.deps.ownedSequences) add('sequence', s.schema, s.name);
  for (const s of plan.deps.statistics) add('statistics', s.schema, s.name);
  // On a child, ALTER INDEX also renames the constraint an index backs (RENAME CONSTRAINT refuses inherited ones).
  for (const d of plan.deps.descendantObjects) add(d.kind, d.schema, d.name, d.kind === 'constraint' ? { schema: d.tableSchema, name: d.table } : undefined);
  return [...out.values()];
}

/**
 * Index, constraint, sequence and extended statistics names that carry the old column name follow the rename,
 * including the indexes and statistics of partitions and inheritance children. `others` are the migration's other
 * decisions: a name that carries two renamed columns (documenso's "Recipient_email_signingStatus_envelopeId_role_idx"
 * for email and role) gets every new word in one rename. Renamed per column from its original name, the second
 * rename found nothing (ALTER INDEX IF EXISTS) or failed (RENAME CONSTRAINT), and the post-check looked for a name
 * nothing had given it. Every rename sharing the object reports the same final name; `first` says which renames it.
 */
export function renamedObjects(plan: ColumnPlan, others: readonly ColumnPlan[] = []): RenamedObject[] {
  const matcher = matcherOf(plan);
  if (!matcher) return [];
  const sharers = others
    .filter((p) => p !== plan && p.decision.action === 'rename' && p.facts.table.schema === plan.facts.table.schema && p.facts.table.name === plan.facts.table.name)
    .map((p) => ({ p, matcher: matcherOf(p) }))
    .flatMap(({ p, matcher: m }) => (m ? [{ p, matcher: m, keys: new Set(ownObjects(p, m).map(keyOf)) }] : []));
  const order = (p: ColumnPlan) => others.indexOf(p);
  return ownObjects(plan, matcher).map((o) => {
    const sharing = [{ p: plan, matcher }, ...sharers.filter((s) => s.keys.has(keyOf(o)))].sort((a, b) => order(a.p) - order(b.p));
    const to = fitIdentifier(sharing.reduce((name, s) => s.matcher.replaceAll(name), o.from));
    return { ...o, to, first: sharing[0].p === plan };
  });
}

/**
 * The name an index or constraint of `plan`'s table has after up.sql: another rename of the table may have renamed
 * it even when this one leaves its name alone (documenso's "Recipient_email_documentDeletedAt_envelopeId_idx" for
 * email and envelopeId → envelope_id, whose camelCase spelling stays envelopeId).
 */
export function nameAfterUp(plan: ColumnPlan, columns: readonly ColumnPlan[], name: string): string {
  for (const p of [plan, ...columns.filter((c) => c !== plan && c.decision.action === 'rename')]) {
    if (p.decision.action !== 'rename') continue;
    const renamed = renamedObjects(p, columns).find((o) => o.from === name && (o.kind === 'index' || o.kind === 'constraint'));
    if (renamed) return renamed.to;
  }
  return name;
}

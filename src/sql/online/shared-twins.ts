import type { ColumnPlan } from '../analyze.js';
import { renamedObjects } from '../generate-up.js';
import type { OnlineConstraint, OnlineIndex, OnlineRename } from './model.js';
import { renameColumnIn, twinIndexDefinition } from './rewrite.js';

/**
 * Twins of an index or constraint that reads several columns the plan renames on one table (documenso's
 * "Recipient_email_signingStatus_envelopeId_role_idx" for email and role): one twin on every new column, under the
 * name all the renames give it, shared by each rename (expand builds it once: IF NOT EXISTS). Each rename used to
 * build its own twin with only its column switched, so every twin still read another old column, and contract's DROP
 * COLUMN took the original and all the twins with it: the index (a unique one's uniqueness) was gone, exit 0.
 */
export function sharedTwins(renames: readonly OnlineRename[], plans: ReadonlyMap<OnlineRename, ColumnPlan>): Map<OnlineRename, { indexes: OnlineIndex[]; constraints: OnlineConstraint[] }> {
  const allPlans = [...plans.values()];
  const out = new Map<OnlineRename, { indexes: OnlineIndex[]; constraints: OnlineConstraint[] }>();
  for (const [r, plan] of plans) {
    const siblings = renames.filter((s) => plans.has(s) && s.table.schema === r.table.schema && s.table.name === r.table.name);
    const renamed = renamedObjects(plan, allPlans);
    const nameOf = (kind: string, original: string, fallback: string) => renamed.find((o) => o.kind === kind && o.from === original)?.to ?? fallback;
    const indexes = r.indexes.map((i) => {
      const readers = siblings.filter((s) => s.indexes.some((x) => x.schema === i.schema && x.name === i.name));
      if (readers.length < 2) return i;
      const twin = nameOf('index', i.name, i.twin);
      return { ...i, twin, twinDefinition: twinIndexDefinition(i.definition, twin, readers.map((s) => ({ from: s.from, to: s.to }))) };
    });
    const constraints = r.constraints.map((c) => {
      const readers = siblings.filter((s) => s.constraints.some((x) => x.name === c.name));
      if (readers.length < 2) return c;
      const fk = /^FOREIGN KEY /.test(c.definition);
      const twinDefinition = readers.reduce((text, s) => renameColumnIn(text, s.from, s.to, { firstListOnly: fk }), c.definition);
      return { ...c, twin: nameOf('constraint', c.name, c.twin), twinDefinition };
    });
    out.set(r, { indexes, constraints });
  }
  return out;
}

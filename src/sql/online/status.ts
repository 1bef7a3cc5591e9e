import { quoteIdent, quoteLiteral, quoteQualified, regclassLiteral } from '../quote.js';
import type { SqlSession } from '../session.js';
import { columnExists, triggerExists } from '../snippets.js';
import type { OnlineMigration, OnlineRename } from './model.js';
import { notNullCheck } from './phases.js';
import { syncTriggerName } from './triggers.js';

export type OnlineState = 'not started' | 'expanded' | 'backfilled' | 'contracted' | 'inconsistent';

export interface RenameStatus {
  readonly schema: string;
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly state: OnlineState;
  /** Rows whose two columns differ (null when only one column exists). 0 is the only value contract accepts. */
  readonly differing: number | null;
  /** Constraints of the new column not yet validated, plus its indexes missing or invalid. */
  readonly pending: number;
}

/** What comes next from each state, for people reading --status. */
export const NEXT: Record<OnlineState, string> = {
  'not started': 'run --phase expand',
  expanded: 'run --phase backfill',
  backfilled: 'ship the code (renamer apply), then run --phase contract once no old instance is left',
  contracted: 'done; cleanup.sql drops the backup once the way back is no longer needed',
  inconsistent: 'a phase stopped halfway: run it again, or its down',
};

/**
 * One row per rename, read from the catalog alone. The differing count needs both column names in a query that must
 * still parse when one is gone: query_to_xml runs it only when both exist (a read, ACCESS SHARE, like any SELECT).
 */
function statusRow(r: OnlineRename): string {
  const both = `${columnExists(r.table, r.from)} AND ${columnExists(r.table, r.to)}`;
  const count = `SELECT count(*) AS n FROM ${quoteQualified(r.table)} WHERE ${quoteIdent(r.to)} IS DISTINCT FROM ${quoteIdent(r.from)}`;
  const differing = `CASE WHEN ${both} THEN ((pg_catalog.xpath('/row/n/text()', pg_catalog.query_to_xml(${quoteLiteral(count)}, false, true, '')))[1])::text::bigint END`;
  const names = [...(r.notNull ? [notNullCheck(r, r.to)] : []), ...r.constraints.map((c) => c.twin)];
  const unvalidated = names.length === 0 ? '0' : `(SELECT count(*) FROM pg_catalog.pg_constraint WHERE conrelid = pg_catalog.to_regclass(${regclassLiteral(r.table)}) AND conname IN (${names.map(quoteLiteral).join(', ')}) AND NOT convalidated)`;
  const badIndexes = r.indexes.length === 0 ? '0' : `(SELECT count(*) FROM (VALUES ${r.indexes.map((i) => `(${quoteLiteral(quoteQualified({ schema: i.schema, name: i.twin }))})`).join(', ')}) AS twin(name)
       WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass(twin.name) AND indisvalid))`;
  // Twins exist only between expand and contract: before expand (or after its down), a missing twin is not pending.
  return `SELECT ${quoteLiteral(r.table.schema)}::text AS schema, ${quoteLiteral(r.table.name)}::text AS "table", ${quoteLiteral(r.from)}::text AS "from", ${quoteLiteral(r.to)}::text AS "to",
       ${columnExists(r.table, r.from)} AS has_old, ${columnExists(r.table, r.to)} AS has_new, ${triggerExists(r.table, syncTriggerName(r))} AS has_trigger,
       ${differing} AS differing,
       CASE WHEN ${both} THEN ${unvalidated} + ${badIndexes} ELSE 0 END AS pending`;
}

export function statusQuery(m: OnlineMigration): string {
  const rows = m.renames.map(statusRow);
  const state = `CASE WHEN has_old AND NOT has_new AND NOT has_trigger THEN 'not started'
            WHEN has_old AND has_new AND has_trigger AND differing = 0 AND pending = 0 THEN 'backfilled'
            WHEN has_old AND has_new AND has_trigger THEN 'expanded'
            WHEN NOT has_old AND has_new AND NOT has_trigger THEN 'contracted'
            ELSE 'inconsistent' END`;
  if (rows.length === 0) return `SELECT NULL::text AS schema, NULL::text AS "table", NULL::text AS "from", NULL::text AS "to", NULL::text AS state, NULL::bigint AS differing, 0::bigint AS pending WHERE false`;
  return `SELECT schema, "table", "from", "to", ${state} AS state, differing, pending::bigint AS pending
  FROM (${rows.join('\n  UNION ALL\n  ')}) AS renames`;
}

export async function onlineStatus(db: SqlSession, m: OnlineMigration): Promise<RenameStatus[]> {
  const rows = await db.query<{ schema: string; table: string; from: string; to: string; state: OnlineState; differing: string | number | null; pending: string | number }>(statusQuery(m));
  return rows.map((r) => ({ ...r, differing: r.differing === null ? null : Number(r.differing), pending: Number(r.pending) }));
}

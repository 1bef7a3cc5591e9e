import type { ResolvedColumn } from './model.js';
import type { SqlSession } from './session.js';

/** An index, extended statistics object or own CHECK / FOREIGN KEY constraint on a partition or inheritance child that uses the same column. */
export interface DescendantObject {
  readonly kind: 'index' | 'statistics' | 'constraint';
  readonly schema: string;
  readonly name: string;
  /** The child table (for a constraint, which is renamed with ALTER TABLE child RENAME CONSTRAINT). */
  readonly tableSchema: string;
  readonly table: string;
}

/**
 * Partitions get their own index per parent index (`events_2025_session_id_idx`), and statistics objects are per
 * table: renaming the parent's objects leaves these with the old name. Children follow the parent's column by name,
 * since a child's attnum may differ (dropped columns, ATTACH PARTITION of a table built separately).
 */
export async function descendantObjects(db: SqlSession, col: ResolvedColumn): Promise<DescendantObject[]> {
  const uses = (classTable: string, objid: string) =>
    `EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classTable}'::regclass AND d.objid = ${objid}
               AND d.refclassid = 'pg_class'::regclass AND d.refobjid = col.attrelid AND d.refobjsubid = col.attnum)`;
  return db.query<DescendantObject>(
    `WITH RECURSIVE tree(relid) AS (
       SELECT inhrelid FROM pg_inherits WHERE inhparent = $1
       UNION SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.relid),
     col AS (SELECT a.attrelid, a.attnum FROM tree JOIN pg_attribute a ON a.attrelid = tree.relid AND a.attname = $2 AND NOT a.attisdropped)
     SELECT 'index' AS kind, n.nspname AS schema, ic.relname AS name, tn.nspname AS "tableSchema", tc.relname AS table
       FROM col JOIN pg_index i ON i.indrelid = col.attrelid JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
       JOIN pg_class tc ON tc.oid = col.attrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
      WHERE col.attnum = ANY(i.indkey::int2[]) OR ${uses('pg_class', 'i.indexrelid')}
     UNION
     SELECT 'statistics', n.nspname, s.stxname, tn.nspname, tc.relname
       FROM col JOIN pg_statistic_ext s ON s.stxrelid = col.attrelid JOIN pg_namespace n ON n.oid = s.stxnamespace
       JOIN pg_class tc ON tc.oid = col.attrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
      WHERE col.attnum = ANY(s.stxkeys::int2[]) OR ${uses('pg_statistic_ext', 's.oid')}
     UNION
     -- The child's own CHECK and FOREIGN KEY constraints (inherited or cloned ones follow the parent's and cannot be
     -- renamed on the child; UNIQUE / PRIMARY KEY / EXCLUDE are renamed with their index above).
     SELECT 'constraint', tn.nspname, c.conname, tn.nspname, tc.relname
       FROM col JOIN pg_constraint c ON c.conrelid = col.attrelid AND col.attnum = ANY(c.conkey)
       JOIN pg_class tc ON tc.oid = col.attrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
      WHERE c.contype IN ('c', 'f') AND c.conparentid = 0 AND c.coninhcount = 0
     ORDER BY 1, 2, 3`,
    [col.tableOid, col.column],
  );
}

import type { QualifiedName } from './quote.js';
import type { ResolvedColumn } from './model.js';
import type { SqlSession } from './session.js';
import { descendantObjects, type DescendantObject } from './descendants.js';
import { viewExtras, type ViewExtras } from './view-extras.js';

export interface ViewDependency extends QualifiedName, ViewExtras {
  readonly oid: number;
  readonly materialized: boolean;
  readonly definition: string;
  readonly options: readonly string[];
  readonly comment?: string;
  /** Names the column itself (false: only a whole-row reference, or only reached through another view). */
  readonly direct: boolean;
  /** Reads whole rows of the table (`SELECT t FROM t`): its row values lose the column, nothing to rewrite. */
  readonly wholeRow: boolean;
  /** Views on views: oids of the views this one is built on, within this set. */
  readonly dependsOn: readonly number[];
}

export interface NamedDefinition {
  readonly name: string;
  readonly definition: string;
  /** COMMENT ON the object: DROP COLUMN takes it with the object, down.sql gives it back. */
  readonly comment?: string;
}

export interface ConstraintDependency extends NamedDefinition {
  readonly type: string;
  readonly table: QualifiedName;
  /** Columns of the constraining table (for an FK from another table: the referencing columns). */
  readonly columns: readonly string[];
  /** An FK on another table that references this column. */
  readonly incoming: boolean;
}

export interface IndexDependency extends NamedDefinition {
  readonly schema: string;
  /** Backs a PRIMARY KEY / UNIQUE / EXCLUDE constraint: restored through the constraint, not CREATE INDEX. */
  readonly constraintBacked: boolean;
}

/** Everything PostgreSQL records (pg_depend) as depending on one column, plus a heuristic for function bodies. */
export interface ColumnDependencies {
  readonly views: readonly ViewDependency[];
  readonly indexes: readonly IndexDependency[];
  readonly constraints: readonly ConstraintDependency[];
  readonly triggers: readonly NamedDefinition[];
  /**
   * Triggers that pass the column's name as an argument (`tsvector_update_trigger(tsv, 'english', title, body)`,
   * `moddatetime(updated_at)`): PostgreSQL does not record the dependency, and the function looks the column up by
   * name at run time, so every write to the table fails once the column is renamed or dropped.
   */
  readonly triggerArguments: readonly NamedDefinition[];
  readonly generatedColumns: readonly string[];
  readonly policies: readonly string[];
  /** Row-level security policies of other tables whose expressions read the column (`name on table`). */
  readonly foreignPolicies: readonly string[];
  /** CREATE RULE rules on tables (this one or others) whose actions use the column: they block a DROP COLUMN. */
  readonly rules: readonly string[];
  readonly publications: readonly string[];
  readonly statistics: readonly (NamedDefinition & { schema: string })[];
  readonly ownedSequences: readonly (QualifiedName & { identity: boolean })[];
  /** Indexes and statistics on partitions and inheritance children that use the column (by name). */
  readonly descendantObjects: readonly DescendantObject[];
  /** SQL-standard (BEGIN ATOMIC) function bodies: tracked by PostgreSQL, so they block a DROP. */
  readonly trackedFunctions: readonly string[];
}

const dependsOnColumn = (classTable: string, objExpr: string) =>
  `EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classTable}'::regclass AND d.objid = ${objExpr}
             AND d.refclassid = 'pg_class'::regclass AND d.refobjid = $1 AND d.refobjsubid = $2)`;

const withComment = (comment: string | null) => (comment === null ? {} : { comment });

export async function columnDependencies(db: SqlSession, col: ResolvedColumn): Promise<ColumnDependencies> {
  const params = [col.tableOid, col.attnum];
  const views = await db.query<{ oid: number; schema: string; name: string; relkind: string; definition: string; options: string[] | null; comment: string | null; direct: boolean; whole_row: boolean; depends_on: number[] }>(
    `WITH RECURSIVE dep(oid, direct, nested) AS (
       SELECT r.ev_class, bool_or(d.refobjsubid = $2), false
         FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
         JOIN pg_class rc ON rc.oid = r.ev_class AND rc.relkind IN ('v', 'm')
        WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = $1 AND d.refobjsubid IN (0, $2) AND r.ev_class <> $1
        GROUP BY r.ev_class
       UNION
       SELECT r.ev_class, false, true
         FROM dep JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = dep.oid AND d.classid = 'pg_rewrite'::regclass
         JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class rc ON rc.oid = r.ev_class AND rc.relkind IN ('v', 'm')
        WHERE r.ev_class <> dep.oid)
     SELECT v.oid::int AS oid, n.nspname AS schema, v.relname AS name, v.relkind::text AS relkind,
            pg_get_viewdef(v.oid) AS definition, v.reloptions AS options, obj_description(v.oid, 'pg_class') AS comment,
            bool_or(dep.direct) AS direct, bool_or(NOT dep.direct AND NOT dep.nested) AS whole_row,
            COALESCE((SELECT array_agg(DISTINCT d2.refobjid::int) FROM pg_depend d2 JOIN pg_rewrite r2 ON r2.oid = d2.objid
                       WHERE d2.classid = 'pg_rewrite'::regclass AND r2.ev_class = v.oid AND d2.refobjid <> v.oid
                         AND d2.refobjid IN (SELECT oid FROM dep)), '{}') AS depends_on
       FROM dep JOIN pg_class v ON v.oid = dep.oid JOIN pg_namespace n ON n.oid = v.relnamespace
      GROUP BY v.oid, n.nspname, v.relname, v.relkind, v.reloptions ORDER BY v.oid`,
    params,
  );
  const indexes = await db.query<{ name: string; schema: string; definition: string; constraint_backed: boolean; comment: string | null }>(
    `SELECT ic.relname AS name, n.nspname AS schema, pg_get_indexdef(i.indexrelid) AS definition, obj_description(i.indexrelid, 'pg_class') AS comment,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')) AS constraint_backed
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE i.indrelid = $1 AND ($2 = ANY(i.indkey::int2[]) OR ${dependsOnColumn('pg_class', 'i.indexrelid')})
      ORDER BY ic.relname`,
    params,
  );
  const constraints = await db.query<{ name: string; type: string; definition: string; schema: string; table: string; columns: string[]; incoming: boolean; comment: string | null }>(
    `SELECT c.conname AS name, c.contype::text AS type, pg_get_constraintdef(c.oid) AS definition, obj_description(c.oid, 'pg_constraint') AS comment, n.nspname AS schema, cl.relname AS table,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) AS columns,
            c.conrelid <> $1 AS incoming
       FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE c.contype <> 'n' AND c.conparentid = 0
        AND ((c.conrelid = $1 AND $2 = ANY(c.conkey)) OR (c.confrelid = $1 AND $2 = ANY(c.confkey)))
      ORDER BY c.contype = 'f', c.conname`,
    params,
  );
  const triggers = await db.query<{ name: string; definition: string; comment: string | null }>(
    `SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS definition, obj_description(t.oid, 'pg_trigger') AS comment FROM pg_trigger t
      WHERE t.tgrelid = $1 AND NOT t.tgisinternal AND t.tgparentid = 0
        AND ($2 = ANY(t.tgattr::int2[]) OR ${dependsOnColumn('pg_trigger', 't.oid')}) ORDER BY t.tgname`,
    params,
  );
  const triggerArguments = await db.query<{ name: string; definition: string }>(
    `SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS definition FROM pg_trigger t
      WHERE t.tgrelid = $1 AND NOT t.tgisinternal AND t.tgparentid = 0 AND t.tgnargs > 0
        AND (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = $1 AND a.attnum = $2)
            = ANY(string_to_array(encode(t.tgargs, 'escape'), '\\000')) ORDER BY t.tgname`,
    params,
  );
  // PostgreSQL 15 records a generated column's dependency column-to-column; 18 records it from its pg_attrdef entry.
  const generated = await db.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a
      WHERE a.attrelid = $1 AND a.attnum <> $2 AND a.attgenerated <> '' AND NOT a.attisdropped
        AND EXISTS (SELECT 1 FROM pg_depend d LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
                     WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = $1 AND d.refobjsubid = $2
                       AND ((d.classid = 'pg_class'::regclass AND d.objid = $1 AND d.objsubid = a.attnum)
                         OR (ad.adrelid = $1 AND ad.adnum = a.attnum))) ORDER BY a.attnum`,
    params,
  );
  // A view is a rule too (_RETURN, above); these are the rules of tables, which DROP COLUMN refuses to drop.
  const rules = await db.query<{ name: string }>(
    `SELECT pg_catalog.format('%I on %s', r.rulename, r.ev_class::regclass) AS name
       FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
      WHERE c.relkind NOT IN ('v', 'm') AND ${dependsOnColumn('pg_rewrite', 'r.oid')} ORDER BY 1`,
    params,
  );
  const policies = await db.query<{ name: string }>(
    `SELECT p.polname AS name FROM pg_policy p WHERE p.polrelid = $1 AND ${dependsOnColumn('pg_policy', 'p.oid')} ORDER BY 1`,
    params,
  );
  const foreignPolicies = await db.query<{ name: string }>(
    `SELECT pg_catalog.format('%I on %s', p.polname, p.polrelid::regclass) AS name FROM pg_policy p
      WHERE p.polrelid <> $1 AND ${dependsOnColumn('pg_policy', 'p.oid')} ORDER BY 1`,
    params,
  );
  const publications = await db.query<{ name: string }>(
    `SELECT pb.pubname AS name FROM pg_publication_rel pr JOIN pg_publication pb ON pb.oid = pr.prpubid
      WHERE pr.prrelid = $1 AND ${dependsOnColumn('pg_publication_rel', 'pr.oid')} ORDER BY 1`,
    params,
  );
  const statistics = await db.query<{ name: string; schema: string; definition: string }>(
    `SELECT s.stxname AS name, n.nspname AS schema, pg_get_statisticsobjdef(s.oid) AS definition
       FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
      WHERE s.stxrelid = $1 AND ($2 = ANY(s.stxkeys::int2[]) OR ${dependsOnColumn('pg_statistic_ext', 's.oid')}) ORDER BY 1`,
    params,
  );
  const sequences = await db.query<{ schema: string; name: string; identity: boolean }>(
    `SELECT n.nspname AS schema, s.relname AS name, d.deptype = 'i' AS identity
       FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace
      WHERE d.classid = 'pg_class'::regclass AND d.refobjid = $1 AND d.refobjsubid = $2 AND d.deptype IN ('a', 'i')`,
    params,
  );
  const tracked = await db.query<{ name: string }>(
    `SELECT p.oid::regprocedure::text AS name FROM pg_proc p WHERE ${dependsOnColumn('pg_proc', 'p.oid')} ORDER BY 1`,
    params,
  );
  const viewDeps: ViewDependency[] = [];
  for (const v of views) {
    viewDeps.push({
      oid: v.oid, schema: v.schema, name: v.name, materialized: v.relkind === 'm', definition: v.definition,
      options: v.options ?? [], comment: v.comment ?? undefined, direct: v.direct, wholeRow: v.whole_row, dependsOn: v.depends_on,
      ...(await viewExtras(db, v.oid)),
    });
  }
  return {
    views: viewDeps,
    indexes: indexes.map((i) => ({ name: i.name, schema: i.schema, definition: i.definition, constraintBacked: i.constraint_backed, ...withComment(i.comment) })),
    constraints: constraints.map((c) => ({
      name: c.name, type: c.type, definition: c.definition, table: { schema: c.schema, name: c.table }, columns: c.columns, incoming: c.incoming, ...withComment(c.comment),
    })),
    triggers: triggers.map((t) => ({ name: t.name, definition: t.definition, ...withComment(t.comment) })),
    triggerArguments: triggerArguments.map((t) => ({ name: t.name, definition: t.definition })),
    generatedColumns: generated.map((g) => g.name),
    policies: policies.map((p) => p.name),
    foreignPolicies: foreignPolicies.map((p) => p.name),
    rules: rules.map((r) => r.name),
    publications: publications.map((p) => p.name),
    statistics,
    ownedSequences: sequences,
    trackedFunctions: tracked.map((t) => t.name),
    descendantObjects: await descendantObjects(db, col),
  };
}

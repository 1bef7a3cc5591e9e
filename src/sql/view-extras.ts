import { explodedAcl, toGrant, type Grant, type GrantRow } from './grants.js';
import type { SqlSession } from './session.js';

/**
 * What DROP VIEW takes with it besides the definition: owner, grants, column comments and grants, the triggers on
 * the view (INSTEAD OF), and for a materialized view its indexes and whether it was populated. Without them a
 * recreated view answers "permission denied" to the application that read it a minute earlier.
 */
export interface ViewExtras {
  readonly owner: string;
  /** The owner is the role that introspected the schema: recreated as CURRENT_USER, without ALTER ... OWNER. */
  readonly ownerIsCurrent: boolean;
  /** Undefined: the default ACL (relacl is NULL, only the owner has privileges). */
  readonly acl?: readonly Grant[];
  readonly columnComments: readonly { column: string; comment: string }[];
  readonly columnGrants: readonly { column: string; grants: readonly Grant[] }[];
  readonly triggers: readonly { name: string; definition: string }[];
  /** Materialized views only. `columns` are the view columns the index uses, so up.sql can skip one whose column is gone. */
  readonly indexes: readonly { name: string; schema: string; definition: string; columns: readonly string[] }[];
  readonly populated: boolean;
}


export async function viewExtras(db: SqlSession, oid: number): Promise<ViewExtras> {
  const [rel] = await db.query<{ owner: string; owner_is_current: boolean; has_acl: boolean; populated: boolean }>(
    `SELECT r.rolname AS owner, r.rolname = current_user AS owner_is_current, c.relacl IS NOT NULL AS has_acl, c.relispopulated AS populated
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner WHERE c.oid = $1`,
    [oid],
  );
  const acl = await db.query<GrantRow>(`${explodedAcl('(SELECT relacl FROM pg_catalog.pg_class WHERE oid = $1)')} ORDER BY 1, 2, 3`, [oid]);
  const columns = await db.query<{ column: string; comment: string | null; grants: GrantRow[] | null }>(
    `SELECT a.attname AS column, pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
            (SELECT json_agg(g ORDER BY g.grantee, g.privilege) FROM (${explodedAcl('a.attacl')}) g) AS grants
       FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [oid],
  );
  const triggers = await db.query<{ name: string; definition: string }>(
    `SELECT tgname AS name, pg_catalog.pg_get_triggerdef(oid) AS definition FROM pg_catalog.pg_trigger
      WHERE tgrelid = $1 AND NOT tgisinternal ORDER BY 1`,
    [oid],
  );
  const indexes = await db.query<{ name: string; schema: string; definition: string; columns: string[] }>(
    `SELECT ic.relname AS name, n.nspname AS schema, pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
            ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum > 0
                     AND (a.attnum = ANY(i.indkey::int2[]) OR a.attnum IN (SELECT d.refobjsubid FROM pg_catalog.pg_depend d
                          WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = i.indexrelid AND d.refobjid = i.indrelid))
                   ORDER BY a.attnum) AS columns
       FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
      WHERE i.indrelid = $1 ORDER BY 1`,
    [oid],
  );
  return {
    owner: rel.owner,
    ownerIsCurrent: rel.owner_is_current,
    acl: rel.has_acl ? acl.map(toGrant) : undefined,
    columnComments: columns.filter((c) => c.comment !== null).map((c) => ({ column: c.column, comment: c.comment! })),
    columnGrants: columns.filter((c) => c.grants && c.grants.length > 0).map((c) => ({ column: c.column, grants: c.grants!.map(toGrant) })),
    triggers,
    indexes,
    populated: rel.populated,
  };
}

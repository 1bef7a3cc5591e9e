import type { RecreatedView } from './analyze.js';
import { explodedAcl, grantStatements, roleSql, toGrant, type Grant, type GrantRow } from './grants.js';
import { quoteIdent, quoteLiteral, quoteQualified } from './quote.js';
import type { SqlSession } from './session.js';

/**
 * A SQL-standard (BEGIN ATOMIC) function or procedure built on a view that the migration drops and recreates:
 * PostgreSQL refuses DROP VIEW while it exists, so up.sql and down.sql drop it first and re-create it after the view,
 * with its owner, grants and comment.
 */
export interface AtomicFunction {
  /** `schema.name(argtypes)` as regprocedure prints it (quoted by PostgreSQL). */
  readonly name: string;
  readonly procedure: boolean;
  readonly definition: string;
  readonly owner: string;
  readonly ownerIsCurrent: boolean;
  /** Undefined: the default ACL (EXECUTE for PUBLIC). */
  readonly acl?: readonly Grant[];
  readonly comment?: string;
}

interface Row {
  oid: number;
  name: string;
  procedure: boolean;
  definition: string;
  owner: string;
  owner_is_current: boolean;
  has_acl: boolean;
  comment: string | null;
  uses: { view: number; column: string | null }[];
}

export async function atomicFunctionsOn(db: SqlSession, views: readonly RecreatedView[]): Promise<{ functions: AtomicFunction[]; blockers: string[] }> {
  if (views.length === 0) return { functions: [], blockers: [] };
  const rows = await db.query<Row>(
    `SELECT p.oid::int AS oid, p.oid::regprocedure::text AS name, p.prokind = 'p' AS procedure, pg_get_functiondef(p.oid) AS definition,
            r.rolname AS owner, r.rolname = current_user AS owner_is_current, p.proacl IS NOT NULL AS has_acl,
            obj_description(p.oid, 'pg_proc') AS comment,
            json_agg(json_build_object('view', d.refobjid::int, 'column', a.attname)) AS uses
       FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
       JOIN pg_roles r ON r.oid = p.proowner
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
      WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY($1::oid[]) AND p.prosqlbody IS NOT NULL
      GROUP BY p.oid, r.rolname ORDER BY p.oid`,
    [views.map((v) => v.oid)],
  );
  const byOid = new Map(views.map((v) => [v.oid, v]));
  const blockers: string[] = [];
  const functions: AtomicFunction[] = [];
  for (const row of rows) {
    for (const use of row.uses) {
      const view = byOid.get(use.view);
      if (view && use.column !== null && view.removed.includes(use.column)) {
        blockers.push(`function ${row.name} (a BEGIN ATOMIC body) reads ${quoteQualified(view)}.${quoteIdent(use.column)}, which the recreated view no longer has: drop or rewrite the function first`);
      }
    }
    const acl = await db.query<GrantRow>(`${explodedAcl('(SELECT proacl FROM pg_catalog.pg_proc WHERE oid = $1)')} ORDER BY 1, 2, 3`, [row.oid]);
    functions.push({
      name: row.name,
      procedure: row.procedure,
      definition: row.definition,
      owner: row.owner,
      ownerIsCurrent: row.owner_is_current,
      acl: row.has_acl ? acl.map(toGrant) : undefined,
      comment: row.comment ?? undefined,
    });
  }
  return { functions, blockers: [...new Set(blockers)] };
}

const kind = (fn: AtomicFunction) => (fn.procedure ? 'PROCEDURE' : 'FUNCTION');

export const dropAtomicStatement = (fn: AtomicFunction): string => `DROP ${kind(fn)} IF EXISTS ${fn.name};`;

/** The function as it was: definition, owner, grants (exactly the captured ACL) and comment. */
export function createAtomicStatements(fn: AtomicFunction): string[] {
  const out = [`${fn.definition.trimEnd()};`];
  if (!fn.ownerIsCurrent) out.push(`ALTER ${kind(fn)} ${fn.name} OWNER TO ${quoteIdent(fn.owner)};`);
  if (fn.acl) {
    out.push(`REVOKE ALL ON ${kind(fn)} ${fn.name} FROM PUBLIC, ${roleSql(fn.owner, fn.ownerIsCurrent)};`, ...grantStatements(fn.acl, `${kind(fn)} ${fn.name}`));
  }
  if (fn.comment !== undefined) out.push(`COMMENT ON ${kind(fn)} ${fn.name} IS ${quoteLiteral(fn.comment)};`);
  return out;
}

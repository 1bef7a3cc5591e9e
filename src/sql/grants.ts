import { quoteIdent, quoteLiteral } from './quote.js';

/** One entry of an ACL (aclexplode), with the role name as the catalog stores it. */
export interface Grant {
  /** Undefined: PUBLIC (a role may be named "PUBLIC", so the keyword is not used as a name). */
  readonly grantee?: string;
  /**
   * The grantee is the role that introspected the schema: written as CURRENT_USER, since a schema loaded into PGlite
   * is owned by its `postgres` user, and a migration is run by the role that planned it.
   */
  readonly current?: boolean;
  readonly privilege: string;
  readonly grantable: boolean;
}

/** SQL that yields the exploded ACL of `aclExpr` (pg_class.relacl or pg_attribute.attacl) as Grant rows. */
export const explodedAcl = (aclExpr: string): string =>
  `SELECT r.rolname AS grantee, r.rolname = current_user AS current, x.privilege_type AS privilege, x.is_grantable AS grantable
     FROM pg_catalog.aclexplode(${aclExpr}) x LEFT JOIN pg_catalog.pg_roles r ON r.oid = x.grantee AND x.grantee <> 0`;

export type GrantRow = { grantee: string | null; current: boolean | null; privilege: string; grantable: boolean };

export const toGrant = (r: GrantRow): Grant => ({
  ...(r.grantee === null ? {} : { grantee: r.grantee }),
  ...(r.current ? { current: true } : {}),
  privilege: r.privilege,
  grantable: r.grantable,
});

export const roleSql = (name: string, current = false): string => (current ? 'CURRENT_USER' : quoteIdent(name));

export const granteeSql = (g: Grant): string => (g.grantee === undefined ? 'PUBLIC' : roleSql(g.grantee, g.current));

/** The role's oid as a SQL expression. */
export const roleOid = (name: string, current = false): string =>
  `(SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ${current ? 'current_user' : quoteLiteral(name)})`;

/** The grantee's oid as a SQL expression (0 is PUBLIC in an ACL). */
const granteeOid = (g: Grant): string => (g.grantee === undefined ? '0' : roleOid(g.grantee, g.current));

/**
 * GRANT statements that rebuild the given ACL entries, one per grantee and grant option, on `target` (for example
 * `TABLE s.v`), optionally for one column. The privileges come from aclexplode, so they are keywords, never user text.
 */
export function grantStatements(grants: readonly Grant[], target: string, column?: string): string[] {
  const groups = new Map<string, { grant: Grant; privileges: string[] }>();
  for (const g of grants) {
    const key = `${g.current ? '' : g.grantee ?? '\0'}\0${g.grantable}`;
    const group = groups.get(key) ?? { grant: g, privileges: [] };
    if (!/^[A-Z ]+$/.test(g.privilege)) throw new Error(`unexpected privilege name ${JSON.stringify(g.privilege)}`);
    group.privileges.push(column === undefined ? g.privilege : `${g.privilege} (${quoteIdent(column)})`);
    groups.set(key, group);
  }
  return [...groups.values()].map(
    ({ grant, privileges }) => `GRANT ${privileges.join(', ')} ON ${target} TO ${granteeSql(grant)}${grant.grantable ? ' WITH GRANT OPTION' : ''};`,
  );
}

/** A condition that holds when the relation's ACL (`relacl` of `regclassExpr`) carries the grant. */
export function relationHasGrant(regclassExpr: string, g: Grant): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) x WHERE c.oid = ${regclassExpr} AND x.grantee = ${granteeOid(g)} AND x.privilege_type = ${quoteLiteral(g.privilege)} AND x.is_grantable = ${g.grantable})`;
}

export const grantLabel = (g: Grant): string => `${g.privilege}${g.grantable ? ' WITH GRANT OPTION' : ''} to ${granteeSql(g)}`;

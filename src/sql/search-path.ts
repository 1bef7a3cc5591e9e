import type { SqlSession } from './session.js';

/**
 * A search_path setting's schemas in order, as PostgreSQL splits it (SplitIdentifierString in varlena.c): commas
 * between names, an unquoted name folded to lower case, a quoted one kept with `""` for a quote. `$user` stays as
 * written, for the caller to resolve.
 */
export function splitSearchPath(setting: string): string[] {
  const names: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")*)"|([^",\s]+))\s*(?:,|$)/gy;
  for (const m of setting.matchAll(pattern)) {
    if (m[1] !== undefined) names.push(m[1].replace(/""/g, '"'));
    else if (m[2] !== undefined) names.push(m[2].toLowerCase());
  }
  return names;
}

/**
 * The schemas an unqualified relation name is looked up in, in order (recomputeNamespacePath in namespace.c):
 * pg_catalog first unless the path places it, `$user` as the role's own schema. pg_temp is left out: a session's
 * temporary tables are not the schema's.
 */
export function lookupSchemas(setting: string, user: string): string[] {
  const schemas = splitSearchPath(setting)
    .map((name) => (name === '$user' ? user : name))
    .filter((name) => name !== 'pg_temp' && !name.startsWith('pg_temp_'));
  return schemas.includes('pg_catalog') ? schemas : ['pg_catalog', ...schemas];
}

/** Finds which relation an unqualified name means on a path: the first schema on it that has a relation of that name. */
export type RelationResolver = (path: readonly string[], relation: string) => string | undefined;

/**
 * A resolver over every relation (of any kind: an index or sequence of that name shadows a table further down the
 * path, as PostgreSQL's lookup does) whose name is one of `names`.
 */
export async function relationResolver(db: SqlSession, names: readonly string[]): Promise<RelationResolver> {
  const rows = await db.query<{ schema: string; relation: string }>(
    `SELECT n.nspname AS schema, c.relname AS relation FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = ANY($1)`,
    [[...new Set(names)]],
  );
  const existing = new Set(rows.map((r) => `${r.schema}.${r.relation}`));
  return (path, relation) => {
    const schema = path.find((s) => existing.has(`${s}.${relation}`));
    return schema === undefined ? undefined : `${schema}.${relation}`;
  };
}

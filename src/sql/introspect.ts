import { InputError } from '../errors.js';
import type { WordMatcher } from '../words/index.js';
import { explodedAcl, toGrant, type GrantRow } from './grants.js';
import type { ColumnFacts, ColumnName, IdentitySequence, ResolvedColumn } from './model.js';
import { quoteIdent } from './quote.js';
import type { SqlSession } from './session.js';

/**
 * Reads pg_catalog, not information_schema: the latter shows only objects the current role has privileges on, and a
 * migration planned from a partial view of the schema fails on what it did not see.
 */
export async function resolveColumn(db: SqlSession, name: ColumnName, origin: string): Promise<ResolvedColumn> {
  const regclass = name.schema === undefined ? quoteIdent(name.table) : `${quoteIdent(name.schema)}.${quoteIdent(name.table)}`;
  const tables = await db.query<{ oid: number; schema: string; name: string; relkind: string }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1)`,
    [regclass],
  );
  const table = tables[0];
  if (!table) throw new InputError(`${origin}: table ${regclass} (from "${name.text}") does not exist in ${db.label}`);
  if (!['r', 'p', 'v', 'm'].includes(table.relkind)) {
    throw new InputError(`${origin}: ${regclass} (from "${name.text}") is not a table or view (relkind ${table.relkind})`);
  }
  const columns = await db.query<{ attnum: number }>(
    `SELECT attnum::int AS attnum FROM pg_attribute WHERE attrelid = $1 AND attname = $2 AND attnum > 0 AND NOT attisdropped`,
    [table.oid, name.column],
  );
  if (!columns[0]) {
    throw new InputError(`${origin}: column ${quoteIdent(name.column)} (from "${name.text}") does not exist in ${table.schema}.${table.name}`);
  }
  return { table: { schema: table.schema, name: table.name }, tableOid: table.oid, column: name.column, attnum: columns[0].attnum, relkind: table.relkind };
}

interface FactsRow {
  type: string;
  typmod: number;
  not_null_domains: string[] | null;
  collation: string | null;
  not_null: boolean;
  default_expr: string | null;
  generated: string;
  identity: string;
  inherited: boolean;
  comment: string | null;
  relkind: string;
  partition_key: boolean;
  statistics: number | null;
  storage: string | null;
}

const STORAGE: Record<string, NonNullable<ColumnFacts['storage']>> = { p: 'PLAIN', e: 'EXTERNAL', x: 'EXTENDED', m: 'MAIN' };

export async function columnFacts(db: SqlSession, column: ResolvedColumn): Promise<ColumnFacts> {
  const [row] = await db.query<FactsRow>(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type, a.atttypmod::int AS typmod,
            (WITH RECURSIVE chain AS (
               SELECT dt.oid, dt.typtype, dt.typnotnull, dt.typbasetype, dt.typdefaultbin IS NOT NULL AS has_default FROM pg_type dt WHERE dt.oid = a.atttypid
               UNION ALL
               SELECT bt.oid, bt.typtype, bt.typnotnull, bt.typbasetype, bt.typdefaultbin IS NOT NULL FROM chain JOIN pg_type bt ON bt.oid = chain.typbasetype WHERE chain.typtype = 'd')
             SELECT array_agg(chain.oid::regtype::text) FILTER (WHERE chain.typtype = 'd' AND chain.typnotnull)
               FROM chain HAVING NOT bool_or(chain.typtype = 'd' AND chain.has_default)) AS not_null_domains,
            CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                 THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                         FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
            a.attgenerated::text AS generated, a.attidentity::text AS identity, a.attinhcount > 0 AS inherited,
            col_description(a.attrelid, a.attnum) AS comment, c.relkind::text AS relkind,
            CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::int END AS statistics,
            CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
            COALESCE((SELECT a.attnum = ANY(p.partattrs::int2[]) FROM pg_partitioned_table p WHERE p.partrelid = a.attrelid), false) AS partition_key
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1 AND a.attnum = $2`,
    [column.tableOid, column.attnum],
  );
  const grants = await db.query<GrantRow>(
    `SELECT g.* FROM pg_attribute a CROSS JOIN LATERAL (${explodedAcl('a.attacl')}) g WHERE a.attrelid = $1 AND a.attnum = $2 ORDER BY 1, 2`,
    [column.tableOid, column.attnum],
  );
  const identity = row.identity === 'a' || row.identity === 'd' ? row.identity : undefined;
  return {
    ...column,
    ...(identity ? { identitySequence: await identitySequence(db, column) } : {}),
    type: row.type,
    typmod: row.typmod,
    ...(row.not_null_domains && row.not_null_domains.length > 0 ? { notNullDomains: row.not_null_domains } : {}),
    collation: row.collation ?? undefined,
    notNull: row.not_null,
    default: row.generated === '' && row.default_expr !== null ? row.default_expr : undefined,
    generated: row.generated !== '' && row.default_expr !== null ? row.default_expr : undefined,
    identity,
    comment: row.comment ?? undefined,
    ...(row.statistics === null ? {} : { statistics: row.statistics }),
    ...(row.storage === null ? {} : { storage: STORAGE[row.storage] }),
    inherited: row.inherited,
    partitionKey: row.partition_key,
    restoreKey: await restoreKey(db, column),
    relkind: row.relkind,
    grants: grants.map(toGrant),
  };
}

/** Bigints travel as text: a sequence bound can exceed what a JS number holds exactly. */
async function identitySequence(db: SqlSession, column: ResolvedColumn): Promise<IdentitySequence | undefined> {
  const [seq] = await db.query<IdentitySequence & { last_value: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS name, s.seqstart::text AS start, s.seqincrement::text AS increment,
            s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
            pg_catalog.pg_sequence_last_value(c.oid)::text AS last_value
       FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND c.relkind = 'S' JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_sequence s ON s.seqrelid = c.oid
      WHERE d.classid = 'pg_class'::regclass AND d.refobjid = $1 AND d.refobjsubid = $2 AND d.deptype = 'i'`,
    [column.tableOid, column.attnum],
  );
  if (!seq) return undefined;
  const { last_value: lastValue, ...rest } = seq;
  return { ...rest, lastValue };
}

/** The key dropped data is restored by: the primary key, else a unique key of NOT NULL columns, never the column itself. */
async function restoreKey(db: SqlSession, column: ResolvedColumn): Promise<string[]> {
  const keys = await db.query<{ columns: string[] }>(
    `SELECT array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.conrelid = $1 AND c.contype IN ('p', 'u') AND NOT ($2 = ANY(c.conkey))
      GROUP BY c.oid, c.contype
     HAVING bool_and(a.attnotnull)
      ORDER BY c.contype, c.oid`,
    [column.tableOid, column.attnum],
  );
  return keys[0]?.columns ?? [];
}

export interface Candidate {
  readonly schema: string;
  /** The table, or the view whose output column it is. */
  readonly table: string;
  readonly column: string;
  readonly kind: 'table' | 'view' | 'materialized view';
  /** The name the word family would give it, as a hint for --rename-column. */
  readonly suggestion: string;
}

/**
 * The word matcher's view of a column name. A name with spaces (`"Session ID"`) is read as its hyphenated spelling,
 * which the matcher knows, and the suggestion gets its spaces back.
 */
function familyMatch(matcher: WordMatcher, column: string): string | undefined {
  const spaced = column.includes(' ') && !column.includes('-');
  const text = spaced ? column.replace(/ /g, '-') : column;
  if (matcher.matchAll(text).length === 0) return undefined;
  const suggestion = matcher.replaceAll(text);
  return spaced ? suggestion.replace(/-/g, ' ') : suggestion;
}

const KINDS: Record<string, Candidate['kind']> = { r: 'table', p: 'table', v: 'view', m: 'materialized view' };

/**
 * Every table and view column whose name matches the word family: a view's output column keeps its name when the
 * table column under it is renamed, so it is decided like one. Partitions are left out (their columns follow the parent).
 */
export async function findCandidates(db: SqlSession, matcher: WordMatcher): Promise<Candidate[]> {
  const rows = await db.query<{ schema: string; table: string; column: string; relkind: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, c.relkind::text AS relkind
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%'
      ORDER BY 1, 2, a.attnum`,
  );
  const out: Candidate[] = [];
  for (const { relkind, ...row } of rows) {
    const suggestion = familyMatch(matcher, row.column);
    if (suggestion !== undefined) out.push({ ...row, kind: KINDS[relkind], suggestion });
  }
  return out;
}

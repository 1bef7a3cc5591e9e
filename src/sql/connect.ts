import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { importPackage } from '../config/import-package.js';
import { InputError } from '../errors.js';
import { createPglite } from './pglite-template.js';
import { isKeywordString, maskConnectionString, maskSecrets, parseKeywordString } from './mask.js';
import { errorMessage, type SqlSession } from './session.js';

/** Wraps a PGlite instance; `owned` says whether close() ends it (tests share one instance per file). */
export function pgliteSession(db: PGlite, owned = true): SqlSession {
  return {
    label: 'PGlite',
    async query<R>(text: string, params?: readonly unknown[]) {
      return (await db.query<R>(text, params ? [...params] : undefined)).rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
    async close() {
      if (owned) await db.close();
    },
  };
}

/** The contrib extensions PGlite ships (`@electric-sql/pglite/contrib/<name>`), by their SQL name. */
const PGLITE_CONTRIB = new Set(
  `amcheck auto_explain bloom btree_gin btree_gist citext cube dict_int dict_xsyn earthdistance file_fdw fuzzystrmatch hstore
intarray isn lo ltree moddatetime pageinspect pg_buffercache pg_stat_statements pg_surgery pg_trgm pg_visibility pg_walinspect
pgcrypto seg tablefunc tcn tsm_system_rows tsm_system_time unaccent uuid-ossp`.split(/\s+/),
);

/**
 * The extensions a schema file creates that PGlite can load: a real dump says `CREATE EXTENSION pg_trgm`, and PGlite
 * loads an extension only when it was handed to PGlite.create. Others are left to fail with their line.
 */
export function pgliteExtensions(texts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"([^"]+)"|([A-Za-z0-9_-]+))/gi)) {
      const name = m[1] ?? m[2].toLowerCase();
      if (PGLITE_CONTRIB.has(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/** An embedded PostgreSQL with the contrib extensions named; `env` locates the kept data directory (pglite-template.ts). */
export async function openPglite(extensions: readonly string[] = [], env: Readonly<Record<string, string | undefined>> = process.env): Promise<SqlSession> {
  const loaded: Record<string, unknown> = {};
  for (const name of extensions) {
    if (!PGLITE_CONTRIB.has(name)) throw new InputError(`PGlite has no extension "${name}"`);
    const key = name.replace(/-/g, '_');
    loaded[key] = (await importPackage<Record<string, unknown>>(`@electric-sql/pglite/contrib/${key}`))[key];
  }
  return pgliteSession(await createPglite({ extensions: loaded as never }, env));
}

/** Checks the URL before node-postgres sees it: its parser accepts nearly anything and then fails obscurely. */
export function validateDatabaseUrl(url: string, flag: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`${flag}: "${maskConnectionString(url)}" is not a valid URL (expected postgres://user@host:port/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InputError(`${flag}: "${maskConnectionString(url)}" must start with postgres:// or postgresql://`);
  }
}

/**
 * A libpq keyword string as the URL node-postgres understands (it would read `host=h dbname=d` as a database name).
 * Every keyword but dbname becomes a query parameter, which pg-connection-string reads like the URL's own parts.
 */
function keywordStringToUrl(input: string, flag: string): string {
  const pairs = parseKeywordString(input);
  if (!pairs) throw new InputError(`${flag}: cannot read "${maskConnectionString(input)}" as keyword=value pairs (quote values with spaces: password='a b')`);
  const params = new URLSearchParams();
  let database = '';
  for (const { key, value } of pairs) {
    if (key === 'dbname') database = value;
    else params.set(key === 'hostaddr' && !pairs.some((p) => p.key === 'host') ? 'host' : key, value);
  }
  return `postgres:///${encodeURIComponent(database)}?${params}`;
}

export interface ServerOptions {
  /** Receives node-postgres's own warnings as one masked line each; without it they are dropped, never printed. */
  readonly onWarning?: (message: string) => void;
}

/** pg-connection-string reports sslmode aliases through process.emitWarning: ten lines on stderr, outside our masking. */
function withWarningsCaptured<T>(create: () => T, report: (warning: string) => void): T {
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error) => report(typeof warning === 'string' ? warning : warning.message)) as typeof process.emitWarning;
  try {
    return create();
  } finally {
    process.emitWarning = original;
  }
}

function warningLine(warning: string, url: string): string {
  const sslmode = new URL(url).searchParams.get('sslmode');
  if (/SSL modes/.test(warning) && sslmode) {
    return `node-postgres treats sslmode=${sslmode} as verify-full (the server's certificate and host name are checked); say sslmode=verify-full, or sslmode=no-verify to skip the check`;
  }
  return warning.split('\n')[0];
}

export async function openServer(input: string, flag = '--db', options: ServerOptions = {}): Promise<SqlSession> {
  const url = isKeywordString(input) ? keywordStringToUrl(input, flag) : input;
  validateDatabaseUrl(url, flag);
  const masked = maskConnectionString(input);
  const mask = (message: string) => maskSecrets(message, [input, url]);
  let client: pg.Client;
  try {
    client = withWarningsCaptured(
      () => new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 }),
      (warning) => options.onWarning?.(mask(warningLine(warning, url))),
    );
  } catch (error) {
    throw new InputError(`${flag}: ${masked}: ${mask(errorMessage(error))}`);
  }
  // An idle-connection error after connect must not crash the process with an unmasked message.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new InputError(`${flag}: cannot connect to ${masked}: ${mask(errorMessage(error))}`);
  }
  return {
    label: masked,
    async query<R>(text: string, params?: readonly unknown[]) {
      return (await client.query(text, params ? [...params] : undefined)).rows as R[];
    },
    async exec(script: string) {
      await client.query(script);
    },
    async close() {
      await client.end();
    },
  };
}

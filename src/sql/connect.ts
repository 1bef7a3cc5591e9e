import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { InputError } from '../errors.js';
import { errorMessage, maskSecret, maskUrl, type SqlSession } from './session.js';

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

export async function openPglite(): Promise<SqlSession> {
  return pgliteSession(await PGlite.create());
}

/** Checks the URL before node-postgres sees it: its parser accepts nearly anything and then fails obscurely. */
export function validateDatabaseUrl(url: string, flag: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`${flag}: "${maskUrl(url)}" is not a valid URL (expected postgres://user@host:port/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InputError(`${flag}: "${maskUrl(url)}" must start with postgres:// or postgresql://`);
  }
}

export async function openServer(url: string, flag = '--db'): Promise<SqlSession> {
  validateDatabaseUrl(url, flag);
  const masked = maskUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // An idle-connection error after connect must not crash the process with an unmasked message.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new InputError(`${flag}: cannot connect to ${masked}: ${maskSecret(errorMessage(error), url)}`);
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

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSync } from 'libpg-query';
import { InputError } from '../errors.js';
import { maskConnectionString, maskSecrets } from './mask.js';
import { loadSqlParser } from './view-rewrite.js';

/** The little renamer needs from a database, whether embedded PGlite or a server through node-postgres. */
export interface SqlSession {
  /** For messages: `PGlite` or the URL with its password masked. */
  readonly label: string;
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements (simple protocol, no parameters). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** The URL with its password replaced, so that no message can leak it (kept for the library API; see mask.ts). */
export const maskUrl = (url: string): string => maskConnectionString(url);

/** Removes every spelling of the URL's password from a message (kept for the library API; see mask.ts). */
export const maskSecret = (message: string, url: string | undefined): string => maskSecrets(message, [url]);

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads the --schema files and refuses what PGlite cannot load: `COPY ... FROM stdin` hangs it (measured), and psql
 * meta-commands are not SQL. The check is textual on purpose: such files (pg_dump output) do not parse as SQL anyway.
 */
export async function readSchemaFiles(files: readonly string[], cwd: string): Promise<{ file: string; text: string }[]> {
  const loaded: { file: string; text: string }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(path.resolve(cwd, file), 'utf8');
    } catch (error) {
      throw new InputError(`--schema ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`);
    }
    // pg_dump 17.6+ wraps its output in \restrict KEY / \unrestrict KEY (CVE-2025-8714): blanked, keeping line numbers.
    text = text.replace(/^\\(?:un)?restrict\b.*$/gm, '');
    const copy = /\bCOPY\b[^;]*\bFROM\s+STDIN\b/i.exec(text);
    if (copy) {
      throw new InputError(`--schema ${file}:${lineAt(text, copy.index)}: COPY ... FROM stdin is not supported (embedded PGlite cannot load it); use pg_dump --schema-only, or --inserts for data`);
    }
    const meta = /^[ \t]*\\[a-zA-Z.]+/m.exec(text);
    if (meta) throw new InputError(`--schema ${file}:${lineAt(text, meta.index)}: psql meta-command "${meta[0].trim()}" is not SQL; remove it`);
    loaded.push({ file, text });
  }
  return loaded;
}

/** The statements of a script with their first line, split by PostgreSQL's own parser (libpg-query). */
export function statementsOf(file: string, text: string): { sql: string; line: number }[] {
  const bytes = Buffer.from(text, 'utf8');
  let stmts: { stmt_location?: number; stmt_len?: number }[];
  try {
    stmts = parseSync(text).stmts ?? [];
  } catch (error) {
    const cursor = Number((error as { sqlDetails?: { cursorPosition?: unknown } }).sqlDetails?.cursorPosition);
    const line = Number.isInteger(cursor) && cursor >= 0 ? `:${lineAt(bytes.subarray(0, cursor).toString('utf8'), Infinity)}` : '';
    throw new InputError(`--schema ${file}${line}: ${errorMessage(error).split('\n')[0]}`);
  }
  return stmts.map(({ stmt_location: start = 0, stmt_len: len }) => {
    const sql = bytes.subarray(start, len === undefined || len === 0 ? undefined : start + len).toString('utf8');
    const lead = sql.length - sql.trimStart().length;
    return { sql, line: lineAt(bytes.subarray(0, start).toString('utf8') + sql.slice(0, lead), Infinity) };
  });
}

/**
 * Runs a generated file as psql does, one statement at a time: a multi-statement query string is one implicit
 * transaction, in which down.sql's CREATE INDEX CONCURRENTLY cannot run.
 */
export async function runScript(session: SqlSession, text: string, file = 'script'): Promise<void> {
  await loadSqlParser();
  for (const { sql } of statementsOf(file, text)) await session.exec(sql);
}

export async function loadSchemaFiles(session: SqlSession, files: readonly { file: string; text: string }[]): Promise<void> {
  await loadSqlParser();
  for (const { file, text } of files) {
    try {
      for (const { sql, line } of statementsOf(file, text)) {
        try {
          await session.exec(sql);
        } catch (error) {
          const first = sql.trim().split('\n')[0].slice(0, 60);
          throw new InputError(`--schema ${file}:${line}: ${errorMessage(error).split('\n')[0]} (in "${first}")`);
        }
      }
    } finally {
      // pg_dump empties search_path (set_config('search_path', '', false)); plan names are read as a person writes them.
      await session.exec('RESET search_path').catch(() => undefined);
    }
  }
}

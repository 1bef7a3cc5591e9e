import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { maskConnectionString, maskSecrets } from './mask.js';

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
    if (/\bCOPY\b[^;]*\bFROM\s+STDIN\b/i.test(text)) {
      throw new InputError(`--schema ${file}: COPY ... FROM stdin is not supported (embedded PGlite cannot load it); use INSERT statements (pg_dump --inserts)`);
    }
    const meta = /^\s*\\[a-zA-Z.]/m.exec(text);
    if (meta) throw new InputError(`--schema ${file}: psql meta-command "${meta[0].trim()}" is not SQL; remove it or use pg_dump --inserts`);
    loaded.push({ file, text });
  }
  return loaded;
}

export async function loadSchemaFiles(session: SqlSession, files: readonly { file: string; text: string }[]): Promise<void> {
  for (const { file, text } of files) {
    try {
      await session.exec(text);
    } catch (error) {
      throw new InputError(`--schema ${file}: ${errorMessage(error)}`);
    }
  }
}

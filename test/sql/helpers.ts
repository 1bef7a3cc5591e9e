import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { CommandIO } from '../../src/cli/io.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (...parts: string[]) => path.join(ROOT, 'fixtures', ...parts);
export const readFixture = (...parts: string[]) => readFileSync(fixture(...parts), 'utf8');

/** DATABASE_URL as CI sets it (.ci/run); server tests are skipped without it. */
export const SERVER_URL = process.env.DATABASE_URL;

export interface Captured {
  io: CommandIO;
  out: () => string;
  err: () => string;
}

export function captureIO(env: Record<string, string | undefined> = {}, cwd = ROOT): Captured {
  let out = '';
  let err = '';
  return {
    io: { cwd, env, stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false },
    out: () => out,
    err: () => err,
  };
}

/** A fresh database on the server for one test; returns its URL and a dropper. */
export async function createServerDatabase(base: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

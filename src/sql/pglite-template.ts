import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import writeFileAtomic from 'write-file-atomic';
import { userCacheDir } from '../config/user-cache.js';

const require = createRequire(import.meta.url);

/** PGlite's version, from its package.json (its exports map does not expose the file). */
function pgliteVersion(): string {
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
const PGLITE_VERSION = pgliteVersion();

/*
 * PGlite runs initdb on every start: ~3.3 s of CPU here, most of a `renamer sql --schema` run. Loading the data
 * directory initdb leaves (a tarball PGlite itself dumps) takes ~1.2 s. So the first start dumps it, once per PGlite
 * version, and later starts load it: kept in memory for the process and on disk in the user's cache folder for the
 * next run. Only a fresh data directory is kept, taken before anything runs in it; a blob that does not load is
 * ignored (a plain start) and replaced.
 */

let inMemory: Blob | undefined;

/** `~/.cache/renamer/pglite-<version>.tar.gz` (4.5 MB); none without a home or XDG_CACHE_HOME (see userCacheDir). */
function templateFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const folder = userCacheDir(env);
  return folder ? path.join(folder, `pglite-${PGLITE_VERSION}.tar.gz`) : undefined;
}

function readTemplate(file: string | undefined): Blob | undefined {
  if (inMemory || !file) return inMemory;
  try {
    inMemory = new Blob([readFileSync(file)]);
  } catch {
    // No template yet, or unreadable: a plain start makes one.
  }
  return inMemory;
}

async function keepTemplate(db: PGlite, file: string | undefined): Promise<void> {
  try {
    inMemory = (await db.dumpDataDir('gzip')) as Blob;
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.from(await inMemory.arrayBuffer()));
  } catch {
    // A cache that cannot be written only costs the next start its initdb.
  }
}

/** A fresh PGlite instance, started from the kept data directory when there is one. */
export async function createPglite(options: PGliteOptions, env: Readonly<Record<string, string | undefined>>): Promise<PGlite> {
  const file = templateFile(env);
  const template = readTemplate(file);
  if (template) {
    try {
      return await PGlite.create({ ...options, loadDataDir: template });
    } catch {
      inMemory = undefined;
    }
  }
  const db = await PGlite.create(options);
  await keepTemplate(db, file);
  return db;
}

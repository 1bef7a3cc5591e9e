import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const SEED = ['sql', '--schema', 'fixtures/sql-seed/schema.sql', '--plan', 'fixtures/sql-seed/plan.json', '--verify'];

/** The one file the cache folder holds for PGlite. */
function keptFile(cache: string): string {
  const names = readdirSync(path.join(cache, 'renamer')).filter((name) => name.startsWith('pglite-'));
  expect(names).toHaveLength(1);
  expect(names[0]).toMatch(/^pglite-\d+\.\d+\.\d+\.tar\.gz$/);
  return path.join(cache, 'renamer', names[0]);
}

describe('PGlite starts from a data directory kept in the user cache folder', () => {
  it('a file there that does not load is ignored and replaced by a good one, and the run verifies as usual', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'renamer-pglite-cache-'));
    mkdirSync(path.join(cache, 'renamer'));
    // A version's file that is not a tarball (cut short, say): the run starts PGlite afresh and keeps a good one.
    const version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
    writeFileSync(path.join(cache, 'renamer', `pglite-${version}.tar.gz`), 'not a tarball');
    const run = runCli(SEED, ROOT, { XDG_CACHE_HOME: cache });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^verified on PGlite/m);
    const kept = keptFile(cache);
    expect(statSync(kept).size).toBeGreaterThan(1_000_000);
    expect(readFileSync(kept).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip's magic bytes
    // (Loading a good one is what every later PGlite start of this suite does.)
  });
});

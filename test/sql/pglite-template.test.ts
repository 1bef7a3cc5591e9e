import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  it('the first run keeps it; a corrupt one is ignored and replaced, with the same result', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'renamer-pglite-cache-'));
    const env = { XDG_CACHE_HOME: cache };
    const first = runCli(SEED, ROOT, env);
    expect(first.code, first.stderr).toBe(0);
    const kept = keptFile(cache);
    expect(statSync(kept).size).toBeGreaterThan(1_000_000);

    // (Loading a good one is what every later PGlite start of this suite does.)
    writeFileSync(kept, 'not a tarball');
    const third = runCli(SEED, ROOT, env);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe(first.stdout);
    // Replaced by a good one (gzip's magic bytes) for the next run.
    expect(readFileSync(keptFile(cache)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../check/helpers.js';
import { BIN, FIXTURES, ROOT } from '../helpers/cli.js';

const cacheHome = mkdtempSync(path.join(tmpdir(), 'renamer-bundle-cache-'));
afterAll(() => rmSync(cacheHome, { recursive: true, force: true }));
const folder = path.join(cacheHome, 'renamer', 'v8');

/** One `scan` of the example app, as a user runs it, with the given environment; its report's reference count. */
function scanExample(env: Record<string, string | undefined>): number {
  const childEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const result = spawnSync(process.execPath, [BIN, 'scan', '--from', 'session_id', '--to', 'flow_id', '--format', 'json'], {
    cwd: path.join(FIXTURES, 'example-app'),
    encoding: 'utf8',
    env: childEnv as NodeJS.ProcessEnv,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return (JSON.parse(result.stdout) as { summary: { references: number } }).summary.references;
}

const bundleCaches = (): string[] => readdirSync(folder).filter((name) => name.startsWith('renamer-'));

describe("the bundled CLI, compiled with V8's code cache (bin/renamer.js)", () => {
  it('writes the cache when the first run ends, starts from it unchanged next time, replaces one V8 rejects and keeps the newest three builds', () => {
    requireBuild();
    const { build } = JSON.parse(readFileSync(path.join(ROOT, 'dist/bundle/build.json'), 'utf8')) as { build: string };
    mkdirSync(folder, { recursive: true });
    // Three older builds, a day apart: the write keeps the two newest of them beside its own.
    const olderBuilds = ['renamer-0000000000000001-1.0-x64.bin', 'renamer-0000000000000002-1.0-x64.bin', 'renamer-0000000000000003-1.0-x64.bin'];
    olderBuilds.forEach((name, i) => {
      writeFileSync(path.join(folder, name), 'an older build');
      const at = Date.now() / 1000 - (3 - i) * 86_400;
      utimesSync(path.join(folder, name), at, at);
    });

    const references = scanExample({ XDG_CACHE_HOME: cacheHome });
    expect(references).toBeGreaterThan(0);
    const cache = bundleCaches().find((name) => name.startsWith(`renamer-${build}-`))!;
    expect(cache).toBeDefined();
    expect(bundleCaches().sort()).toEqual([olderBuilds[1], olderBuilds[2], cache].sort());
    const written = statSync(path.join(folder, cache));
    expect(written.size).toBeGreaterThan(100_000);

    // Accepted: the same report, and the cache is not written again.
    expect(scanExample({ XDG_CACHE_HOME: cacheHome })).toBe(references);
    expect(statSync(path.join(folder, cache)).mtimeMs).toBe(written.mtimeMs);

    // Rejected (not a code cache): the same report, and a good cache in its place.
    writeFileSync(path.join(folder, cache), 'not a code cache');
    expect(scanExample({ XDG_CACHE_HOME: cacheHome })).toBe(references);
    expect(statSync(path.join(folder, cache)).size).toBeGreaterThan(100_000);
  });

  it('imports packages from a cached run: a schema that creates an extension rehearses on PGlite every time, with nothing on stderr', () => {
    requireBuild();
    const home = mkdtempSync(path.join(tmpdir(), 'renamer-bundle-cache-'));
    try {
      // The first run writes the cache, the second runs from it (Node 20 loses `import()` in functions taken from it).
      for (const run of ['first', 'cached']) {
        const result = spawnSync(process.execPath, [BIN, 'sql', '--schema', 'schema.sql', '--plan', 'plan.json'], {
          cwd: path.join(FIXTURES, 'sql-extension'),
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home },
        });
        expect(result.stderr, run).toBe('');
        expect(result.status, run).toBe(0);
        expect(result.stdout, run).toContain('ALTER TABLE public.notes RENAME COLUMN session_id TO flow_id;');
      }
      expect(readdirSync(path.join(home, 'renamer', 'v8')).some((name) => name.startsWith('renamer-'))).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('runs without a cache folder, as a plain require', () => {
    requireBuild();
    expect(scanExample({ XDG_CACHE_HOME: undefined, HOME: undefined })).toBeGreaterThan(0);
  });
});

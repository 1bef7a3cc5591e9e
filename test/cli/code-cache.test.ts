import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  it('writes the cache when the first run ends, starts from it unchanged next time, replaces one V8 rejects and removes older builds', () => {
    requireBuild();
    const { build } = JSON.parse(readFileSync(path.join(ROOT, 'dist/bundle/build.json'), 'utf8')) as { build: string };
    mkdirSync(folder, { recursive: true });
    const olderBuild = path.join(folder, 'renamer-0123456789abcdef-1.0-x64.bin');
    writeFileSync(olderBuild, 'an older build');

    const references = scanExample({ XDG_CACHE_HOME: cacheHome });
    expect(references).toBeGreaterThan(0);
    const [cache] = bundleCaches();
    expect(cache).toMatch(new RegExp(`^renamer-${build}-`));
    expect(bundleCaches()).toEqual([cache]);
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

  it('runs without a cache folder, as a plain require', () => {
    requireBuild();
    expect(scanExample({ XDG_CACHE_HOME: undefined, HOME: undefined })).toBeGreaterThan(0);
  });
});

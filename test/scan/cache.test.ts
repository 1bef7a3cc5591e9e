import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/discover.js';
import { languageOf } from '../../src/lang/registry.js';
import { openScanCache } from '../../src/scan/cache.js';
import { scanFiles } from '../../src/scan/parallel.js';
import type { ScanSettings } from '../../src/scan/shard.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/scan-cache');
const SETTINGS: ScanSettings = { renames: [{ from: 'session_id', to: 'flow_id' }], allow: ['src/compat/**'], maxFileSize: 1 << 20, fallbackOnParseError: true };
const temporaries: string[] = [];
afterAll(() => temporaries.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copy(): { dir: string; cacheDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-scan-cache-'));
  temporaries.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, cacheDir: path.join(dir, '.renamer-cache') };
}

/**
 * One scan of the tree through the cache (opened afresh, as each CLI run does), with the cache's hit count. The
 * build's identity is fixed here: it covers src/'s files, which may change while the tests run.
 */
async function run(dir: string, cacheDir: string | undefined, settings = SETTINGS, engine = 'f'.repeat(64)) {
  const cache = cacheDir === undefined ? undefined : openScanCache(cacheDir, settings, engine);
  const { files } = discoverFiles({ cwd: dir, paths: [dir], include: [], exclude: [], ownFiles: [], accept: (file) => languageOf(file) !== undefined });
  const result = await scanFiles(files, settings, undefined, undefined, cache);
  return { result: { ...result, sources: result.sources.map((source) => source.path) }, stats: { ...cache?.stats } };
}

const entriesUnder = (cacheDir: string): string[] =>
  (readdirSync(cacheDir, { recursive: true }) as string[]).filter((file) => file.endsWith('.json')).map((file) => path.join(cacheDir, file));

describe('the scan cache', () => {
  it('answers for every unchanged file on the second run, with the findings a run without it has', async () => {
    const { dir, cacheDir } = copy();
    const uncached = await run(dir, undefined);
    const cold = await run(dir, cacheDir);
    const warm = await run(dir, cacheDir);
    expect(cold.stats).toEqual({ hits: 0, misses: 11 });
    expect(warm.stats).toEqual({ hits: 11, misses: 0 });
    expect(cold.result).toEqual(uncached.result);
    expect(warm.result).toEqual(uncached.result);
    expect(readFileSync(path.join(cacheDir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('re-parses a changed file, and only that one', async () => {
    const { dir, cacheDir } = copy();
    await run(dir, cacheDir);
    const file = path.join(dir, 'src/client.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nexport const lastSessionId = 'x';\n`);
    const after = await run(dir, cacheDir);
    expect(after.stats).toEqual({ hits: 10, misses: 1 });
    expect(after.result).toEqual((await run(dir, undefined)).result);
    expect(after.result.references.some((reference) => reference.file === 'src/client.ts' && reference.lineText.includes('lastSessionId'))).toBe(true);
  });

  it('misses when the plan changes, and when renamer is another build (whose folder replaces the old one)', async () => {
    const { dir, cacheDir } = copy();
    await run(dir, cacheDir, SETTINGS, 'a'.repeat(64));
    expect((await run(dir, cacheDir, SETTINGS, 'a'.repeat(64))).stats).toEqual({ hits: 11, misses: 0 });
    for (const settings of [
      { ...SETTINGS, renames: [{ from: 'session_id', to: 'run_id' }] },
      { ...SETTINGS, allow: [] },
      { ...SETTINGS, fallbackOnParseError: false },
    ]) {
      const changed = await run(dir, cacheDir, settings, 'a'.repeat(64));
      expect(changed.stats.hits).toBe(0);
      expect(changed.result).toEqual((await run(dir, undefined, settings)).result);
    }
    expect((await run(dir, cacheDir, SETTINGS, 'b'.repeat(64))).stats).toEqual({ hits: 0, misses: 11 });
    expect(readdirSync(cacheDir).sort()).toEqual(['.gitignore', 'b'.repeat(16)]);
  });

  it('misses when a dependency is installed above a file, since imports from it become foreign', async () => {
    const { dir, cacheDir } = copy();
    await run(dir, cacheDir);
    const installed = path.join(dir, 'packages/app/node_modules/session-kit');
    mkdirSync(installed, { recursive: true });
    writeFileSync(path.join(installed, 'package.json'), '{ "name": "session-kit" }');
    const after = await run(dir, cacheDir);
    // The TypeScript file under packages/app/ sees another node_modules; nothing else does. (What it then finds is
    // test/check/cache.test.ts's to show: this process remembers what it found installed.)
    expect(after.stats).toEqual({ hits: 10, misses: 1 });
  });

  it('misses when a manifest above a file changes', async () => {
    const { dir, cacheDir } = copy();
    await run(dir, cacheDir);
    writeFileSync(path.join(dir, 'packages/app/package.json'), '{ "name": "app", "dependencies": { "session-kit": "1.0.0" } }');
    const after = await run(dir, cacheDir);
    // The TypeScript file below the manifest misses; the manifest itself is no candidate (`session-kit` spells no
    // `session_id`, so it is not even read as text).
    expect(after.stats).toEqual({ hits: 10, misses: 1 });
  });

  it('ignores corrupt, truncated, foreign and misshapen entries, and replaces them', async () => {
    const { dir, cacheDir } = copy();
    const uncached = await run(dir, undefined);
    await run(dir, cacheDir);
    const entries = entriesUnder(cacheDir);
    const garbage = [
      (text: string) => text.slice(0, text.length / 2),
      () => 'not json at all',
      () => 'null',
      (text: string) => JSON.stringify({ ...JSON.parse(text), key: 'another' }),
      (text: string) => JSON.stringify({ ...JSON.parse(text), result: { references: 'none' } }),
      (text: string) => JSON.stringify({ ...JSON.parse(text), result: { references: [null], conflicts: [], errors: [] } }),
    ];
    entries.forEach((file, index) => writeFileSync(file, garbage[index % garbage.length](readFileSync(file, 'utf8'))));
    const corrupt = await run(dir, cacheDir);
    expect(corrupt.stats).toEqual({ hits: 0, misses: 11 });
    expect(corrupt.result).toEqual(uncached.result);
    expect((await run(dir, cacheDir)).stats).toEqual({ hits: 11, misses: 0 });
  });

  it('goes on without caching where the cache cannot be written', async () => {
    const { dir } = copy();
    const blocked = path.join(dir, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder would be');
    const first = await run(dir, path.join(blocked, 'cache'));
    expect(first.result).toEqual((await run(dir, undefined)).result);
    expect(existsSync(path.join(blocked, 'cache'))).toBe(false);
  });
});

describe("the cache's key", () => {
  it("holds renamer's build, found from its own files, and each thing a file's findings depend on", () => {
    const { cacheDir } = copy();
    const candidate = { file: { path: 'src/a.ts', absolutePath: path.join(cacheDir, '..', 'src/a.ts') }, text: 'export const sessionId = 1;\n', bom: false };
    const key = (cache: ReturnType<typeof openScanCache>, changes: object = {}) => cache.keyOf({ ...candidate, ...changes });
    // Opened twice in a row, the build's identity is the same (src/ may change later while other tests run).
    expect(key(openScanCache(cacheDir, SETTINGS))).toBe(key(openScanCache(cacheDir, SETTINGS)));
    const fixed = openScanCache(cacheDir, SETTINGS, 'e'.repeat(64));
    const keys = [
      key(fixed),
      key(openScanCache(cacheDir, SETTINGS)),
      key(fixed, { text: 'export const sessionId = 2;\n' }),
      key(fixed, { file: { ...candidate.file, path: 'src/b.ts' } }),
      key(fixed, { bom: true }),
      key(fixed, { encoding: 'latin1' }),
      key(openScanCache(cacheDir, { ...SETTINGS, maxFileSize: 10 }, 'e'.repeat(64))),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

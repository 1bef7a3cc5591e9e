import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/discover.js';
import { languageOf } from '../../src/lang/registry.js';
import { openScanCache } from '../../src/scan/cache.js';
import { scanFiles } from '../../src/scan/parallel.js';
import { QuietFiles } from '../../src/scan/quiet-files.js';
import type { ScanSettings } from '../../src/scan/shard.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/scan-cache');
const SETTINGS: ScanSettings = { renames: [{ from: 'session_id', to: 'flow_id' }], allow: ['src/compat/**'], maxFileSize: 1 << 20, fallbackOnParseError: true };
const temporaries: string[] = [];
afterAll(() => temporaries.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const temporary = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-quiet-files-'));
  temporaries.push(dir);
  return dir;
};
/** A run this long after the files were written: their signatures are no longer racy. */
const LATER = 10_000;
// Longer than a coarse file-system clock's tick, so that a rewrite gets another change time.
const TICK_MS = 50;

describe('the quiet-files index', () => {
  it('vouches for an unchanged file, and not for one rewritten with the same size', async () => {
    const dir = temporary();
    const file = path.join(dir, 'a.ts');
    const index = path.join(dir, 'quiet');
    writeFileSync(file, 'export const flowId = 1;\n');
    const first = QuietFiles.open(index, Date.now() + LATER);
    const seen = first.look(file)!;
    expect(seen.quiet).toBe(false);
    first.keep(file, seen.signature);
    first.save([dir]);
    expect(QuietFiles.open(index, Date.now() + LATER).look(file)).toMatchObject({ quiet: true, signature: seen.signature });
    await sleep(TICK_MS);
    writeFileSync(file, 'export const flowIx = 1;\n');
    expect(QuietFiles.open(index, Date.now() + LATER).look(file)?.quiet).toBe(false);
  });

  it('never records a file changed within seconds of its read, so a write in the same clock tick cannot hide', () => {
    const dir = temporary();
    const file = path.join(dir, 'a.ts');
    const index = path.join(dir, 'quiet');
    writeFileSync(file, 'export const flowId = 1;\n');
    const now = QuietFiles.open(index);
    const seen = now.look(file)!;
    expect(seen.signature).toBeUndefined();
    now.keep(file, seen.signature);
    now.save([dir]);
    expect(QuietFiles.open(index, Date.now() + LATER).look(file)?.quiet).toBe(false);
  });

  it('drops the unvisited entries under the folders a run walked, and keeps the rest', async () => {
    const dir = temporary();
    const sub = path.join(dir, 'sub');
    mkdirSync(sub);
    const [a, b, c] = [path.join(dir, 'a.ts'), path.join(dir, 'b.ts'), path.join(sub, 'c.ts')];
    const index = path.join(dir, 'quiet');
    for (const file of [a, b, c]) writeFileSync(file, 'export const flowId = 1;\n');
    const recorded = () => (JSON.parse(readFileSync(index, 'utf8')) as { paths: string[] }).paths.map((file) => path.relative(dir, file)).sort();
    const run = (visit: string[], walked: string[], quietNow = visit) => {
      const quiet = QuietFiles.open(index, Date.now() + LATER);
      const seen = visit.map((file) => [file, quiet.look(file)!] as const);
      for (const [file, look] of seen) if (quietNow.includes(file)) quiet.keep(file, look.signature);
      quiet.save(walked);
      return seen.filter(([, look]) => look.quiet).map(([file]) => path.basename(file));
    };
    run([a, b, c], [dir]);
    expect(recorded()).toEqual(['a.ts', 'b.ts', 'sub/c.ts']);
    // A pre-commit run over b alone (named files, no folder walked), which now holds a candidate.
    await sleep(TICK_MS);
    writeFileSync(b, 'export const sessionId = 1;\n');
    run([b], [], []);
    expect(recorded()).toEqual(['a.ts', 'sub/c.ts']);
    // A run that names no file at all (nothing staged) changes nothing.
    run([], []);
    expect(recorded()).toEqual(['a.ts', 'sub/c.ts']);
    // `check sub/` walks sub/ only: what lies outside it stays vouched for.
    run([c], [sub]);
    expect(run([a, b, c], [dir], [a, c])).toEqual(['a.ts', 'c.ts']);
    // A walk of the whole tree that no longer finds c (deleted, or ignored now) drops its entry.
    run([a], [dir]);
    expect(recorded()).toEqual(['a.ts']);
  });

  it('reads a corrupt or foreign index as empty, and a missing file as unknown', () => {
    const dir = temporary();
    const file = path.join(dir, 'a.ts');
    writeFileSync(file, 'x\n');
    const index = path.join(dir, 'quiet');
    const stats = statSync(file);
    const signature = [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino];
    const index4 = (fields: object) => JSON.stringify({ format: 'renamer-quiet-files-4', paths: [file], signatures: signature, ...fields });
    writeFileSync(index, index4({}));
    expect(QuietFiles.open(index, Date.now() + LATER).look(file)?.quiet).toBe(true);
    // The right signature under another format, with a count that does not fit, with a value that is no number, and noise.
    for (const text of [index4({ format: 'renamer-quiet-files-3' }), index4({ signatures: signature.slice(0, 3) }), index4({ signatures: [...signature.slice(0, 3), '1'] }), index4({ paths: file }), 'not an index\n', '\u0000\u0001']) {
      writeFileSync(index, text);
      expect(QuietFiles.open(index, Date.now() + LATER).look(file)?.quiet).toBe(false);
    }
    expect(QuietFiles.open(index).look(path.join(dir, 'gone.ts'))).toBeUndefined();
  });
});

describe('check with its cache skips quiet files', () => {
  async function run(dir: string, cacheDir: string | undefined) {
    const cache = cacheDir === undefined ? undefined : openScanCache(cacheDir, SETTINGS, 'e'.repeat(64), Date.now() + LATER);
    const { files } = discoverFiles({ cwd: dir, paths: [dir], include: [], exclude: [], ownFiles: [], accept: (file) => languageOf(file) !== undefined });
    const result = await scanFiles(files, SETTINGS, undefined, undefined, cache);
    cache?.finish([dir]);
    return { result: { ...result, sources: result.sources.map((source) => source.path) }, vouched: cache?.quietFiles.vouched, candidates: cache?.stats.misses, files: files.length };
  }

  it('reads only the candidates on the second run, and finds a quiet file that now holds the name', async () => {
    const dir = temporary();
    cpSync(FIXTURE, dir, { recursive: true });
    const cacheDir = path.join(dir, '.renamer-cache');
    const uncached = await run(dir, undefined);
    const cold = await run(dir, cacheDir);
    expect(cold.vouched).toBe(0);
    const warm = await run(dir, cacheDir);
    // Every file but the candidates (each was a cache miss on the cold run) is vouched for.
    expect(warm.vouched).toBe(warm.files - cold.candidates!);
    expect(warm.vouched).toBeGreaterThan(0);
    expect(warm.result).toEqual(uncached.result);

    await sleep(TICK_MS);
    const quietFile = path.join(dir, 'packages/app/package.json');
    writeFileSync(quietFile, readFileSync(quietFile, 'utf8').replace('"name"', '"session_id"'));
    const after = await run(dir, cacheDir);
    expect(after.vouched).toBe(warm.vouched! - 1);
    expect(after.result).toEqual((await run(dir, undefined)).result);
    expect(after.result.references.some((reference) => reference.file === 'packages/app/package.json')).toBe(true);
  });
});

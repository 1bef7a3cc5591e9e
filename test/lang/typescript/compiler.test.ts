import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../check/helpers.js';
import { ROOT } from '../../helpers/cli.js';

const cacheHome = mkdtempSync(path.join(tmpdir(), 'renamer-compiler-cache-'));
afterAll(() => rmSync(cacheHome, { recursive: true, force: true }));

/** Loads the compiler in a fresh process, as a CLI run does, and reports how the code cache went. */
function load(env: Record<string, string | undefined>): string {
  const script =
    `const { loadTypeScript, typeScriptCodeCache } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/lang/typescript/compiler.js')).href)});` +
    "const ts = loadTypeScript(); const file = ts.createSourceFile('a.ts', 'const x: number = 1;', ts.ScriptTarget.ESNext);" +
    'console.log(typeScriptCodeCache(), file.statements.length);';
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: childEnv as NodeJS.ProcessEnv });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

const cacheFiles = (): string[] => readdirSync(path.join(cacheHome, 'renamer', 'v8')).map((name) => path.join(cacheHome, 'renamer', 'v8', name));

describe('the TypeScript compiler, loaded with a code cache', () => {
  it('writes the cache when the first run ends, starts from it next time, and replaces one V8 rejects', () => {
    requireBuild();
    expect(load({ XDG_CACHE_HOME: cacheHome })).toBe('none 1');
    const [cache] = cacheFiles();
    expect(statSync(cache).size).toBeGreaterThan(100_000);
    expect(load({ XDG_CACHE_HOME: cacheHome })).toBe('accepted 1');
    writeFileSync(cache, 'not a code cache');
    expect(load({ XDG_CACHE_HOME: cacheHome })).toBe('rejected 1');
    expect(statSync(cache).size).toBeGreaterThan(100_000);
    expect(load({ XDG_CACHE_HOME: cacheHome })).toBe('accepted 1');
    expect(cacheFiles()).toHaveLength(1);
  });

  it('is required as usual without a cache folder', () => {
    requireBuild();
    expect(load({ XDG_CACHE_HOME: undefined, HOME: undefined })).toBe('off 1');
  });
});

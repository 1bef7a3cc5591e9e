import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, copyFixture, git, gitFixture, removeCopies, requireBuild, type Run } from './helpers.js';

beforeAll(requireBuild);
afterAll(removeCopies);

/**
 * The same check with the cache off, then with it (`cachedRuns` times: cold, then warm): each must print the same
 * report and exit alike.
 */
async function threeRuns(dir: string, ...args: string[]): Promise<Run> {
  return compared(dir, 2, args);
}

/** After an edit: one run without the cache, one through the cache that holds the tree's earlier state. */
const twoRuns = (dir: string): Promise<Run> => compared(dir, 1, []);

async function compared(dir: string, cachedRuns: number, args: readonly string[]): Promise<Run> {
  const uncached = await check(dir, ...args, '--format', 'json', '--no-cache');
  expect(uncached.code, uncached.stderr).not.toBe(2);
  for (let i = 0; i < cachedRuns; i++) {
    const run = await check(dir, ...args, '--format', 'json');
    expect(run.stdout).toBe(uncached.stdout);
    expect(run.code).toBe(uncached.code);
  }
  return uncached;
}

const cacheEntries = (dir: string): string[] =>
  (readdirSync(path.join(dir, '.renamer-cache'), { recursive: true }) as string[]).filter((file) => file.endsWith('.json'));

describe('renamer check: the cache', () => {
  it('reports exactly what a run without the cache reports, cold and warm, and keeps out of git', async () => {
    const dir = gitFixture('scan-cache');
    const run = await threeRuns(dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ filesScanned: 12, errors: 3 });
    expect(cacheEntries(dir).length).toBe(11);
    // The cache folder ignores itself: nothing for git to show, nothing for --since to list as untracked.
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect((await check(dir, '--since', 'HEAD', '--format', 'json')).stdout).toBe((await check(dir, '--since', 'HEAD', '--format', 'json', '--no-cache')).stdout);
  });

  it('--no-cache writes no cache', async () => {
    const dir = copyFixture('scan-cache');
    await check(dir, '--no-cache');
    expect(existsSync(path.join(dir, '.renamer-cache'))).toBe(false);
  });

  const conflictsOf = (run: Run) => (JSON.parse(run.stdout) as { conflicts: { file: string }[] }).conflicts.map((conflict) => conflict.file);

  it('follows edits and installs as a run without the cache does', async () => {
    const dir = copyFixture('scan-cache');
    // Installing the package an import names makes its names foreign: conflicts, no longer the project's references.
    expect(conflictsOf(await threeRuns(dir))).not.toContain('packages/app/src/uses-dependency.ts');
    const file = path.join(dir, 'src/client.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nexport const lastSessionId = 'x';\n`);
    expect(JSON.parse((await twoRuns(dir)).stdout).references.some((reference: { file: string; line: number }) => reference.file === 'src/client.ts' && reference.line === 15)).toBe(true);
    const installed = path.join(dir, 'packages/app/node_modules/session-kit');
    mkdirSync(installed, { recursive: true });
    writeFileSync(path.join(installed, 'package.json'), '{ "name": "session-kit" }');
    expect(conflictsOf(await twoRuns(dir))).toContain('packages/app/src/uses-dependency.ts');
  });

  it('a dependency declared in a manifest above the file counts as an installed one does', async () => {
    const dir = copyFixture('scan-cache');
    await check(dir);
    writeFileSync(path.join(dir, 'packages/app/package.json'), '{ "name": "app", "dependencies": { "session-kit": "1.0.0" } }');
    expect(conflictsOf(await twoRuns(dir))).toContain('packages/app/src/uses-dependency.ts');
  });

  it('a corrupt cache is ignored and rewritten', async () => {
    const dir = copyFixture('scan-cache');
    const expected = (await check(dir, '--format', 'json', '--no-cache')).stdout;
    await check(dir);
    for (const entry of cacheEntries(dir)) writeFileSync(path.join(dir, '.renamer-cache', entry), '{"key": "truncat');
    expect((await check(dir, '--format', 'json')).stdout).toBe(expected);
    expect(JSON.parse(readFileSync(path.join(dir, '.renamer-cache', cacheEntries(dir)[0]), 'utf8')).key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--staged reads the staged content through the same cache', async () => {
    const dir = gitFixture('scan-cache');
    const file = path.join(dir, 'src/client.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nexport const nextSessionId = 'x';\n`);
    git(dir, 'add', 'src/client.ts');
    writeFileSync(file, 'export const clean = 1;\n');
    const run = await threeRuns(dir, '--staged');
    expect(JSON.parse(run.stdout).references.some((reference: { line: number }) => reference.line === 15)).toBe(true);
  });
});

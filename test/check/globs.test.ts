import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, git, renamer, requireBuild } from './helpers.js';

beforeAll(requireBuild);

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A repository whose src/ holds one reference, a symbolic link to a file outside the repository that holds another,
 * a link to a file inside it, and a link back to the repository's top (a loop). Links cannot live in fixtures/:
 * a loop there would trap every tool that globs this repository.
 */
function linkedRepository(): { repo: string; outside: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-globs-'));
  made.push(dir);
  const repo = path.join(dir, 'repo');
  mkdirSync(path.join(repo, 'src/lib'), { recursive: true });
  mkdirSync(path.join(dir, 'outside'));
  writeFileSync(path.join(repo, 'src/app.ts'), 'export const sessionId = 1;\n');
  writeFileSync(path.join(repo, 'src/lib/util.ts'), 'export const other = 2;\n');
  writeFileSync(path.join(dir, 'outside/vendor.ts'), 'export const session_id = 3;\n');
  symlinkSync(path.join(dir, 'outside/vendor.ts'), path.join(repo, 'src/vendor.ts'));
  symlinkSync(path.join(repo, 'src/app.ts'), path.join(repo, 'src/lib/app-link.ts'));
  symlinkSync(repo, path.join(repo, 'src/loop'));
  git(repo, 'init', '-q');
  return { repo, outside: path.join(dir, 'outside/vendor.ts') };
}

interface Report {
  summary: { filesScanned: number };
  references: { file: string; text: string }[];
}

describe('a quoted glob follows the folder walk\'s rules', () => {
  it('never reads a file a symbolic link takes out of the repository, and counts a file once however many links lead to it', async () => {
    const { repo } = linkedRepository();
    const run = await check(repo, 'src/**/*.ts', '--from', 'session_id', '--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.references.map((r) => `${r.file} ${r.text}`)).toEqual(['src/app.ts sessionId']);
    expect(report.summary.filesScanned).toBe(2);
  });

  it('passes once the repository\'s own references are allowed, whatever lies behind the links', async () => {
    const { repo } = linkedRepository();
    expect((await check(repo, '**/*.ts', '--from', 'session_id', '--allow', 'src/app.ts')).code).toBe(0);
  });

  it('apply through a quoted glob never plans a rewrite outside the repository', async () => {
    const { repo } = linkedRepository();
    const run = await renamer(repo, ['apply', 'src/**/*.ts', '--from', 'session_id', '--to', 'flow_id', '--dry-run', '--allow-dirty']);
    expect(run.stdout).toMatch(/^\+\+\+ b\/src\/app\.ts$/m);
    expect(run.stdout).not.toMatch(/vendor|loop/);
    expect(run.stdout).toContain('Would rewrite 1 reference in 1 file.');
  });
});

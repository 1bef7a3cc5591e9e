import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkJson, copyFixture, git, gitFixture, requireBuild, removeCopies } from './helpers.js';

beforeAll(requireBuild);
afterAll(removeCopies);

const append = (dir: string, file: string, text: string): void => writeFileSync(path.join(dir, file), `${readFileSync(path.join(dir, file), 'utf8')}${text}`);
const failingFiles = async (dir: string, ...args: string[]): Promise<string[]> => [...new Set((await checkJson(dir, ...args)).report.references.filter((r) => r.failing).map((r) => r.file))];

describe('renamer check --since REF', () => {
  it('checks only files changed since the ref: committed, uncommitted and untracked', async () => {
    const dir = gitFixture('check-gate');
    expect((await check(dir, '--since', 'HEAD')).code).toBe(0);
    git(dir, 'checkout', '-q', '-b', 'feature');
    append(dir, 'src/storage/keys.js', "export const LEGACY = 'import_session_id';\n");
    git(dir, 'commit', '-qam', 'add a legacy key');
    expect(await failingFiles(dir, '--since', 'main')).toEqual(['src/storage/keys.js']);
    writeFileSync(path.join(dir, 'src/new-file.ts'), 'export const sessionId = 1;\n');
    append(dir, 'app/services/import_validation.py', '\n\ndef other(session_id):\n    return session_id\n');
    expect((await failingFiles(dir, '--since', 'main')).sort()).toEqual(['app/services/import_validation.py', 'src/new-file.ts', 'src/storage/keys.js']);
  });

  it('diffs against the merge base, so what landed on the ref meanwhile is not checked', async () => {
    const dir = gitFixture('check-gate');
    git(dir, 'checkout', '-q', '-b', 'feature');
    append(dir, 'src/storage/keys.js', '// a clean change\n');
    git(dir, 'commit', '-qam', 'feature work');
    git(dir, 'checkout', '-q', 'main');
    append(dir, 'src/api/client.ts', '// upstream change\n');
    git(dir, 'commit', '-qam', 'upstream work');
    git(dir, 'checkout', '-q', 'feature');
    expect(await failingFiles(dir, '--since', 'main')).toEqual(['src/storage/keys.js']);
  });

  it('keeps the baseline: only changed files are compared, and stale entries elsewhere are not reported', async () => {
    const dir = gitFixture('check-gate');
    expect((await check(dir, '--update-baseline', 'renamer-baseline.json')).code).toBe(0);
    git(dir, 'add', 'renamer-baseline.json');
    git(dir, 'commit', '-qm', 'baseline');
    writeFileSync(path.join(dir, 'src/api/client.ts'), `// moved down\n\n${readFileSync(path.join(dir, 'src/api/client.ts'), 'utf8')}`);
    expect((await check(dir, '--since', 'HEAD', '--baseline', 'renamer-baseline.json')).code).toBe(0);
    append(dir, 'src/api/client.ts', 'export const legacySessionId = 1;\n');
    expect(await failingFiles(dir, '--since', 'HEAD', '--baseline', 'renamer-baseline.json')).toEqual(['src/api/client.ts']);
  });

  it('exits 2 on an unknown ref or outside a git work tree', async () => {
    const dir = gitFixture('check-gate');
    const bad = await check(dir, '--since', 'no-such-branch');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since: unknown git ref "no-such-branch"/);
    const plain = copyFixture('check-gate'); // under the temp dir, outside any work tree
    const run = await check(plain, '--since', 'HEAD');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--since: git rev-parse failed: fatal: not a git repository/);
  });
});

describe('renamer check --staged', () => {
  it('checks only staged files', async () => {
    const dir = gitFixture('check-gate');
    expect((await check(dir, '--staged')).code).toBe(0);
    append(dir, 'src/storage/keys.js', "export const LEGACY = 'import_session_id';\n");
    append(dir, 'app/services/import_validation.py', '\n\ndef other(session_id):\n    return session_id\n');
    expect((await check(dir, '--staged')).code).toBe(0);
    git(dir, 'add', 'src/storage/keys.js');
    const { code, report } = await checkJson(dir, '--staged');
    expect(code).toBe(1);
    expect([...new Set(report.references.map((r) => r.file))]).toEqual(['src/storage/keys.js']);
  });
});

describe('renamer check --staged reads the staged content', () => {
  it('passes when only the working tree holds a new reference, and fails when the index does', async () => {
    const dir = gitFixture('check-gate');
    const file = 'src/storage/keys.js';
    const original = readFileSync(path.join(dir, file), 'utf8');
    append(dir, file, '// a clean, staged change\n');
    git(dir, 'add', file);
    append(dir, file, "export const LEGACY = 'import_session_id';\n"); // not staged
    expect((await check(dir, '--staged', '--ignore-comments')).code).toBe(0);
    writeFileSync(path.join(dir, file), `${original}export const LEGACY = 'import_session_id';\n`);
    git(dir, 'add', file);
    writeFileSync(path.join(dir, file), original); // the work tree is clean again, the index is not
    const { code, report } = await checkJson(dir, '--staged', '--ignore-comments');
    expect(code).toBe(1);
    expect(report.references.filter((r) => r.failing).map((r) => `${r.file}:${r.text}`)).toEqual([`${file}:session_id`]);
  });
});

describe('renamer check --staged judges imports as the work tree does', () => {
  it('a name imported from an installed package is the dependency\'s in the staged copy too, as in a full check', async () => {
    const dir = gitFixture('scan-cache');
    // Installed, not committed (as node_modules is): the staged copy holds only the staged files.
    const installed = path.join(dir, 'packages/app/node_modules/session-kit');
    mkdirSync(installed, { recursive: true });
    writeFileSync(path.join(installed, 'package.json'), '{ "name": "session-kit" }');
    const file = path.join(dir, 'packages/app/src/uses-dependency.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}export const again = session_id;\n`);
    git(dir, 'add', 'packages/app/src/uses-dependency.ts');
    const sites = async (...args: string[]) => {
      const report = JSON.parse((await check(dir, ...args, '--format', 'json', '--no-cache')).stdout) as { references: { file: string; line: number }[]; conflicts: { file: string; line: number }[] };
      const of = (list: { file: string; line: number }[]) => list.filter((site) => site.file === 'packages/app/src/uses-dependency.ts').map((site) => site.line);
      return { references: of(report.references), conflicts: of(report.conflicts) };
    };
    const full = await sites();
    expect(full.conflicts).toContain(5);
    expect(await sites('--staged')).toEqual(full);
    // The staged copy linked the installed package; removing the copy left the package where it was.
    expect(readFileSync(path.join(installed, 'package.json'), 'utf8')).toBe('{ "name": "session-kit" }');
  });
});

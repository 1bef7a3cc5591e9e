import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uncommittedFiles } from '../../src/rewrite/git.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe' });

describe('uncommittedFiles', () => {
  it('asks git about 20,000 long paths without overflowing the command line (E2BIG)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-git-'));
    writeFileSync(path.join(dir, 'clean.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(dir, 'dirty.ts'), 'export const b = 1;\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    writeFileSync(path.join(dir, 'dirty.ts'), 'export const b = 2;\n');
    // 20,000 × ~200 bytes is 4 MB of arguments, twice Linux's usual limit; the files need not exist.
    const many = Array.from({ length: 20_000 }, (_, i) => path.join(dir, `${'long-file-name-'.repeat(12)}${i}.ts`));
    expect(uncommittedFiles([...many, path.join(dir, 'clean.ts'), path.join(dir, 'dirty.ts')])).toEqual([path.join(dir, 'dirty.ts')]);
  });

  it('takes a file name with glob characters literally', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-git-'));
    writeFileSync(path.join(dir, '[id].ts'), 'export const a = 1;\n');
    writeFileSync(path.join(dir, 'd.ts'), 'export const b = 1;\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    writeFileSync(path.join(dir, 'd.ts'), 'export const b = 2;\n');
    // Read as a glob, `[id].ts` matches `d.ts`.
    expect(uncommittedFiles([path.join(dir, '[id].ts')])).toEqual([]);
  });
});

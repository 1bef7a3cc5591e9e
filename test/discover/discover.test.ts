import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/discover.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-discover-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const list = (dir: string, extra: Partial<Parameters<typeof discoverFiles>[0]> = {}) =>
  discoverFiles({ cwd: dir, paths: [dir], include: [], exclude: [], ...extra }).files.map((file) => file.path);

describe('discoverFiles', () => {
  it('honours nested .gitignore files and always skips node_modules and .git', () => {
    const dir = tree({
      '.gitignore': 'dist/\n*.log\n',
      'src/a.ts': '',
      'src/debug.log': '',
      'dist/a.js': '',
      'packages/web/.gitignore': 'generated/\n!keep.log\n',
      'packages/web/generated/x.ts': '',
      'packages/web/keep.log': '',
      'packages/web/src/b.ts': '',
      'node_modules/dep/index.js': '',
      '.git/config': '',
    });
    expect(list(dir)).toEqual(['.gitignore', 'packages/web/.gitignore', 'packages/web/keep.log', 'packages/web/src/b.ts', 'src/a.ts']);
  });

  it('applies .gitignore files above the scanned folder up to the repository root', () => {
    const dir = tree({ '.git/HEAD': '', '.gitignore': 'secret.ts\n', 'src/secret.ts': '', 'src/ok.ts': '' });
    const files = discoverFiles({ cwd: dir, paths: [path.join(dir, 'src')], include: [], exclude: [] }).files;
    expect(files.map((file) => file.path)).toEqual(['src/ok.ts']);
  });

  it('filters with --include and --exclude globs relative to the current directory', () => {
    const dir = tree({ 'src/a.ts': '', 'src/a.test.ts': '', 'docs/x.md': '' });
    expect(list(dir, { include: ['src/**'], exclude: ['**/*.test.ts'] })).toEqual(['src/a.ts']);
  });

  it('takes an explicitly named file even when it is ignored, and leaves symbolic links alone', () => {
    const dir = tree({ '.gitignore': 'gen.ts\n', 'gen.ts': '', 'real.ts': '' });
    symlinkSync(path.join(dir, 'real.ts'), path.join(dir, 'link.ts'));
    expect(list(dir)).toEqual(['.gitignore', 'real.ts']);
    expect(discoverFiles({ cwd: dir, paths: [path.join(dir, 'gen.ts')], include: [], exclude: [] }).files.map((f) => f.path)).toEqual(['gen.ts']);
  });
});

/** What a quoted glob such as `'**\/*.ts'` hands discovery: fast-glob's matches, which follow symbolic links. */
const globbed = (dir: string, pattern: string): string[] =>
  fg.sync(pattern, { cwd: dir, absolute: true, onlyFiles: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] }).map((match) => path.normalize(match)).sort();

const named = (dir: string, paths: readonly string[]) => discoverFiles({ cwd: dir, paths, include: [], exclude: [] }).files.map((file) => file.path);

describe('discoverFiles on files named one by one (arguments, glob matches): the folder walk\'s rules', () => {
  it('leaves out a file a symbolic link takes out of the repository', () => {
    const dir = tree({ 'repo/.git/HEAD': '', 'repo/src/a.ts': '', 'outside/secret.ts': '' });
    const repo = path.join(dir, 'repo');
    symlinkSync(path.join(dir, 'outside/secret.ts'), path.join(repo, 'src/out.ts'));
    symlinkSync(path.join(dir, 'outside'), path.join(repo, 'src/elsewhere'));
    expect(globbed(repo, 'src/**/*.ts')).toHaveLength(3);
    expect(named(repo, globbed(repo, 'src/**/*.ts'))).toEqual(['src/a.ts']);
    // A file outside the repository named by its own path is still read: it was named on purpose.
    expect(named(repo, [path.join(dir, 'outside/secret.ts')])).toEqual(['../outside/secret.ts']);
  });

  it('lists a file once through a symbolic link loop', () => {
    const dir = tree({ '.git/HEAD': '', 'src/a.ts': '' });
    symlinkSync(dir, path.join(dir, 'src/loop'));
    expect(globbed(dir, '**/*.ts').length).toBeGreaterThan(10);
    expect(named(dir, globbed(dir, '**/*.ts'))).toEqual(['src/a.ts']);
  });

  it('lists a file a link inside the tree leads to once, under its own path when that is named too', () => {
    const dir = tree({ '.git/HEAD': '', 'z/real.ts': '' });
    symlinkSync(path.join(dir, 'z/real.ts'), path.join(dir, 'a-link.ts'));
    expect(named(dir, globbed(dir, '**/*.ts'))).toEqual(['z/real.ts']);
    expect(named(dir, [path.join(dir, 'a-link.ts')])).toEqual(['a-link.ts']);
    expect(named(dir, [path.join(dir, 'a-link.ts'), dir])).toEqual(['z/real.ts']);
  });
});

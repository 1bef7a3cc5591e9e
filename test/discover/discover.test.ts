import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

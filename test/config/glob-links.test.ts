import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** src/ with two files, a link to one of them, a link to a folder outside, and a link back to the top (a loop). */
function linkedTree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-glob-links-'));
  made.push(dir);
  mkdirSync(path.join(dir, 'src/lib'), { recursive: true });
  mkdirSync(path.join(dir, 'outside'));
  writeFileSync(path.join(dir, 'src/app.ts'), 'export const sessionId = 1;\n');
  writeFileSync(path.join(dir, 'src/lib/util.ts'), 'export const other = 2;\n');
  writeFileSync(path.join(dir, 'outside/vendor.ts'), 'export const session_id = 3;\n');
  symlinkSync(path.join(dir, 'src/app.ts'), path.join(dir, 'src/lib/app-link.ts'));
  symlinkSync(path.join(dir, 'outside'), path.join(dir, 'src/outside'));
  symlinkSync(dir, path.join(dir, 'src/loop'));
  return dir;
}

describe('a glob argument follows no symbolic link, as the folder walk follows none', () => {
  it('expands to the tree\'s own files only: no path through a loop, a linked folder or a linked file', () => {
    const dir = linkedTree();
    const { paths } = resolveOptions(dir, { paths: ['src/**/*.ts'], from: 'session_id', fromAlone: true });
    expect(paths.map((file) => path.relative(dir, file))).toEqual(['src/app.ts', 'src/lib/util.ts']);
  });

  it('still reads through a link the glob names before its wildcard', () => {
    const dir = linkedTree();
    const { paths } = resolveOptions(dir, { paths: ['src/outside/*.ts'], from: 'session_id', fromAlone: true });
    expect(paths.map((file) => path.relative(dir, file))).toEqual(['src/outside/vendor.ts']);
  });
});

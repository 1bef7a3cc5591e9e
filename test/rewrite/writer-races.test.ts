import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runApply } from './helpers.js';

// Someone else touching the files while apply writes them, at exact moments: write-file-atomic is wrapped so that
// a test can act just before a file is replaced (the old file is still in place) or just after.
const hooks = vi.hoisted(() => ({
  before: undefined as ((file: string, call: number) => void) | undefined,
  after: undefined as ((file: string, call: number) => void) | undefined,
  calls: 0,
}));

vi.mock('write-file-atomic', async (importOriginal) => {
  const actual = ((await importOriginal()) as { default: typeof import('write-file-atomic') }).default;
  const wrapped = async (file: string, data: Buffer, options?: object) => {
    const call = ++hooks.calls;
    hooks.before?.(file, call);
    await actual(file, data, options);
    hooks.after?.(file, call);
  };
  return { default: Object.assign(wrapped, { sync: actual.sync }) };
});

afterEach(() => {
  hooks.before = undefined;
  hooks.after = undefined;
  hooks.calls = 0;
});

const SOURCES = { 'a.ts': 'export const sessionId = 1;\n', 'b.ts': 'export const session_id = 2;\n', 'c.ts': 'export const sessionIds = [3];\n' };
const RENAMED = { 'a.ts': 'export const flowId = 1;\n', 'b.ts': 'export const flow_id = 2;\n', 'c.ts': 'export const flowIds = [3];\n' };

/** The three sources in a fresh folder (not a git work tree), and a private cache folder for the journal. */
function tree(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-races-'));
  for (const [file, content] of Object.entries(SOURCES)) writeFileSync(path.join(dir, file), content);
  mkdirSync(path.join(dir, '.cache'));
  return { dir, env: { XDG_CACHE_HOME: path.join(dir, '.cache') } };
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const args = ['--from', 'session_id', '--to', 'flow_id', '--exclude', '.cache/**'];

describe('apply while someone else edits the files', () => {
  it('leaves a file edited after the run started alone, writes the rest, and exits 1 naming it', async () => {
    const { dir, env } = tree();
    hooks.after = (_file, call) => {
      if (call === 1) writeFileSync(path.join(dir, 'c.ts'), 'export const sessionIds = [3, 4]; // edited meanwhile\n');
    };
    const result = await runApply(dir, args, env);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(read(dir, 'c.ts')).toBe('export const sessionIds = [3, 4]; // edited meanwhile\n');
    expect(read(dir, 'a.ts')).toBe(RENAMED['a.ts']);
    expect(read(dir, 'b.ts')).toBe(RENAMED['b.ts']);
    expect(result.stdout).toMatch(/^Changed during the run: 1 file edited by someone else meanwhile, left as they are \(run apply again to rewrite them\):\n {2}c\.ts$/m);
  });

  it('puts back an edit written into the old file in place while it was being replaced', async () => {
    const { dir, env } = tree();
    hooks.before = (file) => {
      if (path.basename(file) === 'b.ts') appendFileSync(file, '// saved in place by an editor\n');
    };
    const result = await runApply(dir, args, env);
    expect(result.code).toBe(1);
    expect(read(dir, 'b.ts')).toBe(`${SOURCES['b.ts']}// saved in place by an editor\n`);
    expect(read(dir, 'a.ts')).toBe(RENAMED['a.ts']);
    expect(read(dir, 'c.ts')).toBe(RENAMED['c.ts']);
    expect(result.stdout).toMatch(/^Changed during the run: 1 file.*\n {2}b\.ts$/m);
  });

  it('reports a file whose content on disk is not what was written, right after writing it', async () => {
    const { dir, env } = tree();
    hooks.after = (file) => {
      if (path.basename(file) === 'a.ts') writeFileSync(file, 'export const theirs = 1;\n');
    };
    const result = await runApply(dir, args, env);
    expect(result.code).toBe(1);
    expect(read(dir, 'a.ts')).toBe('export const theirs = 1;\n');
    expect(result.stdout).toMatch(/^Changed during the run: 1 file.*\n {2}a\.ts$/m);
  });

  it('stops after an error mid-way, lists what it wrote and points to --undo, which restores it', { timeout: 120_000 }, async () => {
    const { dir, env } = tree();
    hooks.before = (_file, call) => {
      if (call === 2) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    };
    const result = await runApply(dir, args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stderr).toMatch(/^renamer apply: stopped \([abc]\.ts: EIO\) after writing 1 of 3 files:\n {2}a\.ts\n/);
    expect(result.stderr).toMatch(/^Not written: 2 files\.$/m);
    expect(result.stderr).toMatch(/^Run renamer apply --undo to restore the files written \(journal in .*\.cache\/renamer\/[0-9a-f]+\/last-run\)\.$/m);
    expect(read(dir, 'a.ts')).toBe(RENAMED['a.ts']);

    // A new run refuses while the stopped one is neither undone nor its journal removed.
    const again = await runApply(dir, args, env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/the last apply \(started .*\) stopped after writing 1 of 3 files; run renamer apply --undo/);

    const undone = await runApply(dir, ['--undo'], env);
    expect(undone.code, undone.stdout + undone.stderr).toBe(0);
    expect(undone.stdout).toMatch(/^Restored 1 file written by the apply run of .*:\n {2}a\.ts$/m);
    for (const [file, content] of Object.entries(SOURCES)) expect(read(dir, file)).toBe(content);
  });

  it('finishes the file at hand on SIGINT, stops, and says what it wrote', async () => {
    const { dir, env } = tree();
    const listeners = process.listenerCount('SIGINT');
    hooks.after = (_file, call) => {
      // The event only: the handler apply installs for the write phase receives it, nothing kills the worker.
      if (call === 1) process.emit('SIGINT', 'SIGINT');
    };
    const result = await runApply(dir, args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^renamer apply: stopped \(interrupted by SIGINT\) after writing 1 of 3 files:\n {2}a\.ts\n/);
    expect(result.stderr).toMatch(/^Run renamer apply --undo/m);
    expect(read(dir, 'b.ts')).toBe(SOURCES['b.ts']);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
    const undone = await runApply(dir, ['--undo'], env);
    expect(undone.code).toBe(0);
    expect(read(dir, 'a.ts')).toBe(SOURCES['a.ts']);
  });
});

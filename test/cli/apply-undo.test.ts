import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, runCli } from '../helpers/cli.js';

const args = ['apply', '--from', 'session_id', '--to', 'flow_id'];
const ORIGINAL = { 'a.ts': 'export const sessionId = 1;\n', 'b.ts': 'export const session_id = 2;\n', 'c.ts': 'export const sessionIds = [3];\n' };

/** fixtures/undo-kill/input as a committed git work tree, with two user files that merely look like temporaries. */
function committedTree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-undo-kill-'));
  cpSync(path.join(FIXTURES, 'undo-kill/input'), dir, { recursive: true });
  const git = (...rest: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...rest], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'init');
  writeFileSync(path.join(dir, 'b.ts.20240315'), 'a dated backup\n');
  writeFileSync(path.join(dir, 'b.ts.1'), 'a numbered backup\n');
  return dir;
}

/** `renamer apply` killed with SIGKILL at its second rename: a.ts written, b.ts's temporary file left beside it. */
function killedRun(dir: string): void {
  const run = spawnSync(process.execPath, ['--require', path.join(FIXTURES, 'undo-kill/kill-at-rename.cjs'), BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KILL_AT_RENAME: '2' },
  });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  expect(readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('export const flowId = 1;\n');
  expect(temporaries(dir)).toHaveLength(1);
}

/** write-file-atomic's temporary names: `b.ts.<uint32>`, never the user's `b.ts.1` or a date. */
const temporaries = (dir: string) => readdirSync(dir).filter((name) => /^[abc]\.ts\.\d+$/.test(name) && !['b.ts.1', 'b.ts.20240315'].includes(name));

const expectOriginal = (dir: string) => {
  for (const [file, content] of Object.entries(ORIGINAL)) expect(readFileSync(path.join(dir, file), 'utf8')).toBe(content);
  expect(readFileSync(path.join(dir, 'b.ts.20240315'), 'utf8')).toBe('a dated backup\n');
  expect(readFileSync(path.join(dir, 'b.ts.1'), 'utf8')).toBe('a numbered backup\n');
};

describe('renamer apply after kill -9', () => {
  // Four spawned runs: genuinely long on a loaded machine.
  it('the next apply removes the leftover temporary file and refuses until --undo restores the run', { timeout: 180_000 }, () => {
    const dir = committedTree();
    killedRun(dir);
    const next = runCli(args, dir);
    expect(next.code).toBe(2);
    expect(next.stderr).toMatch(/^renamer apply: the last apply \(started \S+\) stopped after writing 1 of 3 files; run renamer apply --undo to restore them first, or delete \S+\.git\/renamer\/last-run to keep them as they are\n$/);
    expect(temporaries(dir)).toEqual([]);
    const undone = runCli(['apply', '--undo'], dir);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toMatch(/^Restored 1 file written by the apply run of \S+:\n {2}a\.ts\n$/);
    expectOriginal(dir);
    // Undone, the tree is clean again and apply runs as usual.
    expect(runCli(args, dir).code).toBe(0);
  });

  it('--undo removes the leftover too, and says so', { timeout: 120_000 }, () => {
    const dir = committedTree();
    killedRun(dir);
    const [leftover] = temporaries(dir);
    const undone = runCli(['apply', '--undo'], dir);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain(`Removed 1 leftover temporary file of an interrupted run:\n  ${leftover}\n`);
    expect(temporaries(dir)).toEqual([]);
    expectOriginal(dir);
  });

  it('documents --undo and --force-read-only in apply --help', () => {
    const help = runCli(['apply', '--help'], process.cwd());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}--undo {2,}\S/m);
    expect(help.stdout).toMatch(/^ {2}--force-read-only {2,}\S/m);
  });
});

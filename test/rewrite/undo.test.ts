import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApply, snapshot } from './helpers.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe', encoding: 'utf8' });

function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-undo-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const cacheEnv = () => ({ XDG_CACHE_HOME: mkdtempSync(path.join(os.tmpdir(), 'renamer-undo-cache-')) });
const args = ['--from', 'session_id', '--to', 'flow_id'];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('apply --undo', () => {
  // Four runs, two of them binding with the TypeScript and Python engines: genuinely long on a loaded machine.
  it('restores the last run byte for byte from the journal in .git/renamer, once', { timeout: 180_000 }, async () => {
    const dir = tree({
      'src/a.ts': 'export const sessionId = 1;\n',
      'src/crlf.py': Buffer.concat([BOM, Buffer.from('def f(session_id):\r\n    return session_id\r\n')]),
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    const before = snapshot(path.join(dir, 'src'));
    const applied = await runApply(dir, args);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const journal = path.join(dir, '.git', 'renamer', 'last-run');
    expect(applied.stdout).toContain(`Undo: renamer apply --undo restores these files (journal in ${journal}).\n`);
    expect(existsSync(path.join(journal, 'journal.json'))).toBe(true);

    const dry = await runApply(dir, ['--undo', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Would restore 2 files written by the apply run of \S+:\n {2}src\/a\.ts\n {2}src\/crlf\.py\n$/);
    expect(readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe('export const flowId = 1;\n');

    const undone = await runApply(dir, ['--undo']);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toMatch(/^Restored 2 files written by the apply run of \S+:\n {2}src\/a\.ts\n {2}src\/crlf\.py\n$/);
    expect(snapshot(path.join(dir, 'src'))).toEqual(before);
    expect(git(dir, 'status', '--porcelain')).toBe('');

    const again = await runApply(dir, ['--undo']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Nothing to undo: the apply run of \S+ was undone already\.\n$/);
  });

  it('refuses a file changed since the run wrote it, restores the rest, and exits 1 naming it', async () => {
    const dir = tree({ 'a.ts': 'export const sessionId = 1;\n', 'b.ts': 'export const session_id = 2;\n' });
    const env = cacheEnv();
    const applied = await runApply(dir, args, env);
    expect(applied.code).toBe(0);
    // Outside git the journal lives in the cache folder, and apply says where.
    expect(applied.stdout).toContain(`(journal in ${path.join(env.XDG_CACHE_HOME, 'renamer')}`);
    writeFileSync(path.join(dir, 'b.ts'), 'export const flow_id = 2; // more work\n');
    const undone = await runApply(dir, ['--undo'], env);
    expect(undone.code).toBe(1);
    expect(undone.stdout).toMatch(/^Restored 1 file written by the apply run of \S+:\n {2}a\.ts\nRefused: 1 file changed since that run wrote them, left as they are:\n {2}b\.ts\n$/);
    expect(readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('export const sessionId = 1;\n');
    expect(readFileSync(path.join(dir, 'b.ts'), 'utf8')).toBe('export const flow_id = 2; // more work\n');
  });

  it('says so when there is no run to undo (exit 2)', async () => {
    const dir = tree({ 'a.ts': 'export const sessionId = 1;\n' });
    const result = await runApply(dir, ['--undo'], cacheEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^renamer apply: nothing to undo: no apply run is recorded in \S+last-run\n$/);
  });

  it('takes no plan options (exit 2)', async () => {
    const dir = tree({ 'a.ts': 'export const sessionId = 1;\n' });
    const result = await runApply(dir, ['--undo', '--from', 'session_id'], cacheEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--undo restores the last run and takes no paths or plan options \(got --from\)/);
  });
});

import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modeOf, runApply, snapshot } from './helpers.js';

const isRoot = process.getuid?.() === 0;

function hasChattr(): boolean {
  try {
    execFileSync('chattr', ['--help'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // chattr prints its usage and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** `chattr ±i`: immutable even for root; only root may set it. */
const immutable = (file: string, on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', file]);

function tree(files: Record<string, string>): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-preflight-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  const cache = mkdtempSync(path.join(os.tmpdir(), 'renamer-preflight-cache-'));
  return { dir, env: { XDG_CACHE_HOME: cache } };
}

const THREE = { 'a.ts': 'export const sessionId = 1;\n', 'b.ts': 'export const session_id = 2;\n', 'sub/c.ts': 'export const sessionIds = [3];\n' };
const args = ['--from', 'session_id', '--to', 'flow_id'];

describe('apply checks every file before the first write', () => {
  it.skipIf(!isRoot || !hasChattr())('refuses an immutable file (chattr +i) and writes nothing, naming it', async () => {
    const { dir, env } = tree(THREE);
    immutable(path.join(dir, 'b.ts'), true);
    try {
      const before = snapshot(dir);
      const result = await runApply(dir, args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^renamer apply: cannot replace b\.ts \(immutable or not permitted \(EPERM\)\); nothing was written\n$/);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      immutable(path.join(dir, 'b.ts'), false);
    }
  });

  it('refuses a folder where the temporary file cannot be created, and writes nothing', async () => {
    const { dir, env } = tree(THREE);
    const sub = path.join(dir, 'sub');
    // Root ignores folder permissions; an immutable folder refuses new files even to root.
    if (isRoot && !hasChattr()) return;
    if (isRoot) immutable(sub, true);
    else chmodSync(sub, 0o555);
    try {
      const before = snapshot(dir);
      const result = await runApply(dir, args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/cannot replace sub\/c\.ts \(its folder does not allow creating files: (immutable or not permitted \(EPERM\)|permission denied \(EACCES\))\); nothing was written/);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      if (isRoot) immutable(sub, false);
      else chmodSync(sub, 0o755);
    }
  });

  it('refuses read-only files unless --force-read-only, which rewrites them and keeps them read-only', async () => {
    const { dir, env } = tree(THREE);
    chmodSync(path.join(dir, 'b.ts'), 0o444);
    const before = snapshot(dir);
    const refused = await runApply(dir, args, env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot replace b\.ts \(read-only; --force-read-only rewrites it\); nothing was written/);
    expect(snapshot(dir)).toEqual(before);

    const forced = await runApply(dir, [...args, '--force-read-only'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'b.ts'), 'utf8')).toBe('export const flow_id = 2;\n');
    expect(modeOf(path.join(dir, 'b.ts'))).toBe(0o444);
  });

  it('splits hard links, as documented: the other link keeps the old content and the summary lists the file', async () => {
    const { dir, env } = tree({ 'a.ts': 'export const sessionId = 1;\n' });
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'renamer-link-'));
    linkSync(path.join(dir, 'a.ts'), path.join(elsewhere, 'a.ts'));
    const result = await runApply(dir, args, env);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('export const flowId = 1;\n');
    expect(readFileSync(path.join(elsewhere, 'a.ts'), 'utf8')).toBe('export const sessionId = 1;\n');
    expect(statSync(path.join(dir, 'a.ts')).nlink).toBe(1);
    expect(result.stdout).toMatch(/^Hard links: 1 file had other hard links; each was replaced by a new file, so its other links keep the old content:\n {2}a\.ts$/m);
  });
});

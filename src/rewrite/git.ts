import { execFileSync } from 'node:child_process';
import path from 'node:path';

function gitTopLevel(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Files among `files` (absolute) with uncommitted changes, untracked ones included, in their git work tree: their
 * current state could not be recovered from git after a rewrite. Files outside any work tree are not listed.
 */
export function uncommittedFiles(files: readonly string[]): string[] {
  const byTopLevel = new Map<string, string[]>();
  const topLevels = new Map<string, string | undefined>();
  for (const file of files) {
    const dir = path.dirname(file);
    if (!topLevels.has(dir)) topLevels.set(dir, gitTopLevel(dir));
    const top = topLevels.get(dir);
    if (top) byTopLevel.set(top, [...(byTopLevel.get(top) ?? []), file]);
  }
  const dirty: string[] = [];
  for (const [top, members] of byTopLevel) {
    const output = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...members.map((file) => path.relative(top, file))], {
      cwd: top,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const entries = output.split('\0').filter(Boolean);
    for (let i = 0; i < entries.length; i++) {
      const status = entries[i].slice(0, 2);
      dirty.push(path.join(top, entries[i].slice(3)));
      if (status.includes('R') || status.includes('C')) i++; // the rename's source path follows
    }
  }
  return dirty;
}

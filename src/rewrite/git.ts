import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

function gitTopLevel(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The work tree holding `dir`, asking git once per repository rather than once per folder (thousands of folders
 * would be thousands of processes): the nearest ancestor with a `.git` is the candidate git confirms. Without one,
 * git is asked only when GIT_DIR points elsewhere.
 */
function topLevelOf(dir: string, cache: Map<string, string | undefined>): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let at = dir; ; at = path.dirname(at)) {
    if (cache.has(at)) {
      found = cache.get(at);
      break;
    }
    visited.push(at);
    if (existsSync(path.join(at, '.git'))) {
      found = gitTopLevel(at);
      break;
    }
    if (path.dirname(at) === at) {
      found = process.env.GIT_DIR ? gitTopLevel(dir) : undefined;
      break;
    }
  }
  for (const at of visited) cache.set(at, found);
  return found;
}

/**
 * Files among `files` (absolute) with uncommitted changes, untracked ones included, in their git work tree: their
 * current state could not be recovered from git after a rewrite. Files outside any work tree are not listed.
 */
export function uncommittedFiles(files: readonly string[]): string[] {
  const byTopLevel = new Map<string, string[]>();
  const topLevels = new Map<string, string | undefined>();
  for (const file of files) {
    const top = topLevelOf(path.dirname(file), topLevels);
    if (!top) continue;
    const members = byTopLevel.get(top);
    if (members) members.push(file);
    else byTopLevel.set(top, [file]);
  }
  const dirty: string[] = [];
  for (const [top, members] of byTopLevel) {
    const relative = members.map((file) => path.relative(top, file));
    // `git status` has no --pathspec-from-file, and 18,000 long paths on one command line fail with E2BIG: past
    // a size that fits every platform (Windows: 32 KB), ask about the whole work tree and keep the members.
    const fits = relative.reduce((sum, file) => sum + Buffer.byteLength(file) + 1, 0) <= 24 * 1024;
    // --literal-pathspecs: a file named `[id].ts` is that file, not a glob matching `d.ts`.
    const output = execFileSync('git', ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', ...(fits ? ['--', ...relative] : [])], {
      cwd: top,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const wanted = new Set(relative.map((file) => file.split(path.sep).join('/')));
    const entries = output.split('\0').filter(Boolean);
    for (let i = 0; i < entries.length; i++) {
      const status = entries[i].slice(0, 2);
      const file = entries[i].slice(3);
      if (wanted.has(file)) dirty.push(path.join(top, file));
      if (status.includes('R') || status.includes('C')) i++; // the rename's source path follows
    }
  }
  return dirty;
}

/** The git directory (absolute; a worktree's own) of the work tree holding `dir`, or undefined outside git. */
export function gitDirOf(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

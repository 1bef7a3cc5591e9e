import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';

export type GitScope = { readonly since: string } | { readonly staged: true };

function git(cwd: string, args: readonly string[], flag: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new UsageError(`${flag}: git ${args[0]} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

const splitZ = (output: string): string[] => output.split('\0').filter(Boolean);

/**
 * The files a pre-commit hook or a pull-request job should look at, as absolute paths. `--since REF`
 * diffs against the merge base of REF and HEAD (what the branch changed, not what landed on REF since),
 * and adds untracked files; `--staged` lists what is staged. Deleted files are left out: nothing to read.
 */
export function changedFiles(cwd: string, scope: GitScope): string[] {
  const flag = 'since' in scope ? '--since' : '--staged';
  const root = git(cwd, ['rev-parse', '--show-toplevel'], flag).trim();
  let names: string[];
  if ('since' in scope) {
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', `${scope.since}^{commit}`], { cwd, stdio: 'ignore' });
    } catch (error) {
      throw new UsageError(`--since: unknown git ref "${scope.since}"`, { cause: error });
    }
    let base = scope.since;
    try {
      base = execFileSync('git', ['merge-base', scope.since, 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // No common ancestor (or no HEAD yet): compare with the ref itself.
    }
    names = [
      ...splitZ(git(cwd, ['diff', '--name-only', '-z', '--diff-filter=d', base, '--'], flag)),
      ...splitZ(git(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', ':/'], flag)),
    ];
  } else {
    names = splitZ(git(cwd, ['diff', '--cached', '--name-only', '-z', '--diff-filter=d', '--'], flag));
  }
  return [...new Set(names)].map((name) => path.join(root, name));
}

export interface StagedSnapshot {
  /** The current directory's counterpart inside the snapshot: report paths come out the same. */
  readonly cwd: string;
  /** The staged files' counterparts inside the snapshot. */
  readonly paths: string[];
  dispose(): void;
}

/**
 * Writes the staged content of `files` (absolute paths in the work tree) into a temporary mirror of the
 * repository, so that a pre-commit check reads what will be committed, not what the working tree holds
 * (a partly staged file differs). `git checkout-index --prefix` writes index blobs, never the work tree.
 */
export function stagedSnapshot(cwd: string, files: readonly string[]): StagedSnapshot {
  const root = git(cwd, ['rev-parse', '--show-toplevel'], '--staged').trim();
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-staged-'));
  const relative = files.map((file) => path.relative(root, file));
  if (relative.length > 0) {
    try {
      execFileSync('git', ['checkout-index', `--prefix=${dir}${path.sep}`, '-z', '--stdin'], { cwd: root, input: relative.join('\0'), stdio: ['pipe', 'ignore', 'pipe'] });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw new UsageError(`--staged: git checkout-index failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim().split('\n')[0]}`, { cause: error });
    }
  }
  const mirroredCwd = path.join(dir, path.relative(root, cwd));
  mkdirSync(mirroredCwd, { recursive: true });
  return {
    cwd: mirroredCwd,
    paths: relative.map((name) => path.join(dir, name)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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

/** One git command, without blocking: the two listings of `--since` run side by side. */
function gitAsync(cwd: string, args: readonly string[], flag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const first = String(stderr ?? '').trim().split('\n')[0];
      reject(new UsageError(`${flag}: git ${args[0]} failed${first ? `: ${first}` : ''}`, { cause: error }));
    });
  });
}

/** The repository's top folder and the commit `ref` names, in one git call; a failure names what is wrong. */
async function topAndCommit(cwd: string, ref: string): Promise<{ root: string; commit: string }> {
  const [root, commit] = (await gitAsync(cwd, ['rev-parse', '--show-toplevel', `${ref}^{commit}`], '--since').catch(() => '')).trim().split('\n');
  if (root && commit) return { root, commit };
  // Not a repository, or no such ref: asked apart, so that the message says which.
  git(cwd, ['rev-parse', '--show-toplevel'], '--since');
  throw new UsageError(`--since: unknown git ref "${ref}"`);
}

/**
 * The files a pre-commit hook or a pull-request job should look at, as absolute paths. `--since REF`
 * diffs against the merge base of REF and HEAD (what the branch changed, not what landed on REF since),
 * and adds untracked files; `--staged` lists what is staged. Deleted files are left out: nothing to read.
 * The git commands that do not wait for each other run side by side: a pre-commit hook pays for each in turn.
 */
export async function changedFiles(cwd: string, scope: GitScope): Promise<string[]> {
  let top: Promise<{ root: string }>;
  let listings: Promise<string>[];
  if ('since' in scope) {
    const ref = scope.since;
    const found = topAndCommit(cwd, ref);
    const diff = (...against: string[]) => gitAsync(cwd, ['diff', '--name-only', '-z', '--diff-filter=d', ...against, '--'], '--since');
    // One git call finds the merge base and diffs against it (git 2.30+). Without a common ancestor (or HEAD, or on
    // an older git) the ref itself is the base; an unknown ref is topAndCommit's to report.
    const changed = diff('--merge-base', ref).catch(() => found.then(() => diff(ref)));
    const untracked = gitAsync(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', ':/'], '--since');
    top = found;
    listings = [changed, untracked];
  } else {
    top = gitAsync(cwd, ['rev-parse', '--show-toplevel'], '--staged').then((output) => ({ root: output.trim() }));
    listings = [gitAsync(cwd, ['diff', '--cached', '--name-only', '-z', '--diff-filter=d', '--'], '--staged')];
  }
  // Every promise settles before any failure is raised (none rejects unheard), and the first in this order wins:
  // "not a repository" or "unknown ref" before a listing's own failure.
  const settled = await Promise.allSettled([top, ...listings]);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  const { root } = await top;
  const outputs = await Promise.all(listings);
  return [...new Set(outputs.flatMap(splitZ))].map((name) => path.join(root, name));
}

export interface StagedSnapshot {
  /** The current directory's counterpart inside the snapshot: report paths come out the same. */
  readonly cwd: string;
  /** The staged files' counterparts inside the snapshot. */
  readonly paths: string[];
  dispose(): void;
}

/**
 * Whether an import names a dependency is decided by the package.json files and node_modules folders above the
 * importing file (src/lang/typescript/dependencies.ts). The mirror holds only the staged files, so it links the work
 * tree's ones above each of them (a staged package.json stays as staged; the others are copied): --staged then judges imports as a full
 * check does, instead of taking an installed package's names for the project's.
 */
function linkDependencyContext(root: string, mirror: string, files: readonly string[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    for (let dir = path.dirname(file); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      for (const name of ['package.json', 'node_modules']) {
        const real = path.join(root, dir, name);
        const copy = path.join(mirror, dir, name);
        if (!existsSync(real) || existsSync(copy)) continue;
        mkdirSync(path.dirname(copy), { recursive: true });
        // A folder is linked (a junction on Windows needs no privilege); a manifest is small enough to copy.
        if (name === 'node_modules') symlinkSync(real, copy, 'junction');
        else copyFileSync(real, copy);
      }
      if (dir === '.' || dir === path.dirname(dir)) break;
    }
  }
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
  linkDependencyContext(root, dir, relative);
  const mirroredCwd = path.join(dir, path.relative(root, cwd));
  mkdirSync(mirroredCwd, { recursive: true });
  return {
    cwd: mirroredCwd,
    paths: relative.map((name) => path.join(dir, name)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

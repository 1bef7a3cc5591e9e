import { spawnSync } from 'node:child_process';
import { InputError, UsageError } from '../errors.js';

/** Every tree and blob of a large repository's commit passes through here: no output cap worth hitting. */
const MAX_BUFFER = 2 ** 31 - 1;

/** Runs git in `cwd` for its output; a failure is the user's input (`flag`, when given, names what led there). */
export function gitOutput(cwd: string, args: readonly string[], flag?: string, input?: string): Buffer {
  const at = flag ? `${flag}: ` : '';
  const result = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'] });
  if (result.error) throw new InputError(`${at}cannot run git (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`, { cause: result.error });
  if (result.status !== 0) {
    const stderr = result.stderr.toString('utf8').trim().split('\n')[0];
    throw new UsageError(`${at}git ${args[0]} failed${stderr ? `: ${stderr}` : ''}`);
  }
  return result.stdout;
}

export interface Commit {
  readonly commit: string;
  readonly date: string;
  readonly subject: string;
  /** What this commit changed against its first parent (empty for the first commit listed: its whole tree is read). */
  readonly changes: readonly TreeEntry[];
}

/**
 * The current branch's commits, oldest first, following first parents (a merged branch's own commits are not the
 * branch's steps, and a merge changes what it brought in against its first parent): those after `since` (with
 * `since` itself, the starting point), or else the last `limit`. One `git log --raw` lists every commit's changes:
 * one process, where a `git diff-tree` per commit would cost as much as the counting.
 */
export function branchCommits(cwd: string, since: string | undefined, limit: number): Commit[] {
  const log = ['log', '--first-parent', '--diff-merges=first-parent', '--raw', '--no-renames', '--no-abbrev', '-z', '--format=%x1e%H%x1f%cI%x1f%s'];
  if (since === undefined) {
    const commits = parseLog(gitOutput(cwd, [...log, `--max-count=${limit}`, 'HEAD'])).reverse();
    return commits.map((commit, i) => (i === 0 ? { ...commit, changes: [] } : commit));
  }
  let start: string;
  try {
    start = gitOutput(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${since}^{commit}`], '--since').toString('utf8').trim();
  } catch (error) {
    throw new UsageError(`--since: unknown git revision "${since}"`, { cause: error });
  }
  const first = parseLog(gitOutput(cwd, [...log, '-1', start], '--since')).map((commit) => ({ ...commit, changes: [] }));
  return [...first, ...parseLog(gitOutput(cwd, [...log, `${start}..HEAD`], '--since')).reverse()];
}

function parseLog(output: Buffer): Commit[] {
  const commits: Commit[] = [];
  for (const record of output.toString('utf8').split('\x1e')) {
    if (!record) continue;
    const fields = record.split('\0');
    const [commit, date, subject] = fields[0].split('\x1f');
    const changes: TreeEntry[] = [];
    for (let i = 1; i + 1 < fields.length; i += 2) {
      const header = fields[i].trimStart();
      if (!header.startsWith(':')) break;
      const [, newMode, , newBlob, status] = header.slice(1).split(' ');
      changes.push(status === 'D' || !isRegularFile(newMode) ? { path: fields[i + 1] } : { path: fields[i + 1], blob: newBlob });
    }
    commits.push({ commit, date, subject: subject ?? '', changes });
  }
  return commits;
}

/** A file of a commit's tree: its blob, by path relative to the repository root. */
export interface TreeEntry {
  readonly path: string;
  /** Absent when the change deleted the file. */
  readonly blob?: string;
}

/** Regular files only: symbolic links and submodules are never read, as discovery never follows them. */
const isRegularFile = (mode: string): boolean => mode === '100644' || mode === '100755';

/** Every regular file of a commit (`git ls-tree -r`). */
export function treeOf(root: string, commit: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of gitOutput(root, ['ls-tree', '-r', '-z', '--full-tree', commit]).toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, blob] = record.slice(0, tab).split(' ');
    if (type === 'blob' && isRegularFile(mode)) entries.push({ path: record.slice(tab + 1), blob });
  }
  return entries;
}

/**
 * Many blobs through one `git cat-file --batch`: one process however many files a commit changed. A blob the
 * repository does not hold (a partial clone) comes back undefined.
 */
export function readBlobs(root: string, blobs: readonly string[]): Map<string, Buffer | undefined> {
  const out = new Map<string, Buffer | undefined>();
  if (blobs.length === 0) return out;
  const output = gitOutput(root, ['cat-file', '--batch'], undefined, `${blobs.join('\n')}\n`);
  let at = 0;
  while (at < output.length) {
    const newline = output.indexOf(10, at);
    const header = output.toString('utf8', at, newline).split(' ');
    at = newline + 1;
    if (header[1] === 'missing' || header.length < 3) {
      out.set(header[0], undefined);
      continue;
    }
    const size = Number(header[2]);
    out.set(header[0], output.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

import path from 'node:path';
import type { RenamerOptions } from '../config/options.js';
import { UsageError } from '../errors.js';
import type { HistoryPoint } from './model.js';
import { createMatcher } from '../words/index.js';
import { countReferences, blobText, type BlobFile } from './count.js';
import { branchCommits, gitOutput, readBlobs, treeOf, type Commit, type TreeEntry } from './git.js';
import { planScope } from './scope.js';

/** The last commits `renamer history` draws when no `--since` says where to start. */
export const DEFAULT_COMMITS = 200;
/** Blobs read per `git cat-file` call: bounds the memory one call's output takes on the first commit. */
const BLOB_BATCH = 2000;

export interface HistoryOptions {
  /** Start at this revision (it is the first point); else the last `DEFAULT_COMMITS` commits. */
  readonly since?: string;
  /** Every Nth commit, counted back from HEAD; HEAD and the first commit are always drawn. */
  readonly every?: number;
  readonly ignoreComments?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface HistoryCommit extends HistoryPoint {
  /** Files of the plan's scope this step changed (every file of the scope, for the first commit). */
  readonly changedFiles: number;
}

export interface HistoryResult {
  readonly commits: readonly HistoryCommit[];
  /** Distinct file versions (path and blob) read: the work the incremental count could not reuse. */
  readonly fileVersionsRead: number;
}

/**
 * The first commit (where the history starts: `--since REV`), HEAD and every Nth commit before it, oldest first, each
 * with what changed since the previous one drawn: per path, the last change wins.
 */
function sample(commits: readonly Commit[], every: number): Commit[] {
  const out: Commit[] = [];
  let changes = new Map<string, TreeEntry>();
  commits.forEach((commit, i) => {
    for (const entry of commit.changes) changes.set(entry.path, entry);
    if (i !== 0 && (commits.length - 1 - i) % every !== 0) return;
    out.push({ ...commit, changes: out.length === 0 ? [] : [...changes.values()] });
    changes = new Map();
  });
  return out;
}

function repositoryRoot(cwd: string): string {
  try {
    return gitOutput(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (error) {
    throw new UsageError(`${cwd} is not inside a git work tree`, { cause: error });
  }
}

interface FileVersion {
  readonly blob: string;
  readonly repoPath: string;
  /** Relative to the current directory. */
  readonly path: string;
}

const keyOf = (blob: string, repoPath: string): string => `${blob}\0${repoPath}`;

/**
 * The remaining references of each file version, by `keyOf`: read a batch at a time through one `git cat-file`,
 * prefiltered on their bytes, and analysed as a scan would analyse the file.
 */
async function countVersions(root: string, versions: readonly FileVersion[], options: RenamerOptions, historyOptions: HistoryOptions): Promise<Map<string, number>> {
  const matcher = createMatcher(options.renames);
  const counts = new Map<string, number>();
  for (let start = 0; start < versions.length; start += BLOB_BATCH) {
    historyOptions.onProgress?.(start, versions.length);
    const batch = versions.slice(start, start + BLOB_BATCH);
    const blobs = readBlobs(root, [...new Set(batch.map((version) => version.blob))]);
    const files: (BlobFile & { key: string })[] = [];
    for (const version of batch) {
      const buffer = blobs.get(version.blob);
      const text = buffer && blobText(buffer, matcher, options.maxFileSize);
      if (text === undefined) counts.set(keyOf(version.blob, version.repoPath), 0);
      else files.push({ key: keyOf(version.blob, version.repoPath), path: version.path, absolutePath: path.join(root, version.repoPath), text });
    }
    const found = await countReferences(files, options, Boolean(historyOptions.ignoreComments));
    files.forEach((file, n) => counts.set(file.key, found[n]));
  }
  historyOptions.onProgress?.(versions.length, versions.length);
  return counts;
}

/**
 * The references that remain at each commit of the current branch, counted as `check` counts them. Incremental:
 * the first commit's files are all read, then only what each later commit changed (one `git log --raw` lists it);
 * a file version (path and blob) is read and analysed once however many commits hold it. Commits are read from
 * git's object store: the work tree and the index are never touched.
 */
export async function history(options: RenamerOptions, historyOptions: HistoryOptions = {}): Promise<HistoryResult> {
  const root = repositoryRoot(options.cwd);
  const commits = sample(branchCommits(options.cwd, historyOptions.since, DEFAULT_COMMITS), historyOptions.every ?? 1);
  if (commits.length === 0) return { commits: [], fileVersionsRead: 0 };
  const inScope = planScope(options, root);
  const steps = [treeOf(root, commits[0].commit), ...commits.slice(1).map((commit) => commit.changes)];
  const versions = new Map<string, FileVersion>();
  for (const changes of steps) {
    for (const entry of changes) {
      const relative = entry.blob ? inScope(entry.path) : undefined;
      if (relative !== undefined) versions.set(keyOf(entry.blob!, entry.path), { blob: entry.blob!, repoPath: entry.path, path: relative });
    }
  }
  const counts = await countVersions(root, [...versions.values()], options, historyOptions);

  const current = new Map<string, number>();
  let total = 0;
  const out: HistoryCommit[] = [];
  steps.forEach((changes, i) => {
    let changedFiles = 0;
    for (const entry of changes) {
      const before = current.get(entry.path);
      const after = entry.blob ? counts.get(keyOf(entry.blob, entry.path)) : undefined;
      if (before === undefined && after === undefined) continue;
      changedFiles++;
      total += (after ?? 0) - (before ?? 0);
      if (after === undefined) current.delete(entry.path);
      else current.set(entry.path, after);
    }
    const { commit, date, subject } = commits[i];
    out.push({ commit, date, subject, references: total, changedFiles });
  });
  return { commits: out, fileVersionsRead: versions.size };
}

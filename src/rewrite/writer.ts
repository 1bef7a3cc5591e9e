import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, open, readFile, realpath, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { InputError } from '../errors.js';
import { sha256 } from './journal.js';
import type { FileRewrite } from './plan.js';

const BOM = '\uFEFF';

export const encode = (text: string, bom: boolean): Buffer => Buffer.from(bom ? BOM + text : text, 'utf8');

/** One file to replace: what it must still hold (by hash), and what to put there. */
export interface Replacement {
  /** As reported: relative to the working folder, with `/`. */
  readonly path: string;
  readonly absolutePath: string;
  readonly expectedSha256: string;
  readonly next: Buffer;
}

/** Where a run records what it did as it goes (the journal), so that a killed run can be undone and cleaned up. */
export interface WriteLog {
  recordTemp(tmp: string): void;
  recordWritten(absolutePath: string): void;
}

export interface WriteOptions {
  readonly log?: WriteLog;
  /** Aborted: finish the file being written, then stop (SIGINT, SIGTERM). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WriteOutcome {
  /** Replaced, and verified on disk afterwards. */
  readonly written: readonly string[];
  /** Changed by someone else while the run was writing: left holding their content. */
  readonly changed: readonly string[];
  /** When the run stopped early: why, and the files it did not get to (the failing one first). */
  readonly stopped?: { readonly reason: string; readonly pending: readonly string[] };
}

export const replacementsFor = (files: readonly FileRewrite[]): Replacement[] =>
  files.map((file) => ({ path: file.path, absolutePath: file.absolutePath, expectedSha256: sha256(encode(file.original, file.bom)), next: encode(file.updated, file.bom) }));

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EPERM') return 'immutable or not permitted (EPERM)';
  if (code === 'EACCES') return 'permission denied (EACCES)';
  if (code === 'EROFS') return 'read-only file system (EROFS)';
  return code ?? (error as Error).message;
}

/** Whether a file can be created (and so renamed into place) in `dir`: the only sure test is to create one. */
async function folderProblem(dir: string): Promise<string | undefined> {
  const probe = path.join(dir, `.renamer-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
    await unlink(probe);
    return undefined;
  } catch (error) {
    return `its folder does not allow creating files: ${reasonOf(error)}`;
  }
}

async function fileProblem(file: string, stats: Stats, forceReadOnly: boolean): Promise<string | undefined> {
  // access() says EACCES for missing permission, EPERM for an immutable file, EROFS for a read-only mount.
  const denied = await access(file, constants.W_OK).then(() => undefined, (error: NodeJS.ErrnoException) => error);
  if (denied && denied.code !== 'EACCES') return reasonOf(denied);
  // Root may write anything, so the mode bits decide what counts as read-only.
  const readOnly = (stats.mode & 0o222) === 0 || denied !== undefined;
  if (readOnly && !forceReadOnly) return 'read-only; --force-read-only rewrites it';
  try {
    // Opening read-write (not append) writes nothing and fails on immutable and append-only files, even for root;
    // the atomic rename would fail on them half-way through the run.
    await (await open(file, 'r+')).close();
    return undefined;
  } catch (error) {
    // A forced read-only file: the rename needs only its folder to be writable.
    if (readOnly && (error as NodeJS.ErrnoException).code === 'EACCES') return undefined;
    return reasonOf(error);
  }
}

/**
 * Checks every target before the first write, so that a run does not stop half-way: each still holds what was
 * planned from, is a writable regular file (read-only ones only with `forceReadOnly`), not immutable, in a folder
 * where the temporary file can be created. Throws an InputError naming every file at fault; returns the targets
 * that have other hard links (replacing a file gives its path a new inode; the other links keep the old content).
 */
export async function preflight(targets: readonly Replacement[], options: { readonly forceReadOnly?: boolean } = {}): Promise<string[]> {
  const changed: string[] = [];
  const refused: string[] = [];
  const hardLinked: string[] = [];
  const folders = new Map<string, Promise<string | undefined>>();
  for (const target of targets) {
    let stats: Stats;
    let real: string;
    try {
      if (sha256(await readFile(target.absolutePath)) !== target.expectedSha256) {
        changed.push(target.path);
        continue;
      }
      stats = await stat(target.absolutePath);
      real = await realpath(target.absolutePath);
    } catch {
      changed.push(target.path);
      continue;
    }
    if (!stats.isFile()) {
      refused.push(`${target.path} (not a regular file)`);
      continue;
    }
    if (stats.nlink > 1) hardLinked.push(target.path);
    const dir = path.dirname(real);
    if (!folders.has(dir)) folders.set(dir, folderProblem(dir));
    const problem = (await fileProblem(real, stats, Boolean(options.forceReadOnly))) ?? (await folders.get(dir));
    if (problem) refused.push(`${target.path} (${problem})`);
  }
  const parts = [...(changed.length > 0 ? [`${changed.join(', ')} changed since it was read`] : []), ...(refused.length > 0 ? [`cannot replace ${refused.join(', ')}`] : [])];
  if (parts.length > 0) throw new InputError(`${parts.join('; ')}; nothing was written${changed.length > 0 ? ' (run apply again)' : ''}`);
  return hardLinked;
}

/** The whole file behind `handle`, read by position (the handle's own position is not trusted). */
async function contentOf(handle: FileHandle): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, position);
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

/**
 * Replaces one file if it still holds what was planned from. The old file stays open across the atomic rename:
 * an edit written into it in the meantime (editors that save in place) would otherwise vanish with the old
 * inode, so it is put back. Afterwards the path must hold exactly what was written; anything else is someone's edit.
 */
async function replaceOne(target: Replacement, log: WriteLog | undefined): Promise<'written' | 'changed'> {
  let handle: FileHandle;
  try {
    handle = await open(target.absolutePath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'changed';
    throw error;
  }
  const write = (data: Buffer) => writeFileAtomic(target.absolutePath, data, { tmpfileCreated: (tmp: string) => log?.recordTemp(tmp) });
  try {
    if (sha256(await contentOf(handle)) !== target.expectedSha256) return 'changed';
    // Windows cannot rename over an open file.
    if (process.platform === 'win32') await handle.close();
    await write(target.next);
    if (process.platform !== 'win32') {
      const old = await contentOf(handle);
      if (sha256(old) !== target.expectedSha256) {
        await write(old);
        return 'changed';
      }
    }
  } finally {
    await handle.close().catch(() => {});
  }
  const onDisk = await readFile(target.absolutePath).catch(() => undefined);
  if (!onDisk?.equals(target.next)) return 'changed';
  log?.recordWritten(target.absolutePath);
  return 'written';
}

/**
 * Replaces every target in order, verifying each just before and just after: a file changed by someone else
 * during the run is left alone and reported, the rest proceed. An error, or an aborted signal, stops the run
 * after the file at hand; the outcome says what was written and what was not.
 */
export async function replaceAll(targets: readonly Replacement[], options: WriteOptions = {}): Promise<WriteOutcome> {
  const written: string[] = [];
  const changed: string[] = [];
  for (const [index, target] of targets.entries()) {
    const stop = options.signal?.aborted ? `interrupted by ${String(options.signal.reason)}` : undefined;
    let failure: string | undefined;
    if (!stop) {
      try {
        ((await replaceOne(target, options.log)) === 'written' ? written : changed).push(target.path);
      } catch (error) {
        failure = `${target.path}: ${reasonOf(error)}`;
      }
    }
    if (stop || failure) return { written, changed, stopped: { reason: (stop ?? failure)!, pending: targets.slice(index).map((rest) => rest.path) } };
    options.onProgress?.(index + 1, targets.length);
  }
  return { written, changed };
}

/**
 * Writes every rewrite: pre-flight first (nothing is written if any file changed since it was read or cannot be
 * replaced), then each file verified and replaced atomically (temp file + rename) through its symlink, keeping its
 * mode; edits never touch line endings, and the BOM the file had is put back.
 */
export async function writeRewrites(files: readonly FileRewrite[], options: WriteOptions & { readonly forceReadOnly?: boolean } = {}): Promise<WriteOutcome> {
  const targets = replacementsFor(files);
  await preflight(targets, options);
  return replaceAll(targets, options);
}

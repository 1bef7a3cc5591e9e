import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { userCacheDir } from '../config/user-cache.js';
import { gitDirOf } from './git.js';

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** One file a run was about to replace; its original bytes are `originals.bin[offset, offset + length)`. */
export interface JournalFile {
  readonly absolutePath: string;
  readonly originalSha256: string;
  readonly writtenSha256: string;
  readonly offset: number;
  readonly length: number;
}

/** `running` is never finished (the process died: kill -9, power loss); `stopped` ended early (a signal, an error). */
export type JournalStatus = 'running' | 'complete' | 'stopped' | 'undone';

interface JournalRecord {
  readonly version: 1;
  readonly cwd: string;
  readonly startedAt: string;
  readonly status: JournalStatus;
  readonly files: readonly JournalFile[];
  /** `apply --files`: the renames, in the order performed (absolute paths); `moved.log` says which were done. */
  readonly moves?: readonly JournalMove[];
}

export interface JournalMove {
  readonly from: string;
  readonly to: string;
}

export interface JournalInput {
  readonly absolutePath: string;
  readonly original: Buffer;
  readonly written: Buffer;
}

const RECORD = 'journal.json';
const ORIGINALS = 'originals.bin';
const WRITTEN = 'written.log';
const TEMPS = 'temps.log';
const MOVED = 'moved.log';

const realpathOr = (file: string): string => {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
};

/**
 * Where the journal of the last apply run lives: inside the git directory of the work tree holding `cwd` (git
 * ignores it there, and it follows the repository), else in the user's cache folder, one per working folder.
 */
export function journalFolder(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const gitDir = gitDirOf(cwd);
  if (gitDir) return path.join(gitDir, 'renamer', 'last-run');
  // Unlike the caches, the journal falls back to the temporary folder: without it apply could not be undone.
  const folder = userCacheDir(env) ?? path.join(os.tmpdir(), 'renamer');
  return path.join(folder, sha256(Buffer.from(realpathOr(cwd))).slice(0, 16), 'last-run');
}

function writeDurably(file: string, data: Buffer | string): void {
  const fd = openSync(file, 'w');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** JSON lines; a torn last line (the process died while appending) is dropped. */
function readLines(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as string] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The journal of one apply run: the original bytes of every file it is about to replace, the files replaced so
 * far, and the temporary files it created (so that the next run can remove what a killed run left). `apply --undo`
 * restores from it. Only the last run is kept.
 */
export class Journal {
  private constructor(
    readonly folder: string,
    private record: JournalRecord,
    private readonly written: Set<string>,
    private readonly moved: Set<number> = new Set(),
  ) {}

  /** Records the originals durably before the first write; replaces the previous run's journal. */
  static start(folder: string, cwd: string, files: readonly JournalInput[], moves: readonly JournalMove[] = []): Journal {
    const staging = `${folder}.next`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    let offset = 0;
    const entries = files.map((file): JournalFile => {
      const entry = { absolutePath: file.absolutePath, originalSha256: sha256(file.original), writtenSha256: sha256(file.written), offset, length: file.original.length };
      offset += file.original.length;
      return entry;
    });
    writeDurably(path.join(staging, ORIGINALS), Buffer.concat(files.map((file) => file.original)));
    writeDurably(path.join(staging, WRITTEN), '');
    writeDurably(path.join(staging, TEMPS), '');
    writeDurably(path.join(staging, MOVED), '');
    const record: JournalRecord = { version: 1, cwd, startedAt: new Date().toISOString(), status: 'running', files: entries, ...(moves.length > 0 ? { moves } : {}) };
    writeDurably(path.join(staging, RECORD), `${JSON.stringify(record)}\n`);
    rmSync(folder, { recursive: true, force: true });
    renameSync(staging, folder);
    return new Journal(folder, record, new Set());
  }

  /** The journal in `folder`, or undefined when there is none (or only a torn one, from a run that wrote nothing). */
  static load(folder: string): Journal | undefined {
    let record: JournalRecord;
    try {
      record = JSON.parse(readFileSync(path.join(folder, RECORD), 'utf8')) as JournalRecord;
    } catch {
      return undefined;
    }
    if (record.version !== 1 || !Array.isArray(record.files)) return undefined;
    const moved = new Set(readLines(path.join(folder, MOVED)).map(Number));
    return new Journal(folder, record, new Set(readLines(path.join(folder, WRITTEN))), moved);
  }

  get status(): JournalStatus {
    return this.record.status;
  }

  get startedAt(): string {
    return this.record.startedAt;
  }

  get files(): readonly JournalFile[] {
    return this.record.files;
  }

  /** Absolute paths of the files the run replaced (as far as it got). */
  get writtenFiles(): readonly string[] {
    return [...this.written];
  }

  /** The renames the run performed (`apply --files`), in order. */
  get movedSteps(): readonly JournalMove[] {
    return (this.record.moves ?? []).filter((_, index) => this.moved.has(index));
  }

  /** A run that died or stopped after replacing or renaming some files, and was not undone: its originals matter still. */
  get unfinished(): boolean {
    return (this.status === 'running' || this.status === 'stopped') && (this.written.size > 0 || this.moved.size > 0);
  }

  original(file: JournalFile): Buffer {
    const fd = openSync(path.join(this.folder, ORIGINALS), 'r');
    try {
      const buffer = Buffer.alloc(file.length);
      let read = 0;
      while (read < file.length) {
        const bytes = readSync(fd, buffer, read, file.length - read, file.offset + read);
        if (bytes === 0) throw new Error(`${path.join(this.folder, ORIGINALS)} is truncated`);
        read += bytes;
      }
      return buffer;
    } finally {
      closeSync(fd);
    }
  }

  recordTemp(tmp: string): void {
    appendFileSync(path.join(this.folder, TEMPS), `${JSON.stringify(tmp)}\n`);
  }

  recordMoved(index: number): void {
    this.moved.add(index);
    appendFileSync(path.join(this.folder, MOVED), `${JSON.stringify(String(index))}\n`);
  }

  recordWritten(absolutePath: string): void {
    this.written.add(absolutePath);
    appendFileSync(path.join(this.folder, WRITTEN), `${JSON.stringify(absolutePath)}\n`);
  }

  finish(status: JournalStatus): void {
    this.record = { ...this.record, status };
    writeFileAtomic.sync(path.join(this.folder, RECORD), `${JSON.stringify(this.record)}\n`);
    // write-file-atomic removed every temporary file of a run that returned; only a killed run leaves any.
    if (status === 'complete' || status === 'undone') writeDurably(path.join(this.folder, TEMPS), '');
  }

  /**
   * Removes the temporary files a killed run left (write-file-atomic's `name.ext.<digits>`): only those the
   * journal recorded, still shaped so, and beside a file the journal names. Returns their absolute paths.
   */
  removeLeftovers(): string[] {
    const named = new Set(this.files.map((file) => realpathOr(file.absolutePath)));
    const removed: string[] = [];
    for (const tmp of new Set(readLines(path.join(this.folder, TEMPS)))) {
      const match = /^(.+)\.\d+$/.exec(tmp);
      if (!match || !named.has(match[1])) continue;
      try {
        if (!lstatSync(tmp).isFile()) continue;
        unlinkSync(tmp);
        removed.push(tmp);
      } catch {
        // Gone already: write-file-atomic removed it, or the user did.
      }
    }
    return removed;
  }
}

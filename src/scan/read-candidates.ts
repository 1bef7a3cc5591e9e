import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DiscoveredFile } from '../discover/discover.js';
import type { FileError } from '../findings/model.js';
import type { WordMatcher } from '../words/index.js';

/** A file that holds at least one textual candidate, decoded. */
export interface CandidateFile {
  readonly file: DiscoveredFile;
  readonly text: string;
  /** The file started with a UTF-8 byte-order mark, which `text` leaves out. */
  readonly bom: boolean;
}

export interface CandidateRead {
  readonly candidates: CandidateFile[];
  readonly errors: FileError[];
  /** Files over the size limit, not read. */
  readonly skipped: { file: string; reason: string }[];
}

const BINARY_PROBE = 8000;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Git's test: a NUL byte in the first 8000 bytes makes a file binary. */
const looksBinary = (buffer: Buffer): boolean => buffer.subarray(0, BINARY_PROBE).indexOf(0) !== -1;

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Reads a whole file into `scratch` and returns the filled part, or the file's size when it is over
 * `maxSize`. One read fills the buffer for any regular file that fits, so no fstat is needed (its Stats
 * objects cost more than the read on a 10,000-file tree); reusing one buffer keeps the collector idle.
 */
function readInto(absolutePath: string, maxSize: number, scratch: { buffer: Buffer }): Buffer | number {
  const fd = openSync(absolutePath, 'r');
  try {
    if (scratch.buffer.length < maxSize + 1) scratch.buffer = Buffer.allocUnsafe(maxSize + 1);
    let filled = 0;
    for (;;) {
      const count = readSync(fd, scratch.buffer, filled, scratch.buffer.length - filled, null);
      if (count === 0) break;
      filled += count;
      if (filled > maxSize) return fstatSync(fd).size;
    }
    return scratch.buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

class CandidateCollector {
  readonly candidates: CandidateFile[] = [];
  readonly errors: FileError[] = [];
  readonly skipped: { file: string; reason: string }[] = [];
  private readonly scratch = { buffer: Buffer.allocUnsafe(0) };

  constructor(
    private readonly matcher: WordMatcher,
    private readonly maxFileSize: number,
  ) {}

  cannotRead(file: DiscoveredFile, code: string): void {
    this.errors.push({ file: file.path, message: `cannot read file (${code})` });
  }

  tooLarge(file: DiscoveredFile, size: number): void {
    this.skipped.push({ file: file.path, reason: `larger than ${this.maxFileSize} bytes (${size}); not read` });
  }

  read(file: DiscoveredFile): void {
    let buffer: Buffer | number;
    try {
      buffer = readInto(file.absolutePath, this.maxFileSize, this.scratch);
    } catch (error) {
      this.cannotRead(file, errorCode(error));
      return;
    }
    if (typeof buffer === 'number') return this.tooLarge(file, buffer);
    if (!this.matcher.mayContain(buffer) || looksBinary(buffer)) return;
    const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    try {
      this.candidates.push({ file, text: utf8.decode(bom ? buffer.subarray(3) : buffer), bom });
    } catch {
      this.errors.push({ file: file.path, message: 'not valid UTF-8; skipped' });
    }
  }
}

/**
 * The hot path: read each file once and keep only those the byte-level prefilter accepts. Nothing is
 * decoded or parsed for the ~99% of files without a candidate.
 */
export async function readCandidates(
  files: readonly DiscoveredFile[],
  matcher: WordMatcher,
  maxFileSize: number,
  onProgress?: (done: number) => void,
  onCandidate?: (candidate: CandidateFile) => void,
): Promise<CandidateRead> {
  const collector = new CandidateCollector(matcher, maxFileSize);
  for (let i = 0; i < files.length; i++) {
    if (onProgress && (i & 1023) === 0) onProgress(i);
    const found = collector.candidates.length;
    collector.read(files[i]);
    if (onCandidate && collector.candidates.length > found) onCandidate(collector.candidates[found]);
  }
  onProgress?.(files.length);
  const { candidates, errors, skipped } = collector;
  return { candidates, errors, skipped };
}

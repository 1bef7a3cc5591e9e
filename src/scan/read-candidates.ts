import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { DiscoveredFile } from '../discover/discover.js';
import type { FileError, SkippedFile } from '../findings/model.js';
import type { WordMatcher } from '../words/index.js';
import type { QuietFiles, Signature } from './quiet-files.js';

/** Encodings read besides UTF-8. The writer writes UTF-8 only, so files in these are reported, never rewritten. */
export type LegacyEncoding = 'utf-16le' | 'utf-16be' | 'latin1';

/** A file that holds at least one textual candidate, decoded. */
export interface CandidateFile {
  readonly file: DiscoveredFile;
  readonly text: string;
  /** The file started with a UTF-8 byte-order mark, which `text` leaves out. */
  readonly bom: boolean;
  /** Set when the file is not UTF-8: UTF-16 with a byte-order mark, or bytes that are not valid UTF-8. */
  readonly encoding?: LegacyEncoding;
}

/** A file that may hold a retired name but was not read: the gate cannot vouch for it. */
export interface UnreadableFile extends SkippedFile {
  readonly cause: 'too-large' | 'binary' | 'read-error';
}

export interface CandidateRead {
  readonly candidates: CandidateFile[];
  readonly errors: FileError[];
  /** Files that may hold a candidate but were not read: over the size limit, binary, or refused by the system. */
  readonly skipped: UnreadableFile[];
}

const BINARY_PROBE = 8000;
const STREAM_CHUNK = 1 << 20;
const utf16 = { 'utf-16le': new TextDecoder('utf-16le', { ignoreBOM: true }), 'utf-16be': new TextDecoder('utf-16be', { ignoreBOM: true }) };

/** Git's test: a NUL byte in the first 8000 bytes makes a file binary. */
const looksBinary = (buffer: Buffer): boolean => buffer.subarray(0, BINARY_PROBE).indexOf(0) !== -1;

/** UTF-16 is recognised by its byte-order mark only (as editors and git do); without one it looks binary. */
const utf16Of = (buffer: Buffer): 'utf-16le' | 'utf-16be' | undefined =>
  buffer[0] === 0xff && buffer[1] === 0xfe ? 'utf-16le' : buffer[0] === 0xfe && buffer[1] === 0xff ? 'utf-16be' : undefined;

/** A file's text as the scan reads it, or why it has none. */
export type DecodedCandidate = { readonly text: string; readonly bom: boolean; readonly encoding?: LegacyEncoding } | 'binary' | undefined;

/**
 * Bytes decoded as the scan decodes a file: UTF-16 by its byte-order mark, UTF-8 with or without one, latin-1 when
 * not UTF-8; 'binary' for a NUL byte in the first 8000; undefined when the byte-level prefilter rules the name out.
 * The history of a file (a git blob) goes through the same door as the file on disk.
 */
export function decodeCandidate(buffer: Buffer, matcher: WordMatcher): DecodedCandidate {
  // Two byte compares per file: UTF-16 is the one encoding the byte-level prefilter cannot see into.
  const wide = utf16Of(buffer);
  if (wide) {
    const text = utf16[wide].decode(buffer.subarray(2));
    return matcher.mayMatch(text) ? { text, bom: false, encoding: wide } : undefined;
  }
  if (!matcher.mayContain(buffer)) return undefined;
  if (looksBinary(buffer)) return 'binary';
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const bytes = bom ? buffer.subarray(3) : buffer;
  // isUtf8 (simdutf) and toString are many times faster than a fatal TextDecoder, which in Node 20 goes through ICU.
  // The bytes held a first word; most such files (`session` alone, `regional`) hold no spelling of the family and
  // are not worth a parse.
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    return matcher.mayMatch(text) ? { text, bom } : undefined;
  }
  // Latin-1 (ISO-8859-1, Node's 'latin1') maps each byte to one UTF-16 unit, so columns stay those of the bytes, and
  // the words of a windows-1252 file read the same.
  const text = bytes.toString('latin1');
  return matcher.mayMatch(text) ? { text, bom: false, encoding: 'latin1' } : undefined;
}

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Reads a whole file into `scratch` and returns the filled part, or the file's size when it is over
 * `maxSize`. One read fills the buffer for any regular file that fits, so no fstat is needed to size it (its Stats
 * objects cost more than the read on a 10,000-file tree); only `onStats` (check's quiet-files index, for a file it
 * does not know yet) asks for one. Reusing one buffer keeps the collector idle.
 */
function readInto(absolutePath: string, maxSize: number, scratch: { buffer: Buffer }, onStats?: (stats: Stats) => void): Buffer | number {
  const fd = openSync(absolutePath, 'r');
  try {
    // Before the first byte is read, so that a write during the read leaves stats that no longer match.
    if (onStats) onStats(fstatSync(fd));
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

/**
 * Whether bytes may hold one of the plan's names: a word of the byte prefilter, or UTF-16, which the byte-level
 * prefilter cannot see into.
 */
export function bytesMayHold(buffer: Buffer, matcher: WordMatcher): boolean {
  return utf16Of(buffer) !== undefined || matcher.mayContain(buffer);
}

/**
 * Whether a file over the size limit may hold a candidate: its bytes go through the prefilter a chunk at a time
 * (chunks overlap by a needle's length), so that a large file without the name never fails the gate. A UTF-16
 * file cannot be told by its bytes, so it may.
 */
function streamMayContain(absolutePath: string, matcher: WordMatcher): boolean {
  const overlap = Math.max(0, ...matcher.needles.map((needle) => needle.length - 1));
  const chunk = Buffer.allocUnsafe(STREAM_CHUNK + overlap);
  const fd = openSync(absolutePath, 'r');
  try {
    let kept = 0;
    let first = true;
    for (;;) {
      const count = readSync(fd, chunk, kept, STREAM_CHUNK, null);
      if (count === 0) return false;
      const filled = kept + count;
      if (first ? bytesMayHold(chunk.subarray(0, filled), matcher) : matcher.mayContain(chunk.subarray(0, filled))) return true;
      first = false;
      kept = Math.min(overlap, filled);
      chunk.copy(chunk, 0, filled - kept, filled);
    }
  } finally {
    closeSync(fd);
  }
}

class CandidateCollector {
  readonly candidates: CandidateFile[] = [];
  readonly errors: FileError[] = [];
  readonly skipped: UnreadableFile[] = [];
  private readonly scratch = { buffer: Buffer.allocUnsafe(0) };

  constructor(
    private readonly matcher: WordMatcher,
    private readonly maxFileSize: number,
    private readonly quiet?: QuietFiles,
  ) {}

  /** A file that vanished since discovery holds nothing; any other failure leaves its content unknown. */
  cannotRead(file: DiscoveredFile, code: string): void {
    if (code === 'ENOENT') this.errors.push({ file: file.path, message: `cannot read file (${code})` });
    else this.skipped.push({ file: file.path, reason: `cannot read file (${code})`, cause: 'read-error' });
  }

  tooLarge(file: DiscoveredFile, size: number): void {
    let may: boolean;
    try {
      may = streamMayContain(file.absolutePath, this.matcher);
    } catch (error) {
      return this.cannotRead(file, errorCode(error));
    }
    if (may) this.skipped.push({ file: file.path, reason: `larger than ${this.maxFileSize} bytes (${size}); not read`, cause: 'too-large' });
  }

  read(file: DiscoveredFile): void {
    const { quiet } = this;
    if (!quiet) return this.readAndFilter(file);
    let signature: Signature | undefined;
    let onStats: ((stats: Stats) => void) | undefined;
    if (quiet.holds(file.absolutePath)) {
      const look = quiet.look(file.absolutePath);
      if (look?.quiet) return;
      signature = look?.signature;
    } else {
      // A file the index does not know gets its signature from the descriptor the read opens: no stat of its own.
      onStats = (stats) => (signature = quiet.signatureOf(stats));
    }
    const found = this.candidates.length + this.errors.length + this.skipped.length;
    this.readAndFilter(file, onStats);
    if (onStats) quiet.seen.set(file.absolutePath, signature);
    if (this.candidates.length + this.errors.length + this.skipped.length === found) quiet.keep(file.absolutePath, signature);
  }

  private readAndFilter(file: DiscoveredFile, onStats?: (stats: Stats) => void): void {
    let buffer: Buffer | number;
    try {
      buffer = readInto(file.absolutePath, this.maxFileSize, this.scratch, onStats);
    } catch (error) {
      this.cannotRead(file, errorCode(error));
      return;
    }
    if (typeof buffer === 'number') return this.tooLarge(file, buffer);
    const decoded = decodeCandidate(buffer, this.matcher);
    if (decoded === 'binary') this.skipped.push({ file: file.path, reason: 'holds a NUL byte (binary); not read', cause: 'binary' });
    else if (decoded) this.candidates.push({ file, ...decoded });
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
  options: {
    onProgress?: (done: number) => void;
    onCandidate?: (candidate: CandidateFile) => void;
    /** Let other events in (worker replies) every this many files; 0 never does. */
    yieldEvery?: number;
    /** Files known to hold no candidate while unchanged: not read (check's cache). */
    quiet?: QuietFiles;
  } = {},
): Promise<CandidateRead> {
  const { onProgress, onCandidate, yieldEvery = 0, quiet } = options;
  const collector = new CandidateCollector(matcher, maxFileSize, quiet);
  for (let i = 0; i < files.length; i++) {
    if (onProgress && (i & 1023) === 0) onProgress(i);
    if (yieldEvery > 0 && i > 0 && i % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
    const found = collector.candidates.length;
    collector.read(files[i]);
    if (onCandidate && collector.candidates.length > found) onCandidate(collector.candidates[found]);
  }
  onProgress?.(files.length);
  const { candidates, errors, skipped } = collector;
  return { candidates, errors, skipped };
}

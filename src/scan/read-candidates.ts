import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PrefilterTask, PrefilterVerdict } from './prefilter-worker.js';
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
 * Reads a whole file into `scratch` (grown when needed) and returns the filled part, or the file's size
 * when it is over `maxSize`. Reusing one buffer keeps the garbage collector out of the hot path.
 */
function readInto(absolutePath: string, maxSize: number, scratch: { buffer: Buffer }): Buffer | number {
  const fd = openSync(absolutePath, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > maxSize) return size;
    if (scratch.buffer.length < size) scratch.buffer = Buffer.allocUnsafe(Math.max(size, scratch.buffer.length * 2));
    let filled = 0;
    while (filled < size) {
      const count = readSync(fd, scratch.buffer, filled, size - filled, null);
      if (count === 0) break;
      filled += count;
    }
    return scratch.buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** Below this many files a second thread costs more to start than it saves. */
const WORKER_THRESHOLD = 2000;
/** The worker starts later than the main thread, so it takes the smaller share. */
const WORKER_SHARE = 0.45;
const WORKER_FILE = fileURLToPath(new URL('./prefilter-worker.js', import.meta.url));

function prefilterInWorker(files: readonly DiscoveredFile[], matcher: WordMatcher, maxFileSize: number): Promise<PrefilterVerdict[]> {
  const task: PrefilterTask = { paths: files.map((file) => file.absolutePath), needles: [...matcher.needles], maxFileSize };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: task });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

class CandidateCollector {
  readonly candidates: CandidateFile[] = [];
  readonly errors: FileError[] = [];
  readonly skipped: { file: string; reason: string }[] = [];
  private readonly scratch = { buffer: Buffer.allocUnsafe(256 * 1024) };

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

  /** Reads one file; `prefiltered` skips the byte test a worker has already made. */
  read(file: DiscoveredFile, prefiltered = false): void {
    let buffer: Buffer | number;
    try {
      buffer = readInto(file.absolutePath, this.maxFileSize, this.scratch);
    } catch (error) {
      this.cannotRead(file, errorCode(error));
      return;
    }
    if (typeof buffer === 'number') return this.tooLarge(file, buffer);
    if ((!prefiltered && !this.matcher.mayContain(buffer)) || looksBinary(buffer)) return;
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
 * decoded or parsed for the ~99% of files without a candidate. On large trees a worker thread reads
 * part of the files meanwhile, so both cores do the system calls that dominate this loop.
 */
export async function readCandidates(
  files: readonly DiscoveredFile[],
  matcher: WordMatcher,
  maxFileSize: number,
  onProgress?: (done: number) => void,
): Promise<CandidateRead> {
  const collector = new CandidateCollector(matcher, maxFileSize);
  const useWorker = files.length >= WORKER_THRESHOLD && existsSync(WORKER_FILE);
  const split = useWorker ? Math.floor(files.length * (1 - WORKER_SHARE)) : files.length;
  const workerVerdicts = useWorker ? prefilterInWorker(files.slice(split), matcher, maxFileSize) : undefined;
  for (let i = 0; i < split; i++) {
    if (onProgress && (i & 1023) === 0) onProgress(i);
    collector.read(files[i]);
  }
  if (workerVerdicts) {
    const verdicts = await workerVerdicts;
    for (let i = 0; i < verdicts.length; i++) {
      const verdict = verdicts[i];
      const file = files[split + i];
      if (verdict === 1) collector.read(file, true);
      else if (typeof verdict === 'string') collector.cannotRead(file, verdict);
      else if (verdict < 0) collector.tooLarge(file, -verdict);
    }
  }
  onProgress?.(files.length);
  const { candidates, errors, skipped } = collector;
  return { candidates, errors, skipped };
}

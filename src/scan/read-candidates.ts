import { readFileSync } from 'node:fs';
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
}

const BINARY_PROBE = 8000;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Git's test: a NUL byte in the first 8000 bytes makes a file binary. */
const looksBinary = (buffer: Buffer): boolean => buffer.subarray(0, BINARY_PROBE).indexOf(0) !== -1;

/**
 * The hot path: read each file once into a Buffer and keep only those the byte-level prefilter accepts.
 * Nothing is decoded or parsed for the ~99% of files without a candidate.
 */
export function readCandidates(
  files: readonly DiscoveredFile[],
  matcher: WordMatcher,
  onProgress?: (done: number) => void,
): CandidateRead {
  const candidates: CandidateFile[] = [];
  const errors: FileError[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (onProgress && (i & 1023) === 0) onProgress(i);
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.absolutePath);
    } catch (error) {
      errors.push({ file: file.path, message: `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      continue;
    }
    if (!matcher.mayContain(buffer) || looksBinary(buffer)) continue;
    const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    let text: string;
    try {
      text = utf8.decode(bom ? buffer.subarray(3) : buffer);
    } catch {
      errors.push({ file: file.path, message: 'not valid UTF-8; skipped' });
      continue;
    }
    candidates.push({ file, text, bom });
  }
  return { candidates, errors };
}

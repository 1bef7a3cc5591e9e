import type { RenamerOptions } from '../config/options.js';
import type { CandidateFile } from '../scan/read-candidates.js';
import { analyzeCandidates, type ReferenceWithFallback } from '../scan/shard.js';
import type { WordMatcher } from '../words/index.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BINARY_PROBE = 8000;

/**
 * A blob's text as a scan of the work tree would decode the file (src/scan/read-candidates.ts): UTF-8 with or
 * without a byte-order mark, UTF-16 with one, latin-1 otherwise; undefined for what a scan does not read (binary,
 * over the size limit) or what cannot hold the name (the byte-level prefilter).
 */
export function blobText(buffer: Buffer, matcher: WordMatcher, maxFileSize: number): string | undefined {
  if (buffer.length > maxFileSize) return undefined;
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    const text = new TextDecoder(buffer[0] === 0xff ? 'utf-16le' : 'utf-16be', { ignoreBOM: true }).decode(buffer.subarray(2));
    return matcher.mayContain(Buffer.from(text, 'utf8')) ? text : undefined;
  }
  if (!matcher.mayContain(buffer) || buffer.subarray(0, BINARY_PROBE).indexOf(0) !== -1) return undefined;
  const bytes = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer;
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * Whether a site counts as check counts it (src/check/check.ts): outside allowed files and suppressed lines, of a
 * selected kind (a file that does not parse counts word by word), not a name a dependency or the platform owns.
 */
function remains(reference: ReferenceWithFallback, options: RenamerOptions, ignoreComments: boolean): boolean {
  if (reference.allowed || reference.foreign !== undefined) return false;
  if (reference.wordByWord) return true;
  if (ignoreComments && reference.kind === 'comment') return false;
  return options.kinds.has(reference.kind);
}

export interface BlobFile {
  /** Relative to the current directory, as reports and `--allow` globs see it. */
  readonly path: string;
  readonly absolutePath: string;
  readonly text: string;
}

/**
 * The remaining references of each file, by the file's index in `files`. Sites name their file by path, so two
 * versions of one path are analysed in separate rounds.
 */
export async function countReferences(files: readonly BlobFile[], options: RenamerOptions, ignoreComments: boolean): Promise<number[]> {
  const counts = files.map(() => 0);
  const settings = { renames: options.renames, allow: options.allow, maxFileSize: options.maxFileSize, fallbackOnParseError: true };
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  files.forEach((file, i) => {
    const round = seen.get(file.path) ?? 0;
    seen.set(file.path, round + 1);
    (rounds[round] ??= []).push(i);
  });
  for (const round of rounds) {
    const candidates: CandidateFile[] = round.map((i) => ({ file: { path: files[i].path, absolutePath: files[i].absolutePath }, text: files[i].text, bom: false }));
    const result = await analyzeCandidates(candidates, settings);
    const index = new Map(round.map((i) => [files[i].path, i]));
    for (const reference of result.references) if (remains(reference, options, ignoreComments)) counts[index.get(reference.file)!]++;
  }
  return counts;
}

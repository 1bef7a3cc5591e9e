import type { RenamerOptions } from '../config/options.js';
import { decodeCandidate, type CandidateFile } from '../scan/read-candidates.js';
import { analyzeCandidates, type ReferenceWithFallback } from '../scan/shard.js';
import type { WordMatcher } from '../words/index.js';

/**
 * A blob's text as a scan of the work tree would decode the file; undefined for what a scan does not read (binary,
 * over the size limit) or what cannot hold the name (the byte-level prefilter).
 */
export function blobText(buffer: Buffer, matcher: WordMatcher, maxFileSize: number): string | undefined {
  if (buffer.length > maxFileSize) return undefined;
  const decoded = decodeCandidate(buffer, matcher);
  return decoded === 'binary' ? undefined : decoded?.text;
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

import picomatch from 'picomatch';
import { collectFileFindings } from '../findings/collect.js';
import type { Conflict, FileError, Reference } from '../findings/model.js';
import type { Analysis, Language, LanguageAnalyzer } from '../lang/analyzer.js';
import { loadAnalyzer, languageOfText } from '../lang/registry.js';
import { textAnalyzer } from '../lang/text/index.js';
import { createMatcher, type Rename, type WordMatcher } from '../words/index.js';
import type { CandidateFile, LegacyEncoding, UnreadableFile } from './read-candidates.js';

/** What analysis needs besides the files; plain data, so that it can cross into a worker thread. */
export interface ScanSettings {
  readonly renames: readonly Rename[];
  readonly allow: readonly string[];
  readonly maxFileSize: number;
  readonly fallbackOnParseError: boolean;
}

/** A scanned file's decoded text, kept for the commands that rewrite or show it: UTF-8 files only. */
export interface ScannedSource {
  readonly absolutePath: string;
  readonly path: string;
  readonly language: Language;
  readonly text: string;
  readonly bom: boolean;
}

export type ReferenceWithFallback = Reference & {
  /** apply leaves it: its file did not parse (matched word by word), or is not UTF-8 (the writer writes UTF-8 only). */
  readonly fallback?: true;
  /** Matched word by word because its file did not parse: check counts it whatever --kinds says. */
  readonly wordByWord?: true;
};

const ENCODING_NAMES: Readonly<Record<LegacyEncoding, string>> = {
  'utf-16le': 'UTF-16LE (byte-order mark)',
  'utf-16be': 'UTF-16BE (byte-order mark)',
  latin1: 'not UTF-8 (read as latin-1)',
};

/** Why apply skips a file it can read but not write back byte for byte. */
const encodingNote = (encoding: LegacyEncoding): string => `${ENCODING_NAMES[encoding]}; apply leaves it as it is (it writes UTF-8 only)`;

export interface ShardResult {
  readonly references: ReferenceWithFallback[];
  readonly conflicts: Conflict[];
  readonly errors: FileError[];
  readonly skipped: UnreadableFile[];
  readonly sources: ScannedSource[];
}

function analyzeCandidate(candidate: CandidateFile, analyzer: LanguageAnalyzer, matcher: WordMatcher, fallback: boolean) {
  const { language } = analyzer;
  const source = { absolutePath: candidate.file.absolutePath, path: candidate.file.path, text: candidate.text, language };
  let analysis: Analysis;
  try {
    analysis = analyzer.analyze(source, matcher);
  } catch (error) {
    // An analyzer bug must not end the run: the file becomes an error entry, like a parse failure.
    analysis = { references: [], error: `analysis failed: ${(error as Error).message}` };
  }
  if (analysis.error && fallback) {
    return { analysis: { references: textAnalyzer.analyze(source, matcher).references }, error: analysis.error, fallback: true };
  }
  return { analysis, error: analysis.error, fallback: false };
}

/** A file named as an argument is read whatever its name: one of no known language is read as text. */
const languageFor = (file: string, text: string): Language => languageOfText(file, text) ?? 'text';

/**
 * One candidate's findings, without its source: what the scan cache keeps (src/scan/cache.ts), since the source is
 * the candidate's own text.
 */
export interface FileResult {
  readonly references: ReferenceWithFallback[];
  readonly conflicts: Conflict[];
  readonly errors: FileError[];
  /** The file could not be analyzed and is skipped (its error says why): no source is kept for it. */
  readonly failed?: true;
}

/** What a scan keeps of a candidate's text: UTF-8 files only, since the writer writes UTF-8 only. */
export function sourceOf(candidate: CandidateFile): ScannedSource | undefined {
  if (candidate.encoding) return undefined;
  const { path, absolutePath } = candidate.file;
  return { path, text: candidate.text, language: languageFor(path, candidate.text), absolutePath, bom: candidate.bom };
}

/** The analyzers and matchers one batch of candidates needs, loaded once per thread. */
export interface ShardTools {
  readonly matcher: WordMatcher;
  readonly isAllowed: (file: string) => boolean;
  readonly analyzers: Map<Language, LanguageAnalyzer>;
}

export function shardTools(settings: ScanSettings): ShardTools {
  return {
    matcher: createMatcher(settings.renames),
    isAllowed: settings.allow.length ? picomatch(settings.allow as string[], { dot: true }) : () => false,
    analyzers: new Map(),
  };
}

/** Analyzes one candidate; a file that cannot be parsed is an error entry (or, for check, matched word by word). */
export async function analyzeFile(candidate: CandidateFile, settings: ScanSettings, tools: ShardTools): Promise<FileResult> {
  const language = languageFor(candidate.file.path, candidate.text);
  let analyzer = tools.analyzers.get(language);
  if (!analyzer) tools.analyzers.set(language, (analyzer = await loadAnalyzer(language)));
  const { analysis, error, fallback } = analyzeCandidate(candidate, analyzer, tools.matcher, settings.fallbackOnParseError);
  const { encoding } = candidate;
  if (error && !fallback) {
    return { references: [], conflicts: [], errors: [{ file: candidate.file.path, message: encoding ? `${error}; ${ENCODING_NAMES[encoding]}` : error }], failed: true };
  }
  const result: FileResult = { references: [], conflicts: [], errors: [] };
  const file = { path: candidate.file.path, text: candidate.text, language };
  const found = collectFileFindings(file, analysis.references, analysis.conflicts ?? [], tools.isAllowed(candidate.file.path));
  if (error || (encoding && found.references.some((reference) => !reference.allowed))) {
    const notes = [error, encoding && encodingNote(encoding)].filter(Boolean);
    result.errors.push({ file: candidate.file.path, message: notes.join('; ') });
  }
  for (const reference of found.references) {
    if (fallback) result.references.push({ ...reference, fallback: true, wordByWord: true });
    else if (encoding) result.references.push({ ...reference, fallback: true });
    else result.references.push(reference);
  }
  // A conflict where the site is allowed (an allowed file, a suppression) is moot: apply leaves the site as it is.
  const allowedAt = new Set(found.references.filter((reference) => reference.allowed).map((reference) => `${reference.line}:${reference.column}`));
  result.conflicts.push(...found.conflicts.filter((conflict) => !allowedAt.has(`${conflict.line}:${conflict.column}`)));
  return result;
}

/** Analyzes candidates one by one, in order. */
export async function analyzeEach(candidates: readonly CandidateFile[], settings: ScanSettings, tools = shardTools(settings)): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const candidate of candidates) results.push(await analyzeFile(candidate, settings, tools));
  return results;
}

/** Candidates and their findings, in order, as one shard result. */
export function shardOf(candidates: readonly CandidateFile[], results: readonly FileResult[]): ShardResult {
  const shard: ShardResult = { references: [], conflicts: [], errors: [], skipped: [], sources: [] };
  candidates.forEach((candidate, index) => {
    const { references, conflicts, errors, failed } = results[index];
    for (const reference of references) shard.references.push(reference);
    for (const conflict of conflicts) shard.conflicts.push(conflict);
    for (const error of errors) shard.errors.push(error);
    const source = failed ? undefined : sourceOf(candidate);
    if (source) shard.sources.push(source);
  });
  return shard;
}

/** Analyzes files that hold a textual candidate: the CPU-bound half of a scan, which a worker thread can take. */
export async function analyzeCandidates(candidates: readonly CandidateFile[], settings: ScanSettings): Promise<ShardResult> {
  return shardOf(candidates, await analyzeEach(candidates, settings));
}

/** Concatenates shard results, keeping their order. */
export function mergeResults(parts: readonly ShardResult[]): ShardResult {
  return {
    references: parts.flatMap((part) => part.references),
    conflicts: parts.flatMap((part) => part.conflicts),
    errors: parts.flatMap((part) => part.errors),
    skipped: parts.flatMap((part) => part.skipped),
    sources: parts.flatMap((part) => part.sources),
  };
}

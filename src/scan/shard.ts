import picomatch from 'picomatch';
import { collectFileFindings } from '../findings/collect.js';
import type { Conflict, FileError, Reference, SkippedFile } from '../findings/model.js';
import type { Analysis, Language, LanguageAnalyzer } from '../lang/analyzer.js';
import { loadAnalyzer, languageOf } from '../lang/registry.js';
import { textAnalyzer } from '../lang/text/index.js';
import { createMatcher, type Rename, type WordMatcher } from '../words/index.js';
import type { CandidateFile } from './read-candidates.js';

/** What analysis needs besides the files; plain data, so that it can cross into a worker thread. */
export interface ScanSettings {
  readonly renames: readonly Rename[];
  readonly allow: readonly string[];
  readonly maxFileSize: number;
  readonly fallbackOnParseError: boolean;
}

/** A scanned file's decoded text, kept for the commands that rewrite or show it. */
export interface ScannedSource {
  readonly absolutePath: string;
  readonly path: string;
  readonly language: Language;
  readonly text: string;
  readonly bom: boolean;
}

export type ReferenceWithFallback = Reference & { readonly fallback?: true };

export interface ShardResult {
  readonly references: ReferenceWithFallback[];
  readonly conflicts: Conflict[];
  readonly errors: FileError[];
  readonly skipped: SkippedFile[];
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

/** Analyzes files that hold a textual candidate: the CPU-bound half of a scan, which a worker thread can take. */
export async function analyzeCandidates(candidates: readonly CandidateFile[], settings: ScanSettings): Promise<ShardResult> {
  const matcher = createMatcher(settings.renames);
  const result: ShardResult = { references: [], conflicts: [], errors: [], skipped: [], sources: [] };
  const isAllowed = settings.allow.length ? picomatch(settings.allow as string[], { dot: true }) : () => false;
  const languages = [...new Set(candidates.map((candidate) => languageOf(candidate.file.path)!))];
  const analyzers = new Map(await Promise.all(languages.map(async (language) => [language, await loadAnalyzer(language)] as const)));

  for (const candidate of candidates) {
    const language = languageOf(candidate.file.path)!;
    const { analysis, error, fallback } = analyzeCandidate(candidate, analyzers.get(language)!, matcher, settings.fallbackOnParseError);
    if (error) result.errors.push({ file: candidate.file.path, message: error });
    if (error && !fallback) continue;
    const file = { path: candidate.file.path, text: candidate.text, language };
    const found = collectFileFindings(file, analysis.references, analysis.conflicts ?? [], isAllowed(candidate.file.path));
    for (const reference of found.references) result.references.push(fallback ? { ...reference, fallback: true } : reference);
    // A conflict where the site is allowed (an allowed file, a suppression) is moot: apply leaves the site as it is.
    const allowedAt = new Set(found.references.filter((reference) => reference.allowed).map((reference) => `${reference.line}:${reference.column}`));
    result.conflicts.push(...found.conflicts.filter((conflict) => !allowedAt.has(`${conflict.line}:${conflict.column}`)));
    result.sources.push({ ...file, absolutePath: candidate.file.absolutePath, bom: candidate.bom });
  }
  return result;
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

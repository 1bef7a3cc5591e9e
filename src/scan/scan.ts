import picomatch from 'picomatch';
import type { RenamerOptions } from '../config/options.js';
import { discoverFiles } from '../discover/discover.js';
import { byPosition, collectFileFindings } from '../findings/collect.js';
import type { BrokenImport, Conflict, FileError, Reference, Report } from '../findings/model.js';
import { summarise } from '../findings/summary.js';
import type { Analysis, Language } from '../lang/analyzer.js';
import { analyzerFor, languageOf } from '../lang/registry.js';
import { textAnalyzer } from '../lang/text/index.js';
import { createMatcher, type WordMatcher } from '../words/index.js';
import { readCandidates, type CandidateFile } from './read-candidates.js';

export interface ScanOptions {
  /**
   * Match a file that cannot be parsed word by word instead of skipping it (check uses this so that a
   * syntax error never makes the gate pass). Such references carry `fallback: true`.
   */
  readonly fallbackOnParseError?: boolean;
  /** Called now and then with the number of files read so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Check imports too; defaults to `options.imports`. */
  readonly imports?: boolean;
}

/** A scanned file's decoded text, kept for the commands that rewrite or show it. */
export interface ScannedSource {
  readonly absolutePath: string;
  readonly path: string;
  readonly language: Language;
  readonly text: string;
  readonly bom: boolean;
}

export interface ScanResult {
  readonly report: Report;
  /** Every file with a textual candidate, by relative path. */
  readonly sources: ReadonlyMap<string, ScannedSource>;
  /** Files discovered (absolute paths), for commands that look beyond candidates (imports). */
  readonly discovered: readonly string[];
}

export type ReferenceWithFallback = Reference & { readonly fallback?: true };

function analyzeCandidate(candidate: CandidateFile, language: Language, matcher: WordMatcher, fallback: boolean) {
  const source = { absolutePath: candidate.file.absolutePath, path: candidate.file.path, text: candidate.text, language };
  let analysis: Analysis;
  try {
    analysis = analyzerFor(language).analyze(source, matcher);
  } catch (error) {
    // An analyzer bug must not end the run: the file becomes an error entry, like a parse failure.
    analysis = { references: [], error: `analysis failed: ${(error as Error).message}` };
  }
  if (analysis.error && fallback) {
    return { analysis: { references: textAnalyzer.analyze(source, matcher).references }, error: analysis.error, fallback: true };
  }
  return { analysis, error: analysis.error, fallback: false };
}

/** Finds every reference to the plan's names under the plan's paths. Reads files; never writes. */
export async function scan(options: RenamerOptions, scanOptions: ScanOptions = {}): Promise<ScanResult> {
  const matcher = createMatcher(options.renames);
  const discovery = discoverFiles({ ...options, accept: (name) => languageOf(name) !== undefined });
  const total = discovery.files.length;
  const read = await readCandidates(discovery.files, matcher, options.maxFileSize, scanOptions.onProgress && ((done) => scanOptions.onProgress?.(done, total)));
  const errors: FileError[] = [...read.errors];
  const references: ReferenceWithFallback[] = [];
  const conflicts: Conflict[] = [];
  const sources = new Map<string, ScannedSource>();
  const isAllowed = options.allow.length ? picomatch(options.allow as string[], { dot: true }) : () => false;

  const languages = new Set(read.candidates.map((candidate) => languageOf(candidate.file.path)!));
  await Promise.all([...languages].map((language) => analyzerFor(language).load()));

  for (const candidate of read.candidates) {
    const language = languageOf(candidate.file.path)!;
    const { analysis, error, fallback } = analyzeCandidate(candidate, language, matcher, Boolean(scanOptions.fallbackOnParseError));
    if (error) errors.push({ file: candidate.file.path, message: error });
    if (error && !fallback) continue;
    const file = { path: candidate.file.path, text: candidate.text, language };
    const found = collectFileFindings(file, analysis.references, analysis.conflicts ?? [], isAllowed(candidate.file.path));
    for (const reference of found.references) references.push(fallback ? { ...reference, fallback: true } : reference);
    conflicts.push(...found.conflicts);
    sources.set(candidate.file.path, { ...file, absolutePath: candidate.file.absolutePath, bom: candidate.bom });
  }

  let brokenImports: BrokenImport[] = [];
  let importsChecked = 0;
  if (scanOptions.imports ?? options.imports) {
    // Loaded only when asked for: import resolution brings in the TypeScript compiler.
    const { checkImports } = await import('../imports/index.js');
    const checked = await checkImports({ cwd: options.cwd, files: discovery.files.map((file) => file.absolutePath), map: options.map });
    brokenImports = checked.brokenImports;
    importsChecked = checked.importsChecked;
    errors.push(...checked.errors.filter((error) => !errors.some((known) => known.file === error.file)));
  }
  references.sort(byPosition);
  conflicts.sort(byPosition);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const summary = summarise({ filesScanned: total, references, brokenImports, importsChecked, errors });
  return {
    report: {
      version: 1,
      summary,
      references,
      brokenImports,
      conflicts,
      errors,
      skipped: read.skipped,
    },
    sources,
    discovered: discovery.files.map((file) => file.absolutePath),
  };
}

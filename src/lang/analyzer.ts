import type { WordMatcher } from '../words/index.js';
import type { Kind, Language, RawReference } from '../findings/model.js';

/** One file's text, decoded, as every analyzer receives it. */
export interface SourceFile {
  readonly absolutePath: string;
  /** Relative to the current directory, with `/`. */
  readonly path: string;
  readonly text: string;
  readonly language: Language;
}

/** A site that matches but must not be rewritten (a dependency's API, a name taken in scope). */
export interface RawConflict {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly reason: string;
}

export interface Analysis {
  readonly references: RawReference[];
  readonly conflicts?: RawConflict[];
  /** Set when the file cannot be parsed: the file is listed under `errors` and skipped. */
  readonly error?: string;
}

/**
 * A per-language analyzer. `load` is awaited once, and only when a file of that language holds a textual
 * candidate, so that a scan without candidates never pays for a parser.
 */
export interface LanguageAnalyzer {
  readonly language: Language;
  load(): Promise<void>;
  analyze(file: SourceFile, matcher: WordMatcher): Analysis;
}

export type { Kind, Language, RawReference };

import pluralize from 'pluralize';
import { embeddingsOf, readsAsReplacement, type Embedding } from './already-renamed.js';
import { settleAmbiguous } from './ambiguous-case.js';
import { charAt, charBefore, isCaseless, isDigit, isLower, isUpper, isWordChar } from './chars.js';
import { applyCase, splitWords, wordCase, type WordCase } from './split.js';

/**
 * One retired name and its successor, as the user wrote them (`session_id` → `flow_id`). `to` is absent when only
 * the old name is known (scan and check need no more); every match then has the empty string as its replacement.
 */
export interface Rename {
  readonly from: string;
  readonly to?: string;
}

/** One occurrence of a retired name inside some text, with the replacement in the same style. */
export interface WordMatch {
  /** UTF-16 offsets into the searched text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The new name in the style of the match; '' when the rename has no `to`. */
  readonly replacement: string;
  readonly rename: Rename;
}

export interface WordMatcher {
  readonly renames: readonly Rename[];
  /** Byte-level prefilter: false means the buffer cannot hold a match. */
  mayContain(buffer: Buffer): boolean;
  /** The byte strings `mayContain` looks for (a file holding none of them cannot match). */
  readonly needles: readonly Buffer[];
  /**
   * Text-level prefilter, tighter than `mayContain`: false means no substring of `text` spells the family's words in
   * sequence, whatever stands around them. Word boundaries are not asked, so a name an analyzer reads out of part of
   * the text (a string fragment after an escape such as `\x41session_id`) still passes.
   */
  mayMatch(text: string): boolean;
  /** Every match in `text`, sorted by start and never overlapping. */
  matchAll(text: string): WordMatch[];
  /** `text` with every match replaced; throws when a rename has no `to`. */
  replaceAll(text: string): string;
}

interface CompiledRename {
  readonly rename: Rename;
  readonly fromWords: readonly string[];
  readonly toWords: readonly string[];
  readonly singular: string;
  readonly plural: string;
  readonly pattern: RegExp;
  /** `pattern` without the global flag, for a yes/no test that keeps no position. */
  readonly loosePattern: RegExp;
  /** Where the old words stand inside the new name (`user` → `app_user`); empty when they do not. */
  readonly embeddings: readonly Embedding[];
  /** The plural of the new name's last word (pluralize is slow enough to matter per match). */
  readonly toPlural: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileRename(rename: Rename): CompiledRename {
  const fromWords = splitWords(rename.from);
  const toWords = rename.to === undefined ? [] : splitWords(rename.to);
  if (fromWords.length === 0) throw new Error(`cannot split "${rename.from}" into words`);
  if (rename.to !== undefined && toWords.length === 0) throw new Error(`cannot split "${rename.to}" into words`);
  const singular = fromWords[fromWords.length - 1];
  const plural = pluralize.plural(singular);
  const head = fromWords.slice(0, -1).map((word) => `(${escapeRegExp(word)})([_-]?)`).join('');
  // The plural comes first so that `session_ids` is taken whole, not as `session_id` + `s`.
  const lastAlternatives = plural === singular ? escapeRegExp(singular) : `${escapeRegExp(plural)}|${escapeRegExp(singular)}`;
  const pattern = new RegExp(`${head}(${lastAlternatives})`, 'giu');
  const toPlural = toWords.length > 0 ? pluralize.plural(toWords[toWords.length - 1]) : '';
  const loosePattern = new RegExp(pattern.source, 'iu');
  return { rename, fromWords, toWords, singular, plural, pattern, loosePattern, embeddings: embeddingsOf(fromWords, toWords), toPlural };
}

/** The case of the matched last word, reading `IDs` as the upper-case `ID` plus a plural suffix. */
function lastWordCase(matched: string, compiled: CompiledRename): WordCase | null {
  const exact = wordCase(matched);
  if (exact) return exact;
  if (matched.length > compiled.singular.length && matched.toLowerCase() === compiled.plural) {
    const stem = matched.slice(0, compiled.singular.length);
    const suffix = matched.slice(compiled.singular.length);
    if (stem === stem.toUpperCase() && suffix === suffix.toLowerCase()) return 'upper';
  }
  return null;
}

interface Shape {
  readonly cases: WordCase[];
  readonly separator: string;
  readonly plural: boolean;
  /** `IDs`: an upper-case word with a lower-case plural suffix. */
  readonly lowerPluralSuffix: boolean;
}

function readShape(groups: string[], compiled: CompiledRename): Shape | null {
  const wordCount = compiled.fromWords.length;
  const cases: WordCase[] = [];
  let separator: string | null = null;
  for (let i = 0; i < wordCount; i++) {
    const word = groups[i * 2];
    const isLast = i === wordCount - 1;
    // Case-insensitive Unicode matching also folds `ſ` to `s` and `K` (Kelvin) to `k`: those are other names.
    const lower = word.toLowerCase();
    if (lower !== compiled.fromWords[i] && !(isLast && lower === compiled.plural)) return null;
    const style = isLast ? lastWordCase(word, compiled) : wordCase(word);
    if (!style) return null;
    cases.push(style);
    if (!isLast) {
      const sep = groups[i * 2 + 1];
      if (separator === null) separator = sep;
      else if (separator !== sep) return null;
    }
  }
  separator ??= '';
  if (separator === '') {
    // Without a separator only a case change marks the word boundary: `sessionId`, not `sessionid` or `SESSIONID`.
    for (let i = 1; i < wordCount; i++) {
      if (!isUpper(charAt(groups[i * 2], 0))) return null;
      if (cases[i - 1] === 'upper' && cases[i] === 'upper') return null;
    }
  }
  const last = groups[(wordCount - 1) * 2];
  const plural = compiled.plural !== compiled.singular && last.toLowerCase() === compiled.plural;
  const lowerPluralSuffix = plural && wordCase(last) === null;
  return { cases, separator, plural, lowerPluralSuffix };
}

/** Word boundaries as change-case splits words (see split.ts): digits belong to the word they follow. */
function startsAtBoundary(text: string, start: number, firstCase: WordCase): boolean {
  const prev = charBefore(text, start);
  if (!prev || !isWordChar(prev)) return true;
  const first = charAt(text, start);
  if (isCaseless(prev) !== isCaseless(first)) return true; // `セッションsession_id`
  if (start >= 2 && text[start - 2] === '\\' && 'nrtbfv'.includes(prev)) return true; // an escape: "\nsession_id"
  if (!isUpper(first)) return false; // `obsession`, `v2session`, `x2fa`
  if (isLower(prev) || isDigit(prev)) return true; // `getSessionId`, `v2Session`
  // After an upper-case run only a Capitalised word starts a new word: `XMLSession`, not `OBSESSION`.
  return firstCase === 'capital';
}

function endsAtBoundary(text: string, end: number, lastCase: WordCase, lowerPluralSuffix: boolean): boolean {
  const next = charAt(text, end);
  if (!next || !isWordChar(next)) return true;
  const last = charBefore(text, end);
  if (isCaseless(last) !== isCaseless(next)) return true;
  if (!isUpper(next)) return false; // `session_identifier`, `session_id2`
  if (lastCase !== 'upper' || lowerPluralSuffix || isDigit(last)) return true; // `sessionIdValue`, `S3Bucket`
  // An upper-case run ends before a Capitalised word: `sessionIDValue`, not `SESSION_IDX`.
  return isLower(charAt(text, end + next.length));
}

/** The separator a one-word match would use to join several replacement words, read from its surroundings. */
function contextSeparator(text: string, start: number, end: number, firstCase: WordCase): string {
  const prev = charBefore(text, start);
  const next = charAt(text, end);
  for (const ch of [prev, next]) if (ch === '_' || ch === '-') return ch;
  if ((prev && isWordChar(prev)) || (next && isWordChar(next))) return '';
  return firstCase === 'lower' || firstCase === 'upper' ? '_' : '';
}

function buildReplacement(compiled: CompiledRename, shape: Shape, separator: string): string {
  const { toWords } = compiled;
  const n = shape.cases.length;
  const parts: string[] = [];
  for (let j = 0; j < toWords.length; j++) {
    let style: WordCase;
    if (j === 0) style = shape.cases[0];
    else if (n > 1) style = shape.cases[Math.min(j, n - 1)];
    else style = shape.cases[0] === 'upper' ? 'upper' : separator === '' ? 'capital' : shape.cases[0];
    if (separator === '' && j > 0 && style === 'lower') style = 'capital';
    const isLast = j === toWords.length - 1;
    const word = toWords[j];
    if (isLast && shape.plural) {
      const pluralWord = compiled.toPlural;
      if (shape.lowerPluralSuffix && pluralWord.startsWith(word)) {
        parts.push(applyCase(word, style) + pluralWord.slice(word.length).toLowerCase());
      } else {
        parts.push(applyCase(pluralWord, style));
      }
    } else {
      parts.push(applyCase(word, style));
    }
  }
  return parts.join(separator);
}

function accept(compiled: CompiledRename, text: string, start: number, groups: string[]): WordMatch | null {
  const matched = groups.join('');
  const end = start + matched.length;
  const shape = readShape(groups, compiled);
  if (
    !shape ||
    !startsAtBoundary(text, start, shape.cases[0]) ||
    !endsAtBoundary(text, end, shape.cases[shape.cases.length - 1], shape.lowerPluralSuffix)
  ) {
    return null;
  }
  if (compiled.embeddings.length > 0 && readsAsReplacement(text, start, end, compiled.embeddings)) return null;
  if (compiled.rename.to === undefined) return { start, end, text: matched, replacement: '', rename: compiled.rename };
  const cases = settleAmbiguous(shape.cases, groups, text, start, end);
  const settled = cases === shape.cases ? shape : { ...shape, cases };
  const separator = compiled.fromWords.length > 1 ? settled.separator : contextSeparator(text, start, end, settled.cases[0]);
  const replacement = buildReplacement(compiled, settled, separator);
  return { start, end, text: matched, replacement, rename: compiled.rename };
}

function matchOne(compiled: CompiledRename, text: string, out: WordMatch[]): void {
  const { pattern, singular, plural } = compiled;
  pattern.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = pattern.exec(text)) !== null) {
    const groups = found.slice(1);
    let match = accept(compiled, text, found.index, groups);
    const last = groups.length - 1;
    if (!match && groups[last].length === plural.length && plural.startsWith(singular) && plural !== singular) {
      // `sessionStorage`: the regex took `sessionS` as a plural; the singular may still stand.
      groups[last] = groups[last].slice(0, singular.length);
      match = accept(compiled, text, found.index, groups);
    }
    if (match) {
      out.push(match);
      pattern.lastIndex = match.end;
    } else {
      // A rejected candidate may hide a valid one that starts inside it (`sessionsession_id`).
      pattern.lastIndex = found.index + charAt(text, found.index).length;
    }
  }
}

/** Longest match first at equal starts; a match overlapping an earlier one is dropped. */
function removeOverlaps(matches: WordMatch[]): WordMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: WordMatch[] = [];
  let lastEnd = -1;
  for (const match of matches) {
    if (match.start >= lastEnd) {
      kept.push(match);
      lastEnd = match.end;
    }
  }
  return kept;
}

function prefilterNeedles(compiled: readonly CompiledRename[]): Buffer[] {
  const needles = new Set<string>();
  for (const { fromWords, singular, plural } of compiled) {
    const first = fromWords.length === 1 && !plural.startsWith(singular) ? [fromWords[0], plural] : [fromWords[0]];
    for (const word of first) for (const style of ['lower', 'capital', 'upper'] as const) needles.add(applyCase(word, style));
  }
  return [...needles].map((needle) => Buffer.from(needle, 'utf8'));
}

export function createMatcher(renames: readonly Rename[]): WordMatcher {
  const compiled = renames.map(compileRename);
  const needles = prefilterNeedles(compiled);
  const matcher: WordMatcher = {
    renames: Object.freeze([...renames]),
    needles,
    mayContain(buffer) {
      for (const needle of needles) if (buffer.indexOf(needle) !== -1) return true;
      return false;
    },
    mayMatch(text) {
      return compiled.some(({ loosePattern }) => loosePattern.test(text));
    },
    matchAll(text) {
      const out: WordMatch[] = [];
      for (const rename of compiled) matchOne(rename, text, out);
      return compiled.length > 1 ? removeOverlaps(out) : out;
    },
    replaceAll(text) {
      const missing = renames.find((rename) => rename.to === undefined);
      if (missing) throw new Error(`cannot replace "${missing.from}": the rename has no "to"`);
      let result = '';
      let cursor = 0;
      for (const match of matcher.matchAll(text)) {
        result += text.slice(cursor, match.start) + match.replacement;
        cursor = match.end;
      }
      return result + text.slice(cursor);
    },
  };
  return Object.freeze(matcher);
}

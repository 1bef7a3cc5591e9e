import type { Kind } from '../findings/model.js';

/** What an edit rewrites: a finding's kind, or an import specifier moved by the module map. */
export type EditKind = Kind | 'module-path';

/** One replacement of a span of the original text (UTF-16 offsets, end exclusive). Nothing else is reprinted. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly kind: EditKind;
}

/** Two edits that claim overlapping spans: a bug in how edits were planned, caught before anything is written. */
export class OverlappingEditsError extends Error {
  override readonly name = 'OverlappingEditsError';
}

const byStart = (a: Edit, b: Edit): number => a.start - b.start || a.end - b.end;

/**
 * Sorts edits, drops exact duplicates (two passes proposing the same rewrite) and throws on any other overlap,
 * naming the file, since applying either one would silently lose the other.
 */
export function normaliseEdits(file: string, edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort(byStart);
  const result: Edit[] = [];
  for (const edit of sorted) {
    const previous = result[result.length - 1];
    if (previous && previous.start === edit.start && previous.end === edit.end && previous.text === edit.text) continue;
    if (previous && edit.start < previous.end) {
      throw new OverlappingEditsError(
        `${file}: overlapping edits at ${previous.start}-${previous.end} ("${previous.text}") and ${edit.start}-${edit.end} ("${edit.text}")`,
      );
    }
    result.push(edit);
  }
  return result;
}

/** The text with every (normalised) edit applied, built from the untouched slices between them. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

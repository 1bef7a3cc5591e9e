import type { Kind, Reference } from '../findings/model.js';

/** Long (minified) lines are cut: the key must stay readable in a baseline file under review. */
const MAX_CODE = 240;

/** The line's code with its indentation and spacing folded, so re-indenting or reformatting spaces keeps the key. */
export function normaliseCode(lineText: string): string {
  const code = lineText.trim().replace(/\s+/g, ' ');
  return code.length > MAX_CODE ? `${code.slice(0, MAX_CODE)}…` : code;
}

/** What identifies a site across unrelated edits: never its line number, so inserting lines above keeps it. */
export interface SiteKey {
  readonly file: string;
  readonly kind: Kind;
  readonly text: string;
  /** The normalised line the site stands on. */
  readonly code: string;
  /** The database cross-check's plan column, which keeps those findings apart from plain references. */
  readonly column?: string;
}

export const siteKeyOf = (reference: Reference): SiteKey => ({
  file: reference.file,
  kind: reference.kind,
  text: reference.text,
  code: normaliseCode(reference.lineText),
  ...(reference.databaseColumn ? { column: reference.databaseColumn } : {}),
});

/**
 * One string per key. Several identical sites (the same match twice on a line, or two identical lines in a
 * file) share a key and are told apart by count, which is the occurrence index in the line's terms.
 */
export const keyString = (key: SiteKey): string => JSON.stringify([key.file, key.kind, key.text, key.code, key.column ?? null]);

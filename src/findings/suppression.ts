import type { LineIndex } from './positions.js';

const NEXT_LINE = 'renamer-ignore-next-line';
const SAME_LINE = 'renamer-ignore-line';

/**
 * 0-based lines whose references are left out of check and apply: the line after a
 * `renamer-ignore-next-line` comment, and a line that ends with a `renamer-ignore-line` comment.
 */
export function suppressedLines(text: string, lines: LineIndex): ReadonlySet<number> {
  const suppressed = new Set<number>();
  if (!text.includes('renamer-ignore')) return suppressed;
  for (let at = text.indexOf(NEXT_LINE); at !== -1; at = text.indexOf(NEXT_LINE, at + 1)) {
    suppressed.add(lines.lineOf(at) + 1);
  }
  for (let at = text.indexOf(SAME_LINE); at !== -1; at = text.indexOf(SAME_LINE, at + 1)) {
    suppressed.add(lines.lineOf(at));
  }
  return suppressed;
}

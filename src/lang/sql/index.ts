import type { LanguageAnalyzer, RawReference } from '../analyzer.js';
import { loadPgScanner } from './pg-scanner.js';
import { sqlRegions, type Region } from './regions.js';

/** The region holding `offset`, by binary search over sorted, non-overlapping regions. */
function regionAt(regions: readonly Region[], offset: number): Region | undefined {
  let low = 0;
  let high = regions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const region = regions[mid];
    if (offset < region.start) high = mid - 1;
    else if (offset >= region.end) low = mid + 1;
    else return region;
  }
  return undefined;
}

/**
 * SQL files: identifiers (quoted or not) are `sql`, comments `comment`, literals `string`. Never reports an
 * error: a migration that PostgreSQL would reject is still scanned, by the fallback tokenizer if need be.
 */
export const sqlAnalyzer: LanguageAnalyzer = {
  language: 'sql',
  load: loadPgScanner,
  analyze(file, matcher) {
    const matches = matcher.matchAll(file.text);
    if (matches.length === 0) return { references: [] };
    const regions = sqlRegions(file.text);
    const references: RawReference[] = matches.map((match) => ({
      start: match.start,
      end: match.end,
      text: match.text,
      replacement: match.replacement,
      kind: regionAt(regions, match.start)?.kind ?? 'sql',
    }));
    return { references };
  },
};

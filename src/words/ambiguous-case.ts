import { isLetter, nameEnd, nameStart } from './chars.js';
import { splitWordsAsWritten, wordCase, type WordCase } from './split.js';

/** `S3`, `V2`, `X`: one capital and no other cased letter reads as Capitalised (`S3Bucket`) or upper case (`S3_BUCKET`). */
const AMBIGUOUS = /^\p{Lu}[^\p{Lu}\p{Ll}\p{Lt}]*$/u;
// Most words have a letter second, which settles it without the regex.
const isAmbiguous = (word: string): boolean => (word.length <= 1 || !isLetter(word[1]) ? AMBIGUOUS.test(word) : false);

/** The case an ambiguous word takes from the other words of its name: `getS3`, `S3Bucket` → capital; `MY_S3` → upper. */
function caseFromName(text: string, start: number, end: number): WordCase {
  const before = splitWordsAsWritten(text.slice(nameStart(text, start), start)).reverse();
  const after = splitWordsAsWritten(text.slice(end, nameEnd(text, end)));
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    for (const word of [before[i], after[i]]) {
      if (word === undefined || isAmbiguous(word)) continue;
      const style = wordCase(word);
      if (style) return style === 'upper' ? 'upper' : 'capital';
    }
  }
  return 'capital';
}

/** Settles the case of ambiguous words from the rest of the match, or else from the rest of the name; `groups` holds the
 * matched words at even indexes (the regex's groups). */
export function settleAmbiguous(cases: WordCase[], groups: string[], text: string, start: number, end: number): WordCase[] {
  if (!cases.some((style, i) => style === 'upper' && isAmbiguous(groups[i * 2]))) return cases;
  const ambiguous = cases.map((_, i) => isAmbiguous(groups[i * 2]));
  const known = cases.filter((_, i) => !ambiguous[i]);
  const style = known.length > 0 ? (known.every((c) => c === 'upper') ? 'upper' : 'capital') : caseFromName(text, start, end);
  return cases.map((c, i) => (ambiguous[i] ? style : c));
}

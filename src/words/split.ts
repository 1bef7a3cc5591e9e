/**
 * Word splitting as change-case's `split` does it with its default options
 * (https://github.com/blakeembrey/change-case, packages/change-case/src/index.ts): a lower-case letter or a digit
 * followed by a capital starts a word, an upper-case run ends before a capital that starts a lower-case word, and
 * anything that is not a letter or a digit separates words. Digits stay with the letters they follow: `oauth2Token`
 * is oauth2, token; `S3Bucket` is s3, bucket; `sha256_sum` is sha256, sum. One addition: a change between a letter
 * without case (CJK, kana, Arabic...) and a cased letter or digit ends a word (`セッションsession_id`).
 */
const LOWER_UPPER = /([\p{Ll}\p{N}])(\p{Lu})/gu;
const UPPER_UPPER = /(\p{Lu})(\p{Lu}\p{Ll})/gu;
const CASELESS_CASED = /([\p{Lo}\p{Lm}])(?=[\p{Lu}\p{Ll}\p{Lt}\p{N}])|([\p{Lu}\p{Ll}\p{Lt}\p{N}])(?=[\p{Lo}\p{Lm}])/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The words of `name`, as written: `S3Bucket` → ["S3", "Bucket"]. */
export function splitWordsAsWritten(name: string): string[] {
  return name
    .replace(LOWER_UPPER, '$1\0$2')
    .replace(UPPER_UPPER, '$1\0$2')
    .replace(CASELESS_CASED, '$1$2\0')
    .replace(NOT_WORD, '\0')
    .split('\0')
    .filter(Boolean);
}

/**
 * Splits a name in any case style into lower-case words:
 * `session_id`, `sessionId`, `SESSION_ID`, `session-id`, `SessionID` all give ["session", "id"].
 */
export function splitWords(name: string): string[] {
  return splitWordsAsWritten(name).map((word) => word.toLowerCase());
}

export type WordCase = 'lower' | 'capital' | 'upper';

/** The case of one word as written; `null` when it is none of the three styles (`sESSION`). */
export function wordCase(word: string): WordCase | null {
  if (word === word.toLowerCase()) return 'lower';
  if (word === word.toUpperCase()) return 'upper';
  const [head = '', ...rest] = word;
  const tail = rest.join('');
  if (head === head.toUpperCase() && tail === tail.toLowerCase()) return 'capital';
  return null;
}

export function applyCase(word: string, style: WordCase): string {
  switch (style) {
    case 'lower':
      return word.toLowerCase();
    case 'upper':
      return word.toUpperCase();
    case 'capital': {
      const [head = '', ...rest] = word;
      return head.toUpperCase() + rest.join('').toLowerCase();
    }
  }
}

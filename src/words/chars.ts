/**
 * Character classes of the matcher, by Unicode general category (\p{L}, \p{Lu}, \p{Ll}, \p{N}), read by code point
 * so that a letter outside the BMP is one letter, not two surrogates.
 */
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{N}/u;
const WORD = /[\p{L}\p{N}]/u;
/** Letters without case (CJK, kana, Arabic, Hebrew...): next to a cased letter or a digit they end a word. */
const CASELESS = /[\p{Lo}\p{Lm}]/u;

// ASCII first: nearly every character the matcher looks at is, and a regex test costs more than a comparison.
const code = (ch: string): number => (ch.length === 1 ? ch.charCodeAt(0) : 0x10000);
const asciiUpper = (c: number): boolean => c >= 65 && c <= 90;
const asciiLower = (c: number): boolean => c >= 97 && c <= 122;
const asciiDigit = (c: number): boolean => c >= 48 && c <= 57;

export const isLetter = (ch: string): boolean => {
  const c = code(ch);
  return c < 128 ? asciiUpper(c) || asciiLower(c) : LETTER.test(ch);
};
export const isUpper = (ch: string): boolean => {
  const c = code(ch);
  return c < 128 ? asciiUpper(c) : UPPER.test(ch);
};
export const isLower = (ch: string): boolean => {
  const c = code(ch);
  return c < 128 ? asciiLower(c) : LOWER.test(ch);
};
export const isDigit = (ch: string): boolean => {
  const c = code(ch);
  return c < 128 ? asciiDigit(c) : DIGIT.test(ch);
};
export const isWordChar = (ch: string): boolean => {
  const c = code(ch);
  return c < 128 ? asciiUpper(c) || asciiLower(c) || asciiDigit(c) : WORD.test(ch);
};
export const isCaseless = (ch: string): boolean => code(ch) >= 128 && CASELESS.test(ch);

/** The character (code point) starting at `index`, or '' past the end. */
export function charAt(text: string, index: number): string {
  if (index >= text.length) return '';
  const unit = text.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdbff) return text[index];
  return String.fromCodePoint(text.codePointAt(index)!);
}

/** The character (code point) ending just before `index`, or '' at the start. */
export function charBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  if (index >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

/** Far enough for any real name; a minified line must not make each candidate cost a scan to its start. */
const MAX_NAME = 256;
const isNameChar = (ch: string): boolean => ch === '_' || ch === '-' || isWordChar(ch);

/** Where the name (letters, digits, `_`, `-`) holding `start` begins. */
export function nameStart(text: string, start: number): number {
  let at = start;
  while (at > 0 && start - at < MAX_NAME) {
    const ch = charBefore(text, at);
    if (!isNameChar(ch)) break;
    at -= ch.length;
  }
  // `"\napp_user"`: the escape's letter belongs to no name.
  if (at > 0 && text[at - 1] === '\\' && 'nrtbfv'.includes(text[at])) at++;
  return at;
}

/** Where the name holding the character before `end` ends. */
export function nameEnd(text: string, end: number): number {
  let at = end;
  while (at < text.length && at - end < MAX_NAME) {
    const ch = charAt(text, at);
    if (!isNameChar(ch)) break;
    at += ch.length;
  }
  return at;
}

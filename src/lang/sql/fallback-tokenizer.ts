import { dollarTag, type SqlToken } from './tokens.js';

const isIdentStart = (code: number): boolean =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 0x80;
const isIdentPart = (code: number): boolean => isIdentStart(code) || (code >= 48 && code <= 57) || code === 36;

/** End of a quoted run opened at `open` (`'` or `"`), where a doubled quote escapes it; EOF when unterminated. */
function quotedEnd(text: string, open: number, backslashEscapes: boolean): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') i++;
    else if (ch === quote) {
      if (text[i + 1] !== quote) return i + 1;
      i++;
    }
  }
  return text.length;
}

/** PostgreSQL block comments nest. */
function blockCommentEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The length of a string prefix at `i` (E, B, X, N, U&) followed by a quote, or 0. */
function prefixLength(text: string, i: number): number {
  const quote = text[i + 1];
  if (/[EeBbXxNn]/.test(text[i]) && quote === "'") return 1;
  if (/[Uu]/.test(text[i]) && text[i + 1] === '&' && (text[i + 2] === "'" || text[i + 2] === '"')) return 2;
  return 0;
}

/**
 * A lexer for PostgreSQL's token boundaries, used when libpg-query's scanner rejects a text (an unterminated
 * string or comment, which migrations cut mid-statement do contain): unterminated runs extend to the end.
 */
export function fallbackTokenize(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const push = (start: number, end: number): void => {
    tokens.push({ start, end, text: text.slice(start, end) });
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const ch = text[i];
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    let end: number;
    if (code <= 32) {
      i++;
      continue;
    } else if (ch === '-' && text[i + 1] === '-') end = lineEnd(text, i);
    else if (ch === '/' && text[i + 1] === '*') end = blockCommentEnd(text, i);
    else if (ch === "'" || ch === '"') end = quotedEnd(text, i, false);
    else if (isIdentStart(code) && !isIdentPart(previous) && prefixLength(text, i) > 0) {
      const length = prefixLength(text, i);
      end = quotedEnd(text, i + length, length === 1 && (ch === 'E' || ch === 'e'));
    } else if (ch === '$' && !isIdentPart(previous) && dollarTag(text.slice(i, i + 200)) !== undefined) {
      const tag = dollarTag(text.slice(i, i + 200)) as string;
      const close = text.indexOf(tag, i + tag.length);
      end = close === -1 ? text.length : close + tag.length;
    } else if (isIdentStart(code)) {
      end = i + 1;
      while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
    } else if (code >= 48 && code <= 57) {
      end = i + 1;
      while (end < text.length && /[0-9A-Za-z_.]/.test(text[end])) end++;
    } else end = i + 1;
    push(i, end);
    i = end;
  }
  return tokens;
}

/**
 * Connection strings carry passwords in several places, and node-postgres (pg-connection-string) accepts more
 * shapes than a well-formed URL: `postgres://u:SECRET@h/db`, `?password=SECRET`, host-first `u:SECRET@h/db` (it
 * reads `u:` as a scheme), unparseable URLs (`u:pa#ss@h`), and libpq keyword strings (`host=h password='S E'`).
 * Every secret is found in each of them, so that no message, label or warning can show one.
 */

const SECRET_KEYS = new Set(['password', 'sslpassword']);
const KEYWORD_STRING = /^\s*[a-z_]+\s*=/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\/|^\/\//i;

export interface KeywordPair {
  readonly key: string;
  readonly value: string;
  /** Where the value is in the string, quotes included. */
  readonly start: number;
  readonly end: number;
}

export function isKeywordString(input: string): boolean {
  return KEYWORD_STRING.test(input) && !SCHEME.test(input.trim());
}

/**
 * libpq's `keyword = value` pairs (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-KEYWORD-VALUE):
 * values are bare or single-quoted, `\'` and `\\` are escapes. Returns undefined where the string breaks that grammar.
 */
export function parseKeywordString(input: string): KeywordPair[] | undefined {
  const pairs: KeywordPair[] = [];
  const pattern = /\s*([a-z_]+)\s*=\s*/iy;
  let i = 0;
  while (i < input.length) {
    if (/^\s*$/.test(input.slice(i))) break;
    pattern.lastIndex = i;
    const key = pattern.exec(input);
    if (!key) return undefined;
    const start = pattern.lastIndex;
    let value = '';
    let j = start;
    const quoted = input[j] === "'";
    if (quoted) j++;
    for (; j < input.length; j++) {
      const c = input[j];
      if (c === '\\' && j + 1 < input.length) value += input[++j];
      else if (quoted ? c === "'" : /\s/.test(c)) break;
      else value += c;
    }
    if (quoted) {
      if (input[j] !== "'") return undefined;
      j++;
    }
    pairs.push({ key: key[1].toLowerCase(), value, start, end: j });
    i = j;
  }
  return pairs;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where the userinfo password is: after the first `:` of the authority's userinfo, up to its last `@`. */
function userinfoPassword(input: string): Span | undefined {
  const scheme = SCHEME.exec(input)?.[0] ?? '';
  const from = scheme.length;
  // A parseable URL's authority ends at the first / ? #; an unparseable one may hold them in its password, so
  // then the userinfo runs to the last @ of the whole string (over-masking beats leaking).
  let authorityEnd = input.slice(from).search(/[/?#]/);
  authorityEnd = authorityEnd < 0 ? input.length : from + authorityEnd;
  let at = input.lastIndexOf('@', authorityEnd - 1);
  if (at < from && !parses(input)) at = input.lastIndexOf('@');
  if (at < from) return undefined;
  const colon = input.indexOf(':', from);
  if (colon < 0 || colon > at) return undefined;
  return { start: colon + 1, end: at };
}

/** `password=...` in a URL's query string, however many times. */
function queryPasswords(input: string): Span[] {
  const spans: Span[] = [];
  for (const m of input.matchAll(/([?&])([^=&#]*)=([^&#]*)/g)) {
    if (!SECRET_KEYS.has(safeDecode(m[2]).toLowerCase())) continue;
    const start = m.index + m[1].length + m[2].length + 1;
    spans.push({ start, end: start + m[3].length });
  }
  return spans;
}

function secretSpans(input: string): Span[] {
  if (isKeywordString(input)) {
    const pairs = parseKeywordString(input);
    if (pairs) return pairs.filter((p) => SECRET_KEYS.has(p.key)).map(({ start, end }) => ({ start, end }));
    // Unbalanced quotes: everything after a password keyword is a secret.
    const m = /\b(?:ssl)?password\s*=\s*/i.exec(input);
    return m ? [{ start: m.index + m[0].length, end: input.length }] : [];
  }
  const spans = queryPasswords(input);
  const userinfo = userinfoPassword(input);
  if (userinfo && userinfo.end > userinfo.start) spans.push(userinfo);
  return spans;
}

/** The connection string as it may be shown: each password replaced by `***`, everything else as typed. */
export function maskConnectionString(input: string): string {
  const spans = secretSpans(input).sort((a, b) => b.start - a.start);
  let out = input;
  let limit = Infinity;
  for (const { start, end } of spans) {
    if (end > limit) continue;
    out = `${out.slice(0, start)}***${out.slice(end)}`;
    limit = start;
  }
  return out;
}

/** Every spelling a secret can take in a message: as typed, decoded, re-encoded, quoted or unescaped. */
function spellings(raw: string, keyword: boolean): string[] {
  const unquoted = keyword && raw.startsWith("'") ? raw.slice(1, -1) : raw;
  const unescaped = keyword ? unquoted.replace(/\\(.)/g, '$1') : unquoted;
  const decoded = safeDecode(unescaped);
  const variants = [raw, unquoted, unescaped, decoded, safeDecode(unescaped.replace(/\+/g, ' ')), encodeURIComponent(decoded), encodeURI(decoded)];
  return variants.filter((v) => v.length > 0);
}

/** The secrets of a connection string, longest first, in every spelling. */
export function connectionSecrets(input: string): string[] {
  const keyword = isKeywordString(input);
  const secrets = new Set<string>();
  for (const { start, end } of secretSpans(input)) for (const s of spellings(input.slice(start, end), keyword)) secrets.add(s);
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** The message with every secret of every given connection string replaced by `***`. */
export function maskSecrets(message: string, inputs: readonly (string | undefined)[]): string {
  let out = message;
  for (const input of inputs) {
    if (!input) continue;
    out = out.split(input).join(maskConnectionString(input));
    for (const secret of connectionSecrets(input)) out = out.split(secret).join('***');
  }
  return out;
}

/** As pg-connection-string reads it: relative to `postgres://base`. */
function parses(input: string): boolean {
  try {
    new URL(input, 'postgres://base');
    return true;
  } catch {
    return false;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

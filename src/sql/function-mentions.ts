import { scanSync } from 'libpg-query';
import { createMatcher, type WordMatcher } from '../words/index.js';
import { RESERVED_KEYWORD_KIND } from './keywords.js';
import type { SqlSession } from './session.js';

export interface FunctionMention {
  readonly name: string;
  readonly language: string;
  /** The spellings of the column found in the body (`session_id`, `"SessionId"` gives `SessionId`), distinct. */
  readonly mentions: readonly string[];
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_$]/u;

/** The whole identifier around a match. */
function identifierAround(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s > 0 && IDENTIFIER_CHAR.test(text[s - 1])) s--;
  while (e < text.length && IDENTIFIER_CHAR.test(text[e])) e++;
  return text.slice(s, e);
}

/** Whether a name is a reserved keyword; a name that does not even scan (an unclosed quote in it) is not one. */
function isReservedWord(name: string): boolean {
  try {
    const [token] = scanSync(name).tokens;
    return token?.keywordKind === RESERVED_KEYWORD_KIND && token.text.length === name.length;
  } catch {
    return false;
  }
}

/** The word matcher of the column's name; a name with no words (only punctuation) falls back to exact text. */
function mentionsOf(column: string): (source: string) => string[] {
  let matcher: WordMatcher;
  try {
    matcher = createMatcher([{ from: column, to: column }]);
  } catch {
    return (source) => (source.includes(column) ? [column] : []);
  }
  // A reserved word (`select`, `user`) spelled bare is the keyword: a column of that name is quoted or qualified.
  const reserved = isReservedWord(column);
  const isKeyword = (source: string, m: { start: number; text: string }) =>
    reserved && m.text.toLowerCase() === column && source[m.start - 1] !== '"' && source[m.start - 1] !== '.';
  // A compound (`import_session_id` for session_id) is another column or a variable: only whole identifiers count,
  // and only the name's own words in any case style: a plural (`session_ids`, `as` for a column `a`) is another.
  const words = (text: string) => text.toLowerCase().replace(/_/g, '');
  return (source) =>
    matcher.mayContain(Buffer.from(source))
      ? matcher
          .matchAll(source)
          .filter((m) => identifierAround(source, m.start, m.end) === m.text && words(m.text) === words(column) && !isKeyword(source, m))
          .map((m) => m.text)
      : [];
}

/**
 * Functions whose source text names the column: PostgreSQL does not track names inside PL/pgSQL (or any string
 * body), so a trigger reading NEW.session_id keeps compiling and fails at run time. Matching goes through the word
 * matcher, so every case style of the name is found (`NEW.import_session_id`, `NEW."SessionId"`, `payload->>'sessionId'`)
 * and other identifiers are not (`obsession_id`, `sessionid`, and compounds such as `v_session_id` for session_id). A heuristic, reported as warnings.
 */
export async function functionsMentioning(db: SqlSession, column: string): Promise<FunctionMention[]> {
  const rows = await db.query<{ name: string; language: string; source: string | null }>(
    `SELECT p.oid::regprocedure::text AS name, l.lanname AS language, p.prosrc AS source
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND l.lanname NOT IN ('c', 'internal')
      ORDER BY 1`,
  );
  const find = mentionsOf(column);
  const out: FunctionMention[] = [];
  for (const { name, language, source } of rows) {
    const mentions = [...new Set(find(source ?? ''))];
    if (mentions.length > 0) out.push({ name, language, mentions });
  }
  return out;
}

import { fallbackTokenize } from './fallback-tokenizer.js';
import { pgScan } from './pg-scanner.js';
import { dollarTag, tokenShape, wordOf, type SqlToken } from './tokens.js';

/** A span of a SQL text that is not SQL code; everything outside every region is code (`sql`). */
export interface Region {
  readonly start: number;
  readonly end: number;
  readonly kind: 'comment' | 'string';
}

/** Routine bodies in these languages are SQL-like and are tokenised; any other language's body is a string. */
const SQL_LANGUAGES = new Set(['sql', 'plpgsql']);
const MAX_BODY_DEPTH = 8;

function tokenize(text: string): SqlToken[] {
  return pgScan(text) ?? fallbackTokenize(text);
}

function splitStatements(tokens: readonly SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [[]];
  for (const token of tokens) {
    if (token.text === ';') statements.push([]);
    else statements[statements.length - 1].push(token);
  }
  return statements;
}

/**
 * Which dollar-quoted strings of a statement are routine bodies to tokenise: those after AS in CREATE
 * FUNCTION/PROCEDURE and the block of DO, unless LANGUAGE names a non-SQL language (plpython3u, plv8...).
 */
function bodyTokens(statement: readonly SqlToken[]): Set<SqlToken> {
  const bodies = new Set<SqlToken>();
  const code = statement.filter((token) => tokenShape(token.text) !== 'comment');
  const words = code.map((token) => (tokenShape(token.text) === 'code' ? wordOf(token) : ''));
  const isDo = words[0] === 'do';
  const isRoutine = words[0] === 'create' && (words.includes('function') || words.includes('procedure'));
  if (!isDo && !isRoutine) return bodies;
  const languageAt = words.indexOf('language');
  const language = languageAt >= 0 && languageAt + 1 < code.length ? wordOf(code[languageAt + 1]) : undefined;
  if (language !== undefined && !SQL_LANGUAGES.has(language.toLowerCase())) return bodies;
  code.forEach((token, i) => {
    if (tokenShape(token.text) === 'dollar-string' && (isDo || words[i - 1] === 'as')) bodies.add(token);
  });
  return bodies;
}

function collect(text: string, base: number, depth: number, out: Region[]): void {
  for (const statement of splitStatements(tokenize(text))) {
    const bodies = bodyTokens(statement);
    for (const token of statement) {
      const shape = tokenShape(token.text);
      if (shape === 'comment' || shape === 'string') {
        out.push({ start: base + token.start, end: base + token.end, kind: shape });
      } else if (shape === 'dollar-string') {
        const tag = dollarTag(token.text) as string;
        const closed = token.text.length >= 2 * tag.length && token.text.endsWith(tag);
        const contentEnd = closed ? token.text.length - tag.length : token.text.length;
        if (bodies.has(token) && depth < MAX_BODY_DEPTH) {
          collect(token.text.slice(tag.length, contentEnd), base + token.start + tag.length, depth + 1, out);
        } else {
          out.push({ start: base + token.start, end: base + token.end, kind: 'string' });
        }
      }
    }
  }
}

/** The comment and string regions of a SQL text, sorted by start, with routine bodies tokenised in place. */
export function sqlRegions(text: string): Region[] {
  const regions: Region[] = [];
  collect(text, 0, 0, regions);
  return regions;
}

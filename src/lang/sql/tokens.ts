/** One lexical token of a SQL text, in UTF-16 offsets of the text that was tokenised. */
export interface SqlToken {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type TokenShape = 'comment' | 'string' | 'dollar-string' | 'code';

/** `$$` or `$tag$`: PostgreSQL's dollar-quote delimiter (tags follow identifier rules, without `$`). */
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/**
 * What a token is, read from its text alone, so that libpg-query's scanner and the fallback tokenizer are
 * classified by the same rules. String prefixes: E'', B'', X'', N'' and U&'' (a `U&"..."` is an identifier).
 */
export function tokenShape(text: string): TokenShape {
  const first = text.charCodeAt(0);
  if (text.startsWith('--') || text.startsWith('/*')) return 'comment';
  if (first === 39 /* ' */) return 'string';
  if (/^(?:[EeBbXxNn]|[Uu]&)'/.test(text)) return 'string';
  if (first === 36 /* $ */ && dollarTag(text) !== undefined) return 'dollar-string';
  return 'code';
}

/** The opening delimiter of a dollar-quoted string, or undefined when `text` is not one (`$1` is a parameter). */
export function dollarTag(text: string): string | undefined {
  const found = DOLLAR_TAG.exec(text);
  return found ? found[0] : undefined;
}

/** Unquoted words fold to lower case; quoted identifiers and strings keep their content. */
export function wordOf(token: SqlToken): string {
  const { text } = token;
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.endsWith(text[0])) return text.slice(1, -1);
  return text.toLowerCase();
}

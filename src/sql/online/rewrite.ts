import { scanSync } from 'libpg-query';
import { quoteIdent } from '../quote.js';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly tokenName: string;
  readonly keywordKind: number;
}

/** The name a token spells as an identifier (quoted exact, unquoted folded), or undefined for reserved words. */
function identifierOf(token: Token): string | undefined {
  if (token.tokenName === 'IDENT' && token.text.startsWith('"')) return token.text.slice(1, -1).replace(/""/g, '"');
  // Unreserved and column-name keywords (`name`, `position`) can be column names unquoted.
  if (token.tokenName === 'IDENT' || token.keywordKind === 1 || token.keywordKind === 2) return token.text.toLowerCase();
  return undefined;
}

/**
 * Catalog text (pg_get_indexdef, pg_get_constraintdef) with every reference to column `from` spelled `to`, from the
 * byte offset `after` on (past an index's own name and table) and, with `firstListOnly`, only inside the first
 * parenthesised list (an FK's own columns, never the referenced ones). Function names, qualified names and casts are
 * not column references: `f(`, `x.f`, `::t` are left alone. Token-based because IndexElem carries no location.
 */
export function renameColumnIn(definition: string, from: string, to: string, options: { after?: number; firstListOnly?: boolean } = {}): string {
  const bytes = Buffer.from(definition, 'utf8');
  const tokens = scanSync(definition).tokens as Token[];
  const spans: [number, number][] = [];
  let depth = 0;
  let listsClosed = 0;
  tokens.forEach((token, i) => {
    if (token.text === '(') depth++;
    if (token.text === ')' && --depth === 0) listsClosed++;
    if (token.start < (options.after ?? 0) || (options.firstListOnly && (listsClosed > 0 || depth === 0))) return;
    if (identifierOf(token) !== from) return;
    const previous = tokens[i - 1]?.text;
    const next = tokens[i + 1]?.text;
    if (previous === '.' || previous === '::' || next === '(' || next === '.') return;
    spans.push([token.start, token.end]);
  });
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += bytes.subarray(at, start).toString('utf8') + quoteIdent(to);
    at = end;
  }
  return out + bytes.subarray(at).toString('utf8');
}

/**
 * An index definition for the twin: its name, the columns renamed (every renamed column of the table it covers), CONCURRENTLY and IF NOT EXISTS so a re-run (or a
 * run after an interrupted one) does not fail. The table part (` ON ... USING`) is located by the scanner.
 */
export function twinIndexDefinition(definition: string, twin: string, columns: readonly { from: string; to: string }[]): string {
  const tokens = scanSync(definition).tokens as Token[];
  const on = tokens.find((t) => t.text.toUpperCase() === 'ON');
  if (!on) throw new Error(`unexpected index definition: ${definition}`);
  const bytes = Buffer.from(definition, 'utf8');
  const head = /^CREATE (UNIQUE )?INDEX /.exec(definition);
  if (!head) throw new Error(`unexpected index definition: ${definition}`);
  const rest = columns.reduce((text, c) => renameColumnIn(text, c.from, c.to, { after: 'ON '.length }), bytes.subarray(on.start).toString('utf8'));
  return `CREATE ${head[1] ?? ''}INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(twin)} ${rest.replace(/^ON ONLY /, 'ON ')}`;
}

/** The original index as down re-creates it, CONCURRENTLY and idempotent. */
export function concurrentIndexDefinition(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ').replace(/ ON ONLY /, ' ON ');
}

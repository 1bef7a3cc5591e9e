import { NON_UNRESERVED_KEYWORDS } from './keywords.js';

/** A schema-qualified relation name, exact (already folded) as the catalog stores it. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/**
 * The one way an identifier reaches generated SQL. Quotes only when PostgreSQL would need it (as quote_ident does),
 * so `session_id` stays readable while `"user"`, `"SessionId"` and `"a;b"` are exact.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('empty SQL identifier');
  if (name.includes('\0')) throw new Error('SQL identifier contains a NUL character');
  if (PLAIN_IDENTIFIER.test(name) && !NON_UNRESERVED_KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteQualified(relation: QualifiedName): string {
  return `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
}

/** A standard string literal (standard_conforming_strings is on in every supported version). */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('SQL literal contains a NUL character');
  return `'${text.replace(/'/g, "''")}'`;
}

/** A dollar-quoted body whose tag cannot occur inside it, for DO blocks that embed catalog text. */
export function dollarQuote(body: string, base = 'renamer'): string {
  let tag = base;
  for (let n = 1; body.includes(`$${tag}$`); n++) tag = `${base}${n}`;
  return `$${tag}$\n${body}\n$${tag}$`;
}

/** `'schema.table'` as a literal for to_regclass(), quoted so that odd names still resolve exactly. */
export function regclassLiteral(relation: QualifiedName): string {
  return quoteLiteral(quoteQualified(relation));
}

/** Names PostgreSQL truncates silently at 63 bytes; keep the end unique with a short hash. */
export function fitIdentifier(name: string): string {
  if (Buffer.byteLength(name) <= 63) return name;
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + ch.codePointAt(0)!) >>> 0;
  const suffix = `_${hash.toString(36)}`;
  let head = name;
  while (Buffer.byteLength(head) + suffix.length > 63) head = head.slice(0, -1);
  return head + suffix;
}

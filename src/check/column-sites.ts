import type { SyntaxNode } from '../lang/tree-sitter.js';

/** Where a column name stands in code, when that place reads or maps the column. */
export type ColumnSite =
  | { readonly via: 'sql'; readonly sql: string }
  | { readonly via: 'orm-name' | 'orm-attribute'; readonly table?: string; readonly framework: string };

const STRING_TYPES = new Set(['string', 'template_string']);
const CLASS_TYPES = new Set(['class_definition', 'class_declaration', 'abstract_class_declaration']);

// A statement shape, not a keyword: prose such as "select a session" must not look like SQL.
const SQL_STATEMENT =
  /\b(?:select\b[\s\S]*?\bfrom\b|insert\s+into\b|update\s+[\w."]+\s+set\b|delete\s+from\b|alter\s+table\b|create\s+(?:unique\s+)?index\b|returning\b|where\s+[\w."]+\s*(?:=|<>|!=|\bin\b|\bis\b|\blike\b)|join\s+[\w."]+\s+on\b)/i;

export const looksLikeSql = (text: string): boolean => SQL_STATEMENT.test(text);

function ancestor(node: SyntaxNode | null, types: ReadonlySet<string>): SyntaxNode | null {
  for (let at = node; at; at = at.parent) if (types.has(at.type)) return at;
  return null;
}

function insideComment(node: SyntaxNode | null): boolean {
  for (let at = node; at; at = at.parent) if (at.type === 'comment') return true;
  return false;
}

/** A Python docstring: a string that is a statement on its own. */
const isDocstring = (node: SyntaxNode): boolean => node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1;

/** The table an ORM model class maps: SQLAlchemy `__tablename__`, Django `db_table`, TypeORM `@Entity('name')`. */
function modelTable(node: SyntaxNode, text: string): string | undefined {
  const model = ancestor(node, CLASS_TYPES);
  if (!model) return undefined;
  const body = model.text;
  const python = /^\s*(?:__tablename__|db_table)\s*(?::[^=\n]*)?=\s*["']([^"']+)["']/m.exec(body);
  if (python) return python[1];
  const outer = model.parent?.type === 'export_statement' ? model.parent : model;
  const header = text.slice(Math.max(0, outer.startIndex - 300), model.startIndex + Math.min(body.indexOf('{') + 1 || 300, 300));
  const entity = /@Entity\(\s*(?:["'`]([^"'`]+)["'`]|\{[^}]*\bname\s*:\s*["'`]([^"'`]+)["'`])/.exec(header);
  return entity ? (entity[1] ?? entity[2]) : undefined;
}

/** A string that names a column: `Column("session_id")`, `name="session_id"`, `@Column({ name: 'session_id' })`. */
function ormNameSite(string: SyntaxNode, text: string): ColumnSite | undefined {
  const before = text.slice(Math.max(0, string.startIndex - 200), string.startIndex);
  if (/\b(?:mapped_column|Column)\(\s*$/.test(before) || /\b(?:mapped_column|Column)\([^()]*\bname\s*=\s*$/.test(before)) {
    return { via: 'orm-name', framework: 'SQLAlchemy', table: modelTable(string, text) };
  }
  if (/\bdb_column\s*=\s*$/.test(before)) return { via: 'orm-name', framework: 'Django', table: modelTable(string, text) };
  if (/\bForeignKey\(\s*$/.test(before)) {
    const target = string.text.slice(1, -1);
    const dot = target.lastIndexOf('.');
    return { via: 'orm-name', framework: 'SQLAlchemy', ...(dot > 0 ? { table: target.slice(0, dot).split('.').pop() } : {}) };
  }
  if (/@(?:Column|PrimaryColumn|PrimaryGeneratedColumn|JoinColumn|Index)\(\s*\{[^{}]*\bname\s*:\s*$/.test(before)) {
    return { via: 'orm-name', framework: 'TypeORM', table: modelTable(string, text) };
  }
  return undefined;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An attribute an ORM maps to a column of the same name: `session_id = Column(String)`, `@Column() session_id: string`. */
function ormAttributeSite(node: SyntaxNode, text: string, start: number, end: number): ColumnSite | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const name = escapeRegExp(text.slice(start, end));
  // A first argument that is a string names the column itself; the attribute name is then not the column.
  const python = new RegExp(`^\\s*${name}\\s*(?::[^=]*)?=\\s*(?:[\\w.]+\\.)?(mapped_column|Column|\\w+Field|ForeignKey)\\((?!\\s*["'])`).exec(line);
  if (python && lineStart + python[0].indexOf(text.slice(start, end)) === start) {
    return { via: 'orm-attribute', framework: python[1].endsWith('Field') || python[1] === 'ForeignKey' ? 'Django' : 'SQLAlchemy', table: modelTable(node, text) };
  }
  const property = new RegExp(`^(\\s*(?:@[\\w.]+\\([^)]*\\)\\s*)*)(?:(?:public|private|protected|readonly|declare)\\s+)*${name}[?!]?\\s*:`).exec(line);
  if (!property) return undefined;
  const previous = text.slice(Math.max(0, lineStart - 300), lineStart).split('\n').slice(-4);
  const decorators: string[] = [property[1]];
  for (let i = previous.length - 1; i >= 0 && /^\s*@/.test(previous[i]); i--) decorators.push(previous[i]);
  const joined = decorators.join('\n');
  if (!/@(?:Column|PrimaryColumn|PrimaryGeneratedColumn|JoinColumn)\(/.test(joined) || /\bname\s*:/.test(joined)) return undefined;
  return { via: 'orm-attribute', framework: 'TypeORM', table: modelTable(node, text) };
}

/**
 * Classifies one occurrence of a column name: in a raw SQL string, or in an ORM column mapping. Anything
 * else (comments, docstrings, prose strings, ordinary variables) is not a read of the column.
 */
export function columnSite(root: SyntaxNode, text: string, start: number, end: number): ColumnSite | undefined {
  const node = root.descendantForIndex(start, end);
  if (!node || insideComment(node)) return undefined;
  const string = ancestor(node, STRING_TYPES);
  if (string) {
    if (isDocstring(string)) return undefined;
    const whole = string.parent?.type === 'concatenated_string' ? string.parent : string;
    if (looksLikeSql(whole.text)) return { via: 'sql', sql: whole.text };
    return ormNameSite(string, text);
  }
  return ormAttributeSite(node, text, start, end);
}

import { parseSync, scanSync } from 'libpg-query';
import { quoteIdent, type QualifiedName } from '../quote.js';
import type { ViewRewrite } from '../view-rewrite.js';

type Node = Record<string, unknown>;
interface Level {
  /** FROM items of one query level by the name a column reference qualifies them with: true when it is the table. */
  readonly names: Map<string, boolean>;
  /** Range-table entries of the level: pg_get_viewdef leaves a column unqualified only when there is one. */
  readonly entries: number;
}
interface Edit {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

const sval = (n: unknown) => (n as { String?: { sval?: string } } | undefined)?.String?.sval;

/**
 * A view definition (pg_get_viewdef output, read with only pg_catalog on search_path) reading `to` wherever it read
 * `table`.`from`, with every output column keeping its name (`t.session_id` becomes `t.flow_id AS session_id`).
 * Column references are resolved by query level as pg_get_viewdef prints them: qualified by the FROM item's name, or
 * bare only in a level with a single range-table entry. Anything it cannot resolve that way (a JOIN ... USING or
 * NATURAL join on the table, column aliases on it, a three-part name) is refused: the view is named, never guessed.
 */
export function switchViewColumn(definition: string, table: QualifiedName, from: string, to: string): ViewRewrite {
  const bytes = Buffer.from(definition, 'utf8');
  const tokens = scanSync(definition).tokens;
  const edits: Edit[] = [];
  let refusal: string | undefined;
  const refuse = (reason: string) => void (refusal ??= reason);
  const isTable = (rv: Node) => rv.schemaname === table.schema && rv.relname === table.name;

  /** The byte span of a column reference's last name, found by the scanner from the reference's start. */
  const lastName = (location: number): [number, number] => {
    let i = location < 0 ? -1 : tokens.findIndex((t) => t.start >= location);
    if (i < 0) throw new Error('a column reference the parser gave no position');
    let span: [number, number] = [tokens[i].start, tokens[i].end];
    while (tokens[i + 1]?.text === '.' && tokens[i + 2]) {
      i += 2;
      span = [tokens[i].start, tokens[i].end];
    }
    return span;
  };

  /** True when the reference reads the table's column; refuses references it cannot place. */
  function resolves(ref: Node, scopes: readonly Level[]): boolean {
    const fields = (ref.fields as unknown[]) ?? [];
    if (sval(fields[fields.length - 1]) !== from) return false;
    if (fields.length === 1) {
      const level = scopes[scopes.length - 1];
      const ours = level ? [...level.names.values()].some(Boolean) : false;
      if (level?.entries === 1) return ours;
      if (ours) refuse(`it names ${from} unqualified beside other relations`);
      return false;
    }
    if (fields.length > 2) {
      refuse(`it names ${from} with a three-part name`);
      return false;
    }
    const qualifier = sval(fields[0])!;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = scopes[i].names.get(qualifier);
      if (found !== undefined) return found;
    }
    return false;
  }

  /** FROM items of one level into `level`, visiting what they contain (subqueries see the outer levels). */
  function fromItem(node: Node, level: Level & { names: Map<string, boolean> }, scopes: readonly Level[], quals: unknown[]): number {
    if (node.RangeVar) {
      const rv = node.RangeVar as Node & { alias?: { aliasname: string; colnames?: unknown[] } };
      if (isTable(rv) && rv.alias?.colnames) refuse(`it gives ${table.name}'s columns aliases`);
      level.names.set(rv.alias?.aliasname ?? (rv.relname as string), isTable(rv));
      return 1;
    }
    if (node.JoinExpr) {
      const join = node.JoinExpr as Node & { larg: Node; rarg: Node; quals?: unknown; usingClause?: unknown[]; isNatural?: boolean; alias?: { aliasname: string } };
      const inner = new Map<string, boolean>();
      const count = fromItem(join.larg, { names: inner, entries: 0 }, scopes, quals) + fromItem(join.rarg, { names: inner, entries: 0 }, scopes, quals);
      quals.push(join.quals);
      const ours = [...inner.values()].some(Boolean);
      if (ours && (join.isNatural || (join.usingClause ?? []).some((u) => sval(u) === from))) refuse(`it joins ${table.name} USING or NATURAL on ${from}`);
      for (const [k, v] of inner) level.names.set(k, v);
      if (join.alias) level.names.set(join.alias.aliasname, false);
      return count + 1;
    }
    const alias = (Object.values(node)[0] as { alias?: { aliasname: string } } | undefined)?.alias;
    if (alias) level.names.set(alias.aliasname, false);
    visit(node, scopes);
    return 1;
  }

  function select(stmt: Node, scopes: readonly Level[]): void {
    if (stmt.op !== undefined && stmt.op !== 'SETOP_NONE') {
      visit(stmt.withClause, scopes);
      visit(stmt.larg, scopes);
      visit(stmt.rarg, scopes);
      return;
    }
    visit(stmt.withClause, scopes);
    const level = { names: new Map<string, boolean>(), entries: 0 };
    const quals: unknown[] = [];
    for (const item of (stmt.fromClause as Node[] | undefined) ?? []) level.entries += fromItem(item, level, [...scopes, level], quals);
    const inner = [...scopes, level];
    // ON conditions see every FROM item of their level.
    visit(quals, inner);
    for (const target of (stmt.targetList as { ResTarget?: Node }[] | undefined) ?? []) {
      const t = target.ResTarget;
      const ref = (t?.val as Node | undefined)?.ColumnRef as Node | undefined;
      // A bare column keeps its output name only if it gets it back as an alias.
      if (t && ref && t.name === undefined && resolves(ref, inner)) {
        const [start, end] = lastName(ref.location as number);
        edits.push({ at: start, end, text: quoteIdent(to) }, { at: end, end, text: ` AS ${quoteIdent(from)}` });
        continue;
      }
      visit(target, inner);
    }
    for (const [key, value] of Object.entries(stmt)) if (!['withClause', 'fromClause', 'targetList'].includes(key)) visit(value, inner);
  }

  function visit(node: unknown, scopes: readonly Level[]): void {
    if (Array.isArray(node)) for (const item of node) visit(item, scopes);
    else if (node && typeof node === 'object') {
      const record = node as Node;
      if (record.SelectStmt) return select(record.SelectStmt as Node, scopes);
      if (record.ColumnRef) {
        const ref = record.ColumnRef as Node;
        if (resolves(ref, scopes)) {
          const [start, end] = lastName(ref.location as number);
          edits.push({ at: start, end, text: quoteIdent(to) });
        }
        return;
      }
      for (const value of Object.values(record)) visit(value, scopes);
    }
  }

  const stmt = parseSync(definition).stmts?.[0]?.stmt as Node | undefined;
  if (!stmt?.SelectStmt) return { ok: false, reason: 'it is not a SELECT' };
  try {
    visit(stmt, []);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (refusal) return { ok: false, reason: refusal };
  if (edits.length === 0) return { ok: false, reason: `no reference to ${table.name}.${from} was found in its definition` };
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.at - b.at || a.end - b.end)) {
    out += bytes.subarray(at, edit.at).toString('utf8') + edit.text;
    at = edit.end;
  }
  return { ok: true, definition: out + bytes.subarray(at).toString('utf8'), removed: [] };
}

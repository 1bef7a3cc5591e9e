import { loadModule, parseSync, scanSync } from 'libpg-query';

/** `removed`: the output columns the definition lost, which views built on this one lose in turn. */
export type ViewRewrite =
  | { readonly ok: true; readonly definition: string; readonly removed: readonly string[] }
  | { readonly ok: false; readonly reason: string };

let loaded: Promise<void> | undefined;
/** libpg-query's wasm loads once per process. */
export const loadSqlParser = (): Promise<void> => (loaded ??= loadModule());

type Node = Record<string, unknown>;

function columnRefsNaming(node: unknown, column: string, found: Node[] = []): Node[] {
  if (Array.isArray(node)) {
    for (const item of node) columnRefsNaming(item, column, found);
  } else if (node && typeof node === 'object') {
    const record = node as Node;
    const ref = record.ColumnRef as { fields?: Node[] } | undefined;
    const last = ref?.fields?.[ref.fields.length - 1] as { String?: { sval?: string } } | undefined;
    if (last?.String?.sval === column) found.push(record);
    for (const value of Object.values(record)) columnRefsNaming(value, column, found);
  }
  return found;
}

const CLAUSE_AFTER_SELECT_LIST = new Set(['FROM', 'INTO', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'INTERSECT', 'EXCEPT', ';']);

/** Byte span of each select-list entry: up to the separating comma, and for the last one up to the next clause. */
function targetSpans(bytes: Buffer, starts: number[]): [number, number][] {
  const tokens = scanSync(bytes.toString('utf8')).tokens;
  return starts.map((start, i) => {
    const next = starts[i + 1];
    let end = start;
    let depth = 0;
    for (const token of tokens) {
      if (token.start < start) continue;
      if (next !== undefined) {
        if (token.start >= next) break;
        if (token.text !== ',') end = token.end;
        continue;
      }
      if (depth === 0 && CLAUSE_AFTER_SELECT_LIST.has(token.text.toUpperCase())) break;
      if (token.text === '(' || token.text === '[') depth++;
      if (token.text === ')' || token.text === ']') depth--;
      end = token.end;
    }
    return [start, end];
  });
}

/**
 * A view definition (pg_get_viewdef output) without the select-list entries that are just the dropped column, so the
 * view can be recreated after DROP COLUMN. Anything subtler (the column in WHERE, JOIN, an expression, a set operation)
 * is refused: rewriting logic is the user's decision, not ours.
 */
export function removeColumnFromView(definition: string, table: string, column: string, unusedOk = false): ViewRewrite {
  const bytes = Buffer.from(definition, 'utf8');
  const stmt = parseSync(definition).stmts?.[0]?.stmt as Node | undefined;
  const select = stmt?.SelectStmt as Node | undefined;
  if (!select || (select.op !== undefined && select.op !== 'SETOP_NONE')) return { ok: false, reason: 'it is not a simple SELECT' };
  const targets = (select.targetList as { ResTarget: Node & { location: number } }[]) ?? [];
  const aliases = new Set<string>();
  for (const from of columnRangeVars(select.fromClause)) if (from.relname === table) aliases.add(from.alias ?? table);
  const drop = targets.map((t) => {
    const ref = (t.ResTarget.val as Node | undefined)?.ColumnRef as { fields: { String?: { sval: string } }[] } | undefined;
    if (!ref) return false;
    const names = ref.fields.map((f) => f.String?.sval);
    return names[names.length - 1] === column && (names.length === 1 || aliases.has(names[names.length - 2] ?? ''));
  });
  const removed = drop.filter(Boolean).length;
  // A view on a rewritten view may not read the lost column at all: then it is recreated as it was.
  if (unusedOk && columnRefsNaming(select, column).length === 0) return { ok: true, definition, removed: [] };
  if (removed === 0 || columnRefsNaming(select, column).length > removed) return { ok: false, reason: `it uses ${column} outside its select list` };
  if (removed === targets.length) return { ok: false, reason: `${column} is its only output column` };
  const spans = targetSpans(bytes, targets.map((t) => t.ResTarget.location));
  const kept = spans.filter((_, i) => !drop[i]).map(([s, e]) => bytes.subarray(s, e).toString('utf8'));
  const head = bytes.subarray(0, spans[0][0]).toString('utf8');
  const tail = bytes.subarray(spans[spans.length - 1][1]).toString('utf8');
  const outputs = targets.filter((_, i) => drop[i]).map((t) => (t.ResTarget.name as string | undefined) ?? column);
  return { ok: true, definition: head + kept.join(',\n    ') + tail, removed: outputs };
}

function columnRangeVars(node: unknown, found: { relname: string; alias?: string }[] = []): { relname: string; alias?: string }[] {
  if (Array.isArray(node)) for (const item of node) columnRangeVars(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Node;
    const rv = record.RangeVar as { relname: string; alias?: { aliasname: string } } | undefined;
    if (rv) found.push({ relname: rv.relname, alias: rv.alias?.aliasname });
    for (const value of Object.values(record)) columnRangeVars(value, found);
  }
  return found;
}

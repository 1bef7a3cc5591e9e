import { createHash } from 'node:crypto';
import { parsePlPgSQLSync, scanSync } from 'libpg-query';
import type { Decision, ResolvedColumn } from './model.js';
import { RESERVED_KEYWORD_KIND } from './keywords.js';
import { quoteIdent, quoteLiteral } from './quote.js';
import { lookupSchemas, relationResolver } from './search-path.js';
import { assertion, columnLabel } from './snippets.js';
import type { SqlSession } from './session.js';

/** A function whose stored body names a renamed column: up.sql re-creates it with the new name, down.sql with the old. */
export interface FunctionRewrite {
  /** `schema.name(argtypes)` as regprocedure prints it. */
  readonly name: string;
  readonly language: string;
  /** pg_get_functiondef output: CREATE OR REPLACE keeps owner, grants, comments and the triggers that call it. */
  readonly original: string;
  readonly rewritten: string;
  readonly originalMd5: string;
  readonly rewrittenMd5: string;
}

export interface BodyPlan {
  readonly rewrites: readonly FunctionRewrite[];
  readonly blockers: readonly string[];
  readonly warnings: readonly string[];
  /** Functions dealt with here, so the text heuristic does not warn about them again. */
  readonly handled: ReadonlySet<string>;
}

interface DecidedColumn extends ResolvedColumn {
  readonly decision: Decision;
}

interface FunctionRow {
  schema: string;
  name: string;
  language: string;
  source: string;
  definition: string;
  arg_names: string[];
  trigger_tables: string[];
  arg_tables: string[];
  /** The function's own `SET search_path`, if it has one. */
  search_path: string | null;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** An identifier token's value as PostgreSQL folds it, or undefined for anything else (strings, comments, operators). */
function identifierValue(token: { text: string; tokenName: string; keywordKind: number }): string | undefined {
  if (token.text.startsWith('"')) return token.text.slice(1, -1).replace(/""/g, '"');
  if (token.tokenName === 'IDENT' || token.keywordKind !== 0) return token.text.toLowerCase();
  return undefined;
}

/**
 * `keyword`: an unquoted SQL keyword that is not a qualified name's part (`s.day` is the column, `extract(day FROM
 * ts)` and `interval '1' day` are not): the scanner cannot tell which it is, so a body naming a decided column that
 * way is refused rather than rewritten. A reserved keyword (`select`, `user`) names a column only after a dot.
 */
interface Token { start: number; end: number; value?: string; keyword?: boolean; qualifier?: string }

/**
 * Whether each token stands where a function or a type is named, never a column, whatever its spelling (graphile
 * starter's and PostgREST's schemas have columns named `count`, `date` and `uuid`): before `(` (`count(*)`), after
 * `::` (`'2020-01-01'::date`), after `AS` inside `CAST(` (`CAST(x AS date)`), and a declaration's type in a PL/pgSQL
 * `DECLARE` section (`v_id uuid;`, `n CONSTANT date := ...`), which runs from DECLARE to its BEGIN. A name after INTO
 * or COPY is a relation even before `(`: that is its column list (`INSERT INTO person_content (comment_id, creator_id)`),
 * and the relation must count as named for a column of the same name there to make the body ambiguous.
 */
function functionOrTypePositions(scanned: readonly { text: string }[]): boolean[] {
  const word = (i: number) => scanned[i]?.text.toLowerCase();
  const casts: boolean[] = [];
  let declaring = false;
  return scanned.map((t, i) => {
    const text = t.text.toLowerCase();
    if (text === '(') casts.push(word(i - 1) === 'cast' || word(i - 1) === 'treat');
    else if (text === ')') casts.pop();
    if (text === 'declare') declaring = true;
    else if (text === 'begin') declaring = false;
    const relationWithColumnList = word(i - 1) === 'into' || word(i - 1) === 'copy';
    if ((word(i + 1) === '(' && !relationWithColumnList) || word(i - 1) === '::') return true;
    if (word(i - 1) === 'as' && casts.at(-1) === true) return true;
    const declarationStart = (j: number) => j < 0 || word(j) === ';' || word(j) === 'declare';
    return declaring && (declarationStart(i - 2) || (word(i - 1) === 'constant' && declarationStart(i - 3)));
  });
}

function tokensOf(source: string): Token[] {
  const scanned = scanSync(source).tokens;
  const functionOrType = functionOrTypePositions(scanned);
  return scanned.map((t, i) => {
    const value = identifierValue(t);
    const qualified = i > 0 && scanned[i - 1].text === '.';
    if (value !== undefined && !t.text.startsWith('"') && !qualified && functionOrType[i]) return { start: t.start, end: t.end };
    if (qualified) {
      const qualifier = i > 1 ? identifierValue(scanned[i - 2]) : undefined;
      return { start: t.start, end: t.end, value, ...(qualifier === undefined ? {} : { qualifier }) };
    }
    if (value === undefined || t.keywordKind === 0 || t.text.startsWith('"')) return { start: t.start, end: t.end, value };
    if (t.keywordKind === RESERVED_KEYWORD_KIND) return { start: t.start, end: t.end };
    return { start: t.start, end: t.end, value, keyword: true };
  });
}

/** PL/pgSQL that builds SQL at run time cannot be read for column names; also returns the declared variable names. */
function plpgsqlFacts(definition: string): { dynamic: boolean; variables: Set<string> } | undefined {
  try {
    const parsed = JSON.stringify(parsePlPgSQLSync(definition));
    const variables = new Set([...parsed.matchAll(/"refname":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string));
    return { dynamic: /PLpgSQL_stmt_dynexecute|PLpgSQL_stmt_dynfors|"dynquery"/.test(parsed), variables };
  } catch {
    return undefined;
  }
}

const tableKey = (c: ResolvedColumn) => `${c.table.schema}.${c.table.name}`;

/**
 * Reads every PL/pgSQL and SQL-language body (BEGIN ATOMIC bodies are tracked by PostgreSQL and follow by themselves)
 * with the SQL scanner, so strings and comments are never touched. A body that names a decided column exactly, and
 * names its table (or is a trigger on it), is rewritten when that is unambiguous: the name is renamed, not dropped,
 * no other relation the body names has a column of that name, and no variable or parameter shares it. Anything else
 * is a blocker naming the function, or a warning when the user takes the manual step (`manual`).
 *
 * A relation the body names unqualified is the one PostgreSQL finds when the function runs: on the function's own
 * `SET search_path`, else on the caller's, which renamer cannot see; `searchPath` stands for it, the setting of the
 * session renamer was started in (on a server, the database's and role's default, which the application's
 * connections get too; PGlite's is `"$user", public`). A function in another schema (Lemmy keeps its triggers in `r`)
 * reads `post` from public like any caller would. A column qualified by another relation's name (`post.creator_id`)
 * is never the decided one, and a decided table's name that no path finds leaves the reading to the caller: refused.
 */
export async function planFunctionBodies(db: SqlSession, columns: readonly DecidedColumn[], manual: boolean, searchPath = '"$user", public'): Promise<BodyPlan> {
  const decided = columns.filter((c) => c.decision.action !== 'keep');
  const empty: BodyPlan = { rewrites: [], blockers: [], warnings: [], handled: new Set() };
  if (decided.length === 0) return empty;
  const names = [...new Set(decided.map((c) => c.column))];
  const functions = await db.query<FunctionRow>(
    `SELECT n.nspname AS schema, p.oid::regprocedure::text AS name, l.lanname AS language, p.prosrc AS source, pg_get_functiondef(p.oid) AS definition,
            COALESCE(p.proargnames, '{}')::text[] AS arg_names,
            ARRAY(SELECT DISTINCT tn.nspname || '.' || tc.relname FROM pg_trigger t JOIN pg_class tc ON tc.oid = t.tgrelid
                    JOIN pg_namespace tn ON tn.oid = tc.relnamespace WHERE t.tgfoid = p.oid)::text[] AS trigger_tables,
            ARRAY(SELECT DISTINCT an.nspname || '.' || ac.relname FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[])) AS at(typ)
                    JOIN pg_class ac ON ac.reltype = at.typ AND ac.relkind IN ('r', 'p', 'v', 'm', 'f')
                    JOIN pg_namespace an ON an.oid = ac.relnamespace)::text[] AS arg_tables,
            (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) AS pc(c) WHERE c LIKE 'search\\_path=%') AS search_path
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND l.lanname IN ('plpgsql', 'sql')
        AND p.prokind IN ('f', 'p') AND p.prosqlbody IS NULL
      ORDER BY 1`,
  );
  // Every other relation column that shares a decided name: a body naming that relation too is ambiguous.
  const others = await db.query<{ schema: string; relation: string; column: string }>(
    `SELECT n.nspname AS schema, c.relname AS relation, a.attname AS column
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
    [names],
  );
  const decidedKeys = new Set(decided.map((c) => `${tableKey(c)}.${c.column}`));
  const otherColumns = others.filter((o) => !decidedKeys.has(`${o.schema}.${o.relation}.${o.column}`));
  const [{ user }] = await db.query<{ user: string }>('SELECT current_user::text AS user');
  const resolve = await relationResolver(db, [...decided.map((c) => c.table.name), ...otherColumns.map((o) => o.relation)]);
  const rewrites: FunctionRewrite[] = [];
  const blockers: string[] = [];
  const warnings: string[] = [];
  const handled = new Set<string>();
  const refuse = (fn: string, reason: string) => {
    handled.add(fn);
    if (manual) warnings.push(`function ${fn} ${reason}; update it by hand in the same deploy (--manual-functions)`);
    else blockers.push(`function ${fn} ${reason}; renamer cannot rewrite it safely: update it by hand, then pass --manual-functions`);
  };

  for (const fn of functions) {
    const source = fn.source ?? '';
    let tokens: Token[];
    try {
      tokens = tokensOf(source);
    } catch {
      continue;
    }
    const named = new Set(tokens.map((t) => t.value).filter((v): v is string => v !== undefined));
    // A trigger's table, and a table whose row type is a parameter's (`computed(p projects)` reading `p.client_id`, `$1.client_id`).
    const triggerTables = new Set([...fn.trigger_tables, ...fn.arg_tables]);
    const mentions = names.filter((n) => named.has(n));
    const inText = names.filter((n) => source.toLowerCase().includes(n.toLowerCase()));
    if (inText.length === 0) continue;
    const plpgsql = fn.language === 'plpgsql' ? plpgsqlFacts(fn.definition) : undefined;
    const path = lookupSchemas(fn.search_path ?? searchPath, user);
    // Without its own SET search_path, a function is often written for its schema and called with it first on the
    // path (a schema per tenant): a relation of that name there is a candidate too, so either reading counts.
    const candidates = (relation: string) =>
      [resolve(path, relation), fn.search_path === null ? resolve([fn.schema], relation) : undefined].filter((r): r is string => r !== undefined);
    // SQL built at run time may name the column inside a string, where no scanner can tell it from data.
    if (plpgsql?.dynamic) {
      const text = source.toLowerCase();
      const seen = (c: DecidedColumn) =>
        inText.includes(c.column) && text.includes(c.table.name.toLowerCase()) && (c.table.schema === fn.schema || text.includes(c.table.schema.toLowerCase()));
      const columns = decided.filter(seen).map((c) => columnLabel(c.table, c.column));
      if (columns.length > 0) {
        refuse(fn.name, `builds SQL at run time (EXECUTE) and its text mentions ${[...new Set(columns)].join(', ')}`);
        continue;
      }
    }
    if (mentions.length === 0) continue;
    // A relation counts when the body names it: schema-qualified, or unqualified and found first on the search path.
    const namedRelations = new Set<string>();
    for (const t of tokens) {
      if (t.value === undefined) continue;
      if (t.qualifier !== undefined) namedRelations.add(`${t.qualifier}.${t.value}`);
      else for (const relation of candidates(t.value)) namedRelations.add(relation);
    }
    const unqualifiedNames = new Set(tokens.filter((t) => t.qualifier === undefined && t.value !== undefined).map((t) => t.value!));
    const relevant = (table: string) => triggerTables.has(table) || namedRelations.has(table);
    // `post.creator_id` is post's column whatever post resolves to: never the decided table's under another name.
    const qualifiersOf = (column: string) => new Set(tokens.filter((t) => t.value === column && t.qualifier !== undefined).map((t) => t.qualifier!));
    const edits = new Map<string, string>();
    let refused = false;
    for (const column of mentions) {
      const here = decided.filter((c) => c.column === column && relevant(tableKey(c)));
      if (here.length === 0) {
        // The body names the column and a decided table's name, but the path finds no relation of that name: the
        // caller's search_path decides, and renamer cannot tell whether the body reads the decided column.
        const unresolved = decided.filter((c) => c.column === column && unqualifiedNames.has(c.table.name) && candidates(c.table.name).length === 0);
        if (unresolved.length === 0) continue;
        refuse(fn.name, `names ${unresolved.map((c) => columnLabel(c.table, c.column)).join(', ')} with its table unqualified, and no relation of that name is on its search_path (${path.join(', ')}): renamer cannot tell which table it reads (give the function SET search_path, or qualify the table)`);
        refused = true;
        continue;
      }
      const label = here.map((c) => columnLabel(c.table, c.column)).join(', ');
      const decidedNames = new Set(here.map((c) => c.table.name));
      const qualifiers = qualifiersOf(column);
      const clash = otherColumns.filter((o) => o.column === column && (relevant(`${o.schema}.${o.relation}`) || (qualifiers.has(o.relation) && !decidedNames.has(o.relation))));
      const targets = new Set(here.map((c) => (c.decision.action === 'rename' ? c.decision.to! : '\0drop')));
      if (fn.language === 'plpgsql' && !plpgsql) refuse(fn.name, `names ${label}, and its body could not be parsed`);
      else if (here.some((c) => c.decision.action === 'drop')) refuse(fn.name, `reads ${label}, which the plan drops`);
      else if (clash.length > 0) refuse(fn.name, `names ${column}, which is a column of ${label} and also of ${clash.map((o) => `${quoteIdent(o.schema)}.${quoteIdent(o.relation)}`).join(', ')}`);
      else if (targets.size > 1) refuse(fn.name, `names ${column}, which the plan renames differently on ${label}`);
      else if (fn.arg_names.includes(column) || plpgsql?.variables.has(column)) refuse(fn.name, `has a parameter or variable named ${column} besides ${label}`);
      else if (tokens.some((t) => t.keyword && t.value === column)) refuse(fn.name, `names ${label} unqualified, and ${column} is also an SQL keyword (extract(${column} FROM ...), interval '1' ${column}): renamer cannot tell the column from the keyword`);
      else {
        edits.set(column, [...targets][0]);
        continue;
      }
      refused = true;
    }
    if (refused || edits.size === 0) continue;
    const bytes = Buffer.from(source, 'utf8');
    let out = '';
    let at = 0;
    for (const t of tokens) {
      const to = t.value === undefined ? undefined : edits.get(t.value);
      if (to === undefined) continue;
      out += bytes.subarray(at, t.start).toString('utf8') + quoteIdent(to);
      at = t.end;
    }
    const rewrittenSource = out + bytes.subarray(at).toString('utf8');
    const where = fn.definition.lastIndexOf(source);
    if (where < 0) {
      refuse(fn.name, 'has a definition renamer cannot locate its body in');
      continue;
    }
    handled.add(fn.name);
    rewrites.push({
      name: fn.name,
      language: fn.language,
      original: fn.definition,
      rewritten: fn.definition.slice(0, where) + rewrittenSource + fn.definition.slice(where + source.length),
      originalMd5: md5(source),
      rewrittenMd5: md5(rewrittenSource),
    });
  }
  return { rewrites, blockers, warnings, handled };
}

const currentSource = (fn: FunctionRewrite) =>
  `(SELECT pg_catalog.md5(prosrc) FROM pg_catalog.pg_proc WHERE oid = pg_catalog.to_regprocedure(${quoteLiteral(fn.name)}))`;

/** CREATE OR REPLACE with the rewritten (up) or original (down) definition; running it twice changes nothing. */
export const replaceFunctionStatement = (fn: FunctionRewrite, phase: 'up' | 'down'): string =>
  `${(phase === 'up' ? fn.rewritten : fn.original).trimEnd()};`;

export function functionBodyAssertion(fn: FunctionRewrite, phase: 'up' | 'down'): string {
  const md5sum = phase === 'up' ? fn.rewrittenMd5 : fn.originalMd5;
  return assertion(`${currentSource(fn)} = ${quoteLiteral(md5sum)}`, `function ${fn.name} does not have its ${phase === 'up' ? 'rewritten' : 'original'} body`);
}

import { scanSync } from 'libpg-query';
import type { Decision, ResolvedColumn } from './model.js';
import { quoteQualified } from './quote.js';
import type { SqlSession } from './session.js';
import { columnLabel } from './snippets.js';

interface DecidedColumn extends ResolvedColumn {
  readonly decision: Decision;
}

export interface ViewSqlTextPlan {
  readonly blockers: readonly string[];
  readonly warnings: readonly string[];
}

/** A string constant's value as the scanner hands it over: '...' (with '' for a quote), E'...' or $tag$...$tag$. */
function stringValue(text: string): string | undefined {
  const dollar = /^(\$[^$]*\$)([\s\S]*)\1$/.exec(text);
  if (dollar) return dollar[2];
  const quoted = /^[eE]?'([\s\S]*)'$/.exec(text);
  return quoted ? quoted[1].replace(/''/g, "'") : undefined;
}

/** Per string constant of a definition that scans as SQL, its identifiers (folded as PostgreSQL folds them). */
function identifiersInStrings(definition: string): Set<string>[] {
  let tokens;
  try {
    tokens = scanSync(definition).tokens;
  } catch {
    return [];
  }
  const out: Set<string>[] = [];
  for (const t of tokens) {
    if (t.tokenName !== 'SCONST' && t.tokenName !== 'USCONST') continue;
    const value = stringValue(t.text);
    if (value === undefined) continue;
    const names = new Set<string>();
    try {
      for (const inner of scanSync(value).tokens) {
        if (inner.text.startsWith('"')) names.add(inner.text.slice(1, -1).replace(/""/g, '"'));
        else if (inner.tokenName === 'IDENT' || inner.keywordKind !== 0) names.add(inner.text.toLowerCase());
      }
    } catch {
      // Not SQL (a label, a format string): nothing a function could run.
    }
    out.push(names);
  }
  return out;
}

/**
 * Views and materialized views that hand SQL text to a function (crosstab('SELECT ... FROM people'), query_to_xml):
 * PostgreSQL records no dependency on what the text reads, so a rename or drop of a column it names leaves the view
 * failing at every read (AdventureWorks' vSalesPersonSalesByFiscalYears). Like a function body that builds SQL at
 * run time, such a view is refused when its text names the decided column and its table, or warned about when the
 * user takes the manual step (`manual`).
 */
export async function planViewSqlText(db: SqlSession, columns: readonly DecidedColumn[], manual: boolean): Promise<ViewSqlTextPlan> {
  const decided = columns.filter((c) => c.decision.action !== 'keep');
  if (decided.length === 0) return { blockers: [], warnings: [] };
  const views = await db.query<{ schema: string; name: string; relkind: string; definition: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, pg_catalog.pg_get_viewdef(c.oid) AS definition
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const blockers: string[] = [];
  const warnings: string[] = [];
  for (const view of views) {
    if (!/'|\$/.test(view.definition)) continue;
    const strings = identifiersInStrings(view.definition);
    // The column and its table in one string: a query; either alone ('fullname' AS label) is data.
    const mentioned = decided.filter((c) => strings.some((named) => named.has(c.column) && named.has(c.table.name))).map((c) => columnLabel(c.table, c.column));
    if (mentioned.length === 0) continue;
    const what = `${view.relkind === 'm' ? 'materialized view' : 'view'} ${quoteQualified(view)} passes SQL text that mentions ${[...new Set(mentioned)].join(', ')} to a function (PostgreSQL does not track what the text reads)`;
    if (manual) warnings.push(`${what}; update it by hand in the same deploy (--manual-functions)`);
    else blockers.push(`${what}; renamer cannot rewrite it safely: update it by hand, then pass --manual-functions`);
  }
  return { blockers, warnings };
}

import type { RecreatedView } from './analyze.js';
import { grantLabel, grantStatements, relationHasGrant, roleOid, roleSql } from './grants.js';
import { quoteIdent, quoteLiteral, quoteQualified, regclassLiteral } from './quote.js';
import { assertion, columnExists, ifNotExists, ifThen, relationExists } from './snippets.js';

const kindOf = (view: RecreatedView) => (view.materialized ? 'MATERIALIZED VIEW' : 'VIEW');

/**
 * The statements that recreate a view exactly as it was: definition, reloptions (security_barrier, check_option,
 * storage parameters), owner, ACL, comments, column grants, INSTEAD OF triggers and, for a materialized view, its
 * populated state and indexes. Column-level items are guarded by the column's existence, since up.sql recreates the
 * view without the dropped column.
 */
export function createViewStatements(view: RecreatedView, definition: string): string[] {
  const name = quoteQualified(view);
  const kind = kindOf(view);
  const body = definition.trim().replace(/;$/, '');
  const options = view.options.length > 0 ? ` WITH (${view.options.join(', ')})` : '';
  const data = view.materialized && !view.populated ? ' WITH NO DATA' : '';
  const lines = [`CREATE ${kind} ${name}${options} AS ${body}${data};`];
  if (!view.ownerIsCurrent) lines.push(`ALTER ${kind} ${name} OWNER TO ${quoteIdent(view.owner)};`);
  if (view.acl) {
    // The new view starts with the default ACL: clear the owner's implicit privileges so the ACL ends up exactly as captured.
    lines.push(`REVOKE ALL ON TABLE ${name} FROM ${roleSql(view.owner, view.ownerIsCurrent)};`, ...grantStatements(view.acl, `TABLE ${name}`));
  }
  if (view.comment !== undefined) lines.push(`COMMENT ON ${kind} ${name} IS ${quoteLiteral(view.comment)};`);
  const ifColumn = (column: string, stmts: string[]) => ifThen(columnExists(view, column), stmts);
  for (const c of view.columnComments) lines.push(...ifColumn(c.column, [`COMMENT ON COLUMN ${name}.${quoteIdent(c.column)} IS ${quoteLiteral(c.comment)};`]));
  for (const c of view.columnGrants) lines.push(...ifColumn(c.column, grantStatements(c.grants, `TABLE ${name}`, c.column)));
  for (const t of view.triggers) lines.push(`${t.definition};`);
  for (const index of view.indexes) {
    const create = `${ifNotExists(index.definition)};`;
    lines.push(...(index.columns.length > 0 ? ifThen(index.columns.map((c) => columnExists(view, c)).join(' AND '), [create]) : [create]));
  }
  return lines;
}

export const dropViewStatement = (view: RecreatedView): string => `DROP ${kindOf(view)} IF EXISTS ${quoteQualified(view)};`;

/**
 * Post-check assertions that a recreated view got back what DROP VIEW took. After up.sql an index of a materialized
 * view counts as lost only while every column it uses still exists.
 */
export function viewAssertions(view: RecreatedView, phase: 'up' | 'down'): string[] {
  const name = quoteQualified(view);
  const oid = `to_regclass(${regclassLiteral(view)})`;
  const out = [assertion(relationExists(view), `view ${name} was not recreated`)];
  out.push(assertion(`(SELECT relowner FROM pg_catalog.pg_class WHERE oid = ${oid}) = ${roleOid(view.owner, view.ownerIsCurrent)}`, `view ${name} is not owned by ${roleSql(view.owner, view.ownerIsCurrent)}`));
  for (const g of view.acl ?? []) out.push(assertion(relationHasGrant(oid, g), `view ${name} lost its grant of ${grantLabel(g)}`));
  if (view.materialized) {
    out.push(assertion(`(SELECT relispopulated FROM pg_catalog.pg_class WHERE oid = ${oid}) = ${view.populated}`, `materialized view ${name} is ${view.populated ? 'not ' : ''}populated`));
    for (const index of view.indexes) {
      const exists = relationExists({ schema: index.schema, name: index.name });
      const kept = phase === 'up' && index.columns.length > 0 ? `NOT (${index.columns.map((c) => columnExists(view, c)).join(' AND ')}) OR ` : '';
      out.push(assertion(`${kept}${exists}`, `index ${quoteIdent(index.name)} on materialized view ${name} was not recreated`));
    }
  }
  for (const t of view.triggers) {
    out.push(assertion(`EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = ${oid} AND tgname = ${quoteLiteral(t.name)})`, `trigger ${quoteIdent(t.name)} on view ${name} was not recreated`));
  }
  return out;
}

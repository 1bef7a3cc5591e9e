import type { ColumnPlan, MigrationModel } from './analyze.js';
import { captureTriggerExists, leftoverStatements } from './backup-capture.js';
import { renamedObjects } from './generate-up.js';
import { nameAfterUp } from './object-renames.js';
import { quoteIdent, quoteLiteral, quoteQualified, regclassLiteral } from './quote.js';
import { identityRestored } from './identity.js';
import { functionBodyAssertion } from './function-bodies.js';
import { viewAssertions } from './view-restore.js';
import { assertion, columnExists, columnLabel, constraintExists, doBlock, ifThen, relationExists, statisticsExists } from './snippets.js';

/** Read-only queries that show what the migration will touch: non-null rows, dependents, free backup names. */
export function preCheckStatements(model: MigrationModel): string[] {
  const out: string[] = [];
  for (const { facts, decision, backup } of model.columns) {
    const attnum = `(SELECT attnum FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${regclassLiteral(facts.table)}) AND attname = ${quoteLiteral(facts.column)} AND NOT attisdropped)`;
    const dependents = `(SELECT coalesce(string_agg(DISTINCT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), '; '), '') FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = to_regclass(${regclassLiteral(facts.table)}) AND d.refobjsubid = ${attnum})`;
    const nonNull = decision.action === 'drop' ? `(SELECT count(*) FROM ${quoteQualified(facts.table)} WHERE ${quoteIdent(facts.column)} IS NOT NULL)` : 'NULL::bigint';
    const free = backup ? `NOT ${relationExists(backup)}` : 'NULL::boolean';
    out.push(
      `SELECT ${quoteLiteral(columnLabel(facts.table, facts.column))} AS "column", ${quoteLiteral(decision.action)} AS action, ${nonNull} AS non_null_rows, ${dependents} AS dependents, ${free} AS backup_name_free;`,
    );
  }
  return out;
}

/** Assertions after up.sql: every decision took effect and nothing that depended on the columns was lost. */
export function postCheckStatements(model: MigrationModel): string[] {
  const out: string[] = [];
  for (const plan of model.columns) {
    const { facts, decision } = plan;
    const label = columnLabel(facts.table, facts.column);
    if (decision.action === 'drop') {
      out.push(assertion(`NOT ${columnExists(facts.table, facts.column)}`, `${label} still exists`));
      if (plan.backup) out.push(assertion(relationExists(plan.backup), `backup table ${quoteQualified(plan.backup)} is missing`));
      if (plan.capture) out.push(captureGone(plan));
    } else if (decision.action === 'rename') {
      out.push(assertion(`NOT ${columnExists(facts.table, facts.column)}`, `${label} still exists after its rename`));
      out.push(assertion(columnExists(facts.table, decision.to!), `${columnLabel(facts.table, decision.to!)} does not exist`));
      for (const o of renamedObjects(plan, model.columns)) {
        const target = { schema: o.schema, name: o.to };
        const exists = o.kind === 'constraint' ? constraintExists(o.table ?? facts.table, o.to) : o.kind === 'statistics' ? statisticsExists(target) : relationExists(target);
        out.push(assertion(exists, `${o.kind} ${quoteIdent(o.to)} (renamed from ${quoteIdent(o.from)}) is missing`));
      }
    } else {
      out.push(assertion(columnExists(facts.table, facts.column), `kept column ${label} is gone`));
    }
    if (decision.action !== 'drop') {
      for (const index of plan.deps.indexes) {
        const name = nameAfterUp(plan, model.columns, index.name);
        out.push(assertion(relationExists({ schema: index.schema, name }), `index ${quoteIdent(name)} on ${label} was lost`));
      }
    }
    for (const view of plan.deps.views) out.push(assertion(relationExists(view), `view ${quoteQualified(view)} was lost`));
  }
  for (const view of model.views) out.push(...viewAssertions(view, 'up'));
  out.push(...functionAssertions(model, 'up'));
  return dedupe(out);
}

/** Assertions after down.sql: the schema is back as it was, and dropped values are back from their backups. */
export function postDownCheckStatements(model: MigrationModel): string[] {
  const out: string[] = [];
  for (const plan of model.columns) {
    const { facts, decision } = plan;
    const label = columnLabel(facts.table, facts.column);
    out.push(assertion(columnExists(facts.table, facts.column), `${label} is missing after down`));
    if (decision.action === 'rename') out.push(assertion(`NOT ${columnExists(facts.table, decision.to!)}`, `${columnLabel(facts.table, decision.to!)} still exists after down`));
    if (decision.action === 'drop') {
      // The type itself and its modifier: format_type() text leaves out the schema of a type on the session's
      // search_path (`mood` for public.mood), and regtype input ignores a modifier (varchar(12) reads as varchar).
      const typeOk = `(SELECT atttypid = ${quoteLiteral(facts.type)}::pg_catalog.regtype AND atttypmod = ${facts.typmod} AND attnotnull = ${facts.notNull} FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${regclassLiteral(facts.table)}) AND attname = ${quoteLiteral(facts.column)} AND NOT attisdropped)`;
      out.push(assertion(typeOk, `${label} is not ${facts.type}${facts.notNull ? ' NOT NULL' : ''} after down`));
      // down.sql drops its backup only once every row of it is back, so a backup still there means values are missing.
      if (plan.backup && facts.restoreKey.length > 0) out.push(assertion(`NOT ${relationExists(plan.backup)}`, `${label}: some values were not restored; they stay in ${quoteQualified(plan.backup)}`));
      if (plan.capture) out.push(captureGone(plan));
      const identity = identityRestored(facts);
      if (identity) out.push(assertion(identity, `${label} is not an identity again, or its sequence is behind the restored values`));
      for (const c of plan.deps.constraints) out.push(assertion(constraintExists(c.table, c.name), `constraint ${quoteIdent(c.name)} on ${quoteQualified(c.table)} is missing after down`));
      for (const t of plan.deps.triggers) out.push(assertion(`EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = to_regclass(${regclassLiteral(facts.table)}) AND tgname = ${quoteLiteral(t.name)})`, `trigger ${quoteIdent(t.name)} is missing after down`));
    }
    for (const index of plan.deps.indexes) {
      const valid = `EXISTS (SELECT 1 FROM pg_catalog.pg_index WHERE indexrelid = to_regclass(${regclassLiteral({ schema: index.schema, name: index.name })}) AND indisvalid)`;
      out.push(assertion(valid, `index ${quoteIdent(index.name)} is missing or invalid after down (a failed CREATE INDEX CONCURRENTLY: drop it and run down.sql again)`));
    }
    for (const view of plan.deps.views) out.push(assertion(relationExists(view), `view ${quoteQualified(view)} is missing after down`));
  }
  for (const view of model.views) out.push(...viewAssertions(view, 'down'));
  out.push(...functionAssertions(model, 'down'));
  return dedupe(out);
}

/** Drops the backups (and serial sequences kept for down.sql) once the way back is no longer needed. */
export function cleanupStatements(model: MigrationModel): string[] {
  const out: string[] = [];
  for (const plan of model.columns) {
    if (plan.decision.action !== 'drop') continue;
    const { facts } = plan;
    const body: string[] = [];
    if (plan.backup) body.push(`DROP TABLE IF EXISTS ${quoteQualified(plan.backup)};`);
    for (const seq of plan.deps.ownedSequences.filter((s) => !s.identity)) body.push(`DROP SEQUENCE IF EXISTS ${quoteQualified(seq)};`);
    // Only while the column is gone: after down.sql the sequence belongs to the column again.
    if (body.length > 0) out.push(doBlock(ifThen(`NOT ${columnExists(facts.table, facts.column)}`, body)));
    out.push(...leftoverStatements(plan));
  }
  return out;
}

const captureGone = (plan: ColumnPlan): string =>
  assertion(`NOT (${relationExists(plan.capture!.log)} OR ${captureTriggerExists(plan)})`, `renamer's capture trigger or its change log ${quoteQualified(plan.capture!.log)} is still there`);

function functionAssertions(model: MigrationModel, phase: 'up' | 'down'): string[] {
  const out = model.functionRewrites.map((fn) => functionBodyAssertion(fn, phase));
  for (const fn of model.atomicFunctions) {
    out.push(assertion(`pg_catalog.to_regprocedure(${quoteLiteral(fn.name)}) IS NOT NULL`, `function ${fn.name} was not re-created`));
  }
  return out;
}

const dedupe = (lines: string[]) => [...new Set(lines)];

import { InputError } from '../errors.js';
import { createMatcher, type Rename } from '../words/index.js';
import { analyze, type MigrationModel } from './analyze.js';
import { atomicFunctionsOn } from './atomic-functions.js';
import { planFunctionBodies } from './function-bodies.js';
import { planViewSqlText } from './view-sql-text.js';
import { columnDependencies } from './dependencies.js';
import { functionsMentioning } from './function-mentions.js';
import { downConcurrentStatements, downFinishSteps, downRestoreStatements, downStatements, irreversibleNotes } from './generate-down.js';
import { cleanupStatements, postCheckStatements, postDownCheckStatements, preCheckStatements } from './generate-checks.js';
import { backupStatements, upStatements } from './generate-up.js';
import { DEFAULT_TIMEOUTS, transactionSettings, type Timeouts } from './render.js';
import { columnFacts, findCandidates, resolveColumn, type Candidate } from './introspect.js';
import type { Decision } from './model.js';
import { quoteIdent, quoteQualified, type QualifiedName } from './quote.js';
import type { SqlSession } from './session.js';
import { loadSqlParser } from './view-rewrite.js';

export interface MigrationStatements {
  /** Everything before the schema change, as one list (the rehearsal and Alembic run it in their one transaction). */
  readonly backup: readonly string[];
  /**
   * The same, as up.sql commits it: the capture triggers, then the copies. The copy must start after the triggers
   * are committed, so that every write is either in its snapshot or in the change log.
   */
  readonly backupTransactions: readonly (readonly string[])[];
  readonly up: readonly string[];
  /** down's first transaction: catalog changes only (renames back, columns re-added without values, views). */
  readonly down: readonly string[];
  /** After it, outside any transaction: the values from the backups, each batch committed on its own. */
  readonly downRestore: readonly string[];
  /** Then, one statement at a time: CREATE INDEX CONCURRENTLY. */
  readonly downConcurrent: readonly string[];
  /** Then these transactions, each short: constraints NOT VALID, their validation, SET NOT NULL and the rest. */
  readonly downFinish: readonly (readonly string[])[];
  readonly preCheck: readonly string[];
  readonly postCheck: readonly string[];
  readonly postDownCheck: readonly string[];
  readonly cleanup: readonly string[];
}

export interface GeneratedMigration {
  readonly model: MigrationModel;
  readonly candidates: readonly Candidate[];
  /** Candidates (from --from/--to) the plan does not decide: reported, never guessed. */
  readonly undecided: readonly Candidate[];
  readonly irreversible: readonly string[];
  readonly statements: MigrationStatements;
  /** The SET LOCAL lines (lock and statement timeouts) every transaction of the migration starts with. */
  readonly settings: readonly string[];
  readonly timeouts: Timeouts;
}

export interface GenerateOptions {
  /** Function bodies renamer cannot rewrite are warnings (the user updates them by hand) instead of blockers. */
  readonly manualFunctions?: boolean;
  readonly timeouts?: Timeouts;
  /** Where dropped values are kept (default renamer_backup). */
  readonly backupSchema?: string;
}

/**
 * A parent's row trigger does not fire for rows of its INHERITS children (partitions get a clone), and no statement
 * trigger reaches a descendant truncated on its own: the capture needs their names.
 */
async function withDescendants(db: SqlSession, model: MigrationModel): Promise<MigrationModel> {
  const columns = [];
  for (const c of model.columns) {
    if (!c.capture) {
      columns.push(c);
      continue;
    }
    const rows = await db.query<{ schema: string; name: string; partition: boolean }>(
      `WITH RECURSIVE tree(relid) AS (
         SELECT inhrelid FROM pg_catalog.pg_inherits WHERE inhparent = $1
         UNION SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.relid)
       SELECT n.nspname AS schema, c.relname AS name, c.relispartition AS partition
         FROM tree JOIN pg_catalog.pg_class c ON c.oid = tree.relid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') ORDER BY 1, 2`,
      [c.facts.tableOid],
    );
    const name = ({ schema, name }: QualifiedName): QualifiedName => ({ schema, name });
    columns.push({ ...c, capture: { ...c.capture, children: rows.filter((r) => !r.partition).map(name), descendants: rows.map(name) } });
  }
  return { ...model, columns };
}

/** Introspects every decided column, then derives the migration, its rollback and its checks from the catalog. */
export async function generateMigration(db: SqlSession, decisions: readonly Decision[], renames: readonly Rename[] = [], options: GenerateOptions = {}): Promise<GeneratedMigration> {
  await loadSqlParser();
  const seen = new Map<string, Decision>();
  const newNames = new Map<string, Decision>();
  const resolved = [];
  for (const decision of decisions) {
    const column = await resolveColumn(db, decision.target, decision.origin);
    if (decision.action === 'drop' && (column.relkind === 'v' || column.relkind === 'm')) {
      throw new InputError(`${decision.origin}: "${decision.target.text}" is a view column; a view column cannot be dropped, only renamed or kept (rewrite the view to leave it out)`);
    }
    const key = `${column.tableOid}:${column.attnum}`;
    const previous = seen.get(key);
    if (previous) {
      throw new InputError(`the plan names ${quoteQualified(column.table)}.${quoteIdent(column.column)} twice ("${previous.target.text}" to ${previous.action} in ${previous.origin}, "${decision.target.text}" to ${decision.action} in ${decision.origin})`);
    }
    seen.set(key, decision);
    if (decision.action === 'rename') {
      const target = `${column.tableOid}:${decision.to}`;
      if (newNames.has(target)) throw new InputError(`${decision.origin}: ${quoteIdent(decision.to!)} is the new name of two columns of ${quoteQualified(column.table)}`);
      newNames.set(target, decision);
      const exists = await db.query(`SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attname = $2 AND NOT attisdropped`, [column.tableOid, decision.to]);
      if (exists.length > 0) throw new InputError(`${decision.origin}: cannot rename "${decision.target.text}" to ${quoteIdent(decision.to!)}: ${quoteQualified(column.table)} already has that column`);
    }
    resolved.push({ decision, column });
  }
  // Catalog text (view, index, constraint definitions, defaults) names relations relative to search_path; with only
  // pg_catalog on it, every name comes out schema-qualified, so the generated SQL means the same under any search_path.
  const [{ search_path: searchPath }] = await db.query<{ search_path: string }>(`SELECT pg_catalog.current_setting('search_path') AS search_path`);
  await db.query(`SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)`);
  const plans = [];
  const backupsTaken: string[] = [];
  let model: MigrationModel;
  try {
    const bodies = await planFunctionBodies(db, resolved.map(({ decision, column }) => ({ ...column, decision })), options.manualFunctions ?? false, searchPath);
    const viewTexts = await planViewSqlText(db, resolved.map(({ decision, column }) => ({ ...column, decision })), options.manualFunctions ?? false);
    for (const { decision, column } of resolved) {
      const functions = decision.action === 'keep' ? [] : (await functionsMentioning(db, column.column)).filter((f) => !bodies.handled.has(f.name));
      plans.push({ decision, facts: await columnFacts(db, column), deps: await columnDependencies(db, column), functions });
    }
    const analyzed = await withDescendants(db, analyze(plans, options.backupSchema));
    for (const c of analyzed.columns) {
      for (const [name, what] of [[c.backup, 'backup'], [c.capture?.log, 'change log']] as const) {
        if (name && (await db.query(`SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`, [name.schema, name.name])).length > 0) {
          backupsTaken.push(`the ${what} name ${quoteQualified(name)} for ${quoteQualified(c.facts.table)}.${quoteIdent(c.facts.column)} is taken (an earlier run's backup?): restore from it or drop it first`);
        }
      }
    }
    const atomic = await atomicFunctionsOn(db, analyzed.views);
    const schemaExists = await db.query(`SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1`, [analyzed.backupSchema]);
    model = {
      ...analyzed,
      createsBackupSchema: schemaExists.length === 0,
      functionRewrites: bodies.rewrites,
      atomicFunctions: atomic.functions,
      blockers: [...analyzed.blockers, ...bodies.blockers, ...viewTexts.blockers, ...atomic.blockers, ...backupsTaken],
      warnings: [...analyzed.warnings, ...bodies.warnings, ...viewTexts.warnings],
    };
  } finally {
    await db.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [searchPath]);
  }
  const backupTransactions = backupStatements(model);
  const candidates = renames.length > 0 ? await findCandidates(db, createMatcher(renames)) : [];
  const decided = new Set(model.columns.map((c) => `${c.facts.table.schema}.${c.facts.table.name}.${c.facts.column}`));
  const undecided = candidates.filter((c) => !decided.has(`${c.schema}.${c.table}.${c.column}`));
  return {
    model,
    candidates,
    undecided,
    irreversible: irreversibleNotes(model),
    settings: transactionSettings(options.timeouts),
    timeouts: options.timeouts ?? DEFAULT_TIMEOUTS,
    statements: {
      backup: backupTransactions.flat(),
      backupTransactions,
      up: upStatements(model),
      down: downStatements(model),
      downRestore: downRestoreStatements(model),
      downConcurrent: downConcurrentStatements(model),
      downFinish: downFinishSteps(model),
      preCheck: preCheckStatements(model),
      postCheck: postCheckStatements(model),
      postDownCheck: postDownCheckStatements(model),
      cleanup: cleanupStatements(model),
    },
  };
}

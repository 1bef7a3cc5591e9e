import { InputError } from '../errors.js';
import { createMatcher, type Rename } from '../words/index.js';
import { analyze, type MigrationModel } from './analyze.js';
import { columnDependencies } from './dependencies.js';
import { functionsMentioning } from './function-mentions.js';
import { downStatements, irreversibleNotes } from './generate-down.js';
import { cleanupStatements, postCheckStatements, postDownCheckStatements, preCheckStatements } from './generate-checks.js';
import { upStatements } from './generate-up.js';
import { columnFacts, findCandidates, resolveColumn, type Candidate } from './introspect.js';
import type { Decision } from './model.js';
import { quoteIdent, quoteQualified } from './quote.js';
import type { SqlSession } from './session.js';
import { loadSqlParser } from './view-rewrite.js';

export interface MigrationStatements {
  readonly up: readonly string[];
  readonly down: readonly string[];
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
}

/** Introspects every decided column, then derives the migration, its rollback and its checks from the catalog. */
export async function generateMigration(db: SqlSession, decisions: readonly Decision[], renames: readonly Rename[] = []): Promise<GeneratedMigration> {
  await loadSqlParser();
  const seen = new Map<string, Decision>();
  const newNames = new Map<string, Decision>();
  const resolved = [];
  for (const decision of decisions) {
    const column = await resolveColumn(db, decision.target, decision.origin);
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
  try {
    for (const { decision, column } of resolved) {
      plans.push({ decision, facts: await columnFacts(db, column), deps: await columnDependencies(db, column), functions: decision.action === 'keep' ? [] : await functionsMentioning(db, column.column) });
    }
  } finally {
    await db.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [searchPath]);
  }
  const model = analyze(plans);
  const candidates = renames.length > 0 ? await findCandidates(db, createMatcher(renames)) : [];
  const decided = new Set(model.columns.map((c) => `${c.facts.table.schema}.${c.facts.table.name}.${c.facts.column}`));
  const undecided = candidates.filter((c) => !decided.has(`${c.schema}.${c.table}.${c.column}`));
  return {
    model,
    candidates,
    undecided,
    irreversible: irreversibleNotes(model),
    statements: {
      up: upStatements(model),
      down: downStatements(model),
      preCheck: preCheckStatements(model),
      postCheck: postCheckStatements(model),
      postDownCheck: postDownCheckStatements(model),
      cleanup: cleanupStatements(model),
    },
  };
}

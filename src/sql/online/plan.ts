import { InputError } from '../../errors.js';
import type { ColumnPlan } from '../analyze.js';
import { BACKUP_SCHEMA } from '../analyze.js';
import { columnDependencies } from '../dependencies.js';
import { planFunctionBodies, type FunctionRewrite } from '../function-bodies.js';
import { planViewSqlText } from '../view-sql-text.js';
import { functionsMentioning } from '../function-mentions.js';
import { renamedObjects } from '../generate-up.js';
import { columnFacts, resolveColumn } from '../introspect.js';
import type { Decision } from '../model.js';
import { fitIdentifier, quoteIdent, quoteQualified } from '../quote.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../render.js';
import type { SqlSession } from '../session.js';
import { loadSqlParser } from '../view-rewrite.js';
import type { ViewDependency } from '../dependencies.js';
import type { OnlineMigration, OnlineRename, OnlineView } from './model.js';
import { renameColumnIn, twinIndexDefinition } from './rewrite.js';
import { sharedTwins } from './shared-twins.js';
import { loadStored } from './store.js';
import { isSyncFunction, syncTriggerName } from './triggers.js';
import { syncTriggerOrderProblems } from './trigger-order.js';
import { switchViewColumn } from './view-switch.js';

export interface OnlineOptions {
  readonly timeouts?: Timeouts;
  readonly backupSchema?: string;
  readonly manualFunctions?: boolean;
}

/**
 * Online mode handles renames; a drop decision is refused by name rather than silently left out. Old and new code
 * never disagree about a dropped column once the new code stopped reading it, so the plain migration is the online
 * one: its backup is taken without an exclusive lock and its ACCESS EXCLUSIVE lasts milliseconds (bench/sql-locks.mjs).
 */
function checkDecisions(decisions: readonly Decision[]): string[] {
  return decisions
    .filter((d) => d.action === 'drop')
    .map((d) => `${d.origin}: "${d.target.text}" is a drop; --online runs renames only. A drop needs no expand/contract: ship the code that no longer reads the column (renamer apply), then drop it with renamer sql without --online (the column is backed up first; the exclusive lock lasts milliseconds)`);
}

/**
 * The renames of the plan as the phases need them. A rename expand already recorded in the backup schema is taken
 * from there: after contract the old column is gone, and its down is built from what it was.
 */
export async function planOnline(db: SqlSession, decisions: readonly Decision[], options: OnlineOptions = {}): Promise<OnlineMigration> {
  await loadSqlParser();
  const backupSchema = options.backupSchema ?? BACKUP_SCHEMA;
  const stored = await loadStored(db, backupSchema);
  const blockers = checkDecisions(decisions);
  const warnings: string[] = [];
  // Without a plan (--status alone), the renames in flight are the ones expand recorded.
  const renames: OnlineRename[] = decisions.length === 0 ? [...stored] : [];
  /** Views that name an old column, per fresh rename: switched once all renames are known (a view may read several). */
  const viewsOf = new Map<OnlineRename, ViewDependency[]>();
  const columnPlans = new Map<OnlineRename, ColumnPlan>();
  const [{ search_path: searchPath }] = await db.query<{ search_path: string }>(`SELECT pg_catalog.current_setting('search_path') AS search_path`);
  let functions: Awaited<ReturnType<typeof functionRewrites>>;
  try {
    for (const decision of decisions.filter((d) => d.action === 'rename')) {
      const regclass = decision.target.schema === undefined ? quoteIdent(decision.target.table) : `${quoteIdent(decision.target.schema)}.${quoteIdent(decision.target.table)}`;
      const [table] = await db.query<{ schema: string; name: string }>(
        `SELECT n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass($1)`,
        [regclass],
      );
      const recorded = table && stored.find((r) => r.table.schema === table.schema && r.table.name === table.name && r.from === decision.target.column);
      if (recorded) {
        if (recorded.to !== decision.to) throw new InputError(`${decision.origin}: ${quoteQualified(recorded.table)}.${quoteIdent(recorded.from)} is being renamed online to ${quoteIdent(recorded.to)}, not ${quoteIdent(decision.to!)}`);
        renames.push(recorded);
        continue;
      }
      const column = await resolveColumn(db, decision.target, decision.origin);
      // Catalog text comes out schema-qualified with only pg_catalog on the path (as generateMigration reads it).
      await db.query(`SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)`);
      const facts = await columnFacts(db, column);
      const deps = await columnDependencies(db, column);
      const plan: ColumnPlan = { decision, facts, deps, functions: [] };
      const name = `${quoteQualified(facts.table)}.${quoteIdent(facts.column)}`;
      const refuse = (what: string) => blockers.push(`${name}: ${what}; --online cannot rename it yet (use renamer sql without --online)`);
      if (facts.relkind === 'v' || facts.relkind === 'm') {
        // The new code reads the view's new name from the code step on, before contract could rename it.
        refuse('a view column (the new code would read its new name before contract renames it; keep it here and rename it with renamer sql after contract)');
      } else if (facts.relkind !== 'r') refuse(facts.relkind === 'p' ? 'a partitioned table (CREATE INDEX CONCURRENTLY is not supported there)' : 'not a plain table');
      if (facts.inherited) refuse('inherited from a parent table');
      if (facts.generated) refuse('a generated column');
      if (facts.identity) refuse('an identity column');
      if ((await db.query(`SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attname = $2 AND NOT attisdropped`, [column.tableOid, decision.to])).length > 0) {
        refuse(`the table already has a column ${quoteIdent(decision.to!)}`);
      }
      for (const v of deps.views) {
        if (v.materialized) refuse(`materialized view ${quoteQualified(v)} reads it (recreating it at contract would recompute it under the table's lock)`);
        else if (v.wholeRow && !v.direct) warnings.push(`${name}: view ${quoteQualified(v)} reads whole rows of ${quoteQualified(facts.table)}: its row values gain ${quoteIdent(decision.to!)} at expand and lose ${quoteIdent(facts.column)} at contract`);
      }
      for (const p of deps.policies) refuse(`row-level security policy ${quoteIdent(p)} uses it`);
      for (const p of deps.foreignPolicies) refuse(`row-level security policy ${p} uses it`);
      for (const p of deps.publications) refuse(`publication ${quoteIdent(p)} lists it`);
      for (const f of deps.trackedFunctions) refuse(`BEGIN ATOMIC function ${f} uses it`);
      for (const g of deps.generatedColumns) refuse(`generated column ${quoteIdent(g)} is computed from it`);
      for (const t of deps.triggers) refuse(`trigger ${quoteIdent(t.name)} is declared on it (UPDATE OF or WHEN)`);
      for (const t of deps.triggerArguments) refuse(`trigger ${quoteIdent(t.name)} passes it to its function by name`);
      for (const r of deps.rules) refuse(`rule ${r} uses it`);
      const syncTrigger = syncTriggerName({ table: facts.table, from: facts.column });
      for (const problem of await syncTriggerOrderProblems(db, column.tableOid, facts.column, syncTrigger)) refuse(problem);
      for (const s of deps.statistics) warnings.push(`${name}: statistics object ${quoteIdent(s.name)} is dropped with the old column at contract; re-create it on ${quoteIdent(decision.to!)}`);
      const key = await primaryKey(db, column.tableOid);
      if (key.length === 0) refuse('its table has no primary key to backfill by');
      if (key.some((k) => k.name === facts.column)) refuse('it is part of the primary key');
      const renamed = new Map(renamedObjects(plan).map((o) => [`${o.kind}:${o.from}`, o.to]));
      const twinName = (kind: string, original: string) => renamed.get(`${kind}:${original}`) ?? fitIdentifier(`${original}_renamer_new`);
      const indexes = [];
      for (const index of deps.indexes) {
        if (index.constraintBacked) continue;
        const twin = twinName('index', index.name);
        indexes.push({ schema: index.schema, name: index.name, definition: index.definition, twin, twinDefinition: twinIndexDefinition(index.definition, twin, [{ from: facts.column, to: decision.to! }]), ...(index.comment === undefined ? {} : { comment: index.comment }) });
      }
      const constraints = [];
      for (const c of deps.constraints) {
        if (c.incoming) refuse(`foreign key ${quoteIdent(c.name)} on ${quoteQualified(c.table)} references it`);
        else if (c.type === 'c' || c.type === 'f') {
          const twin = twinName('constraint', c.name);
          const twinDefinition = renameColumnIn(c.definition, facts.column, decision.to!, { firstListOnly: c.type === 'f' });
          constraints.push({ name: c.name, definition: c.definition, twin, twinDefinition, ...(c.comment === undefined ? {} : { comment: c.comment }) });
        } else refuse(`constraint ${quoteIdent(c.name)} (${c.definition}) is not a CHECK or FOREIGN KEY (make it a unique index first)`);
      }
      const rename: OnlineRename = {
        table: facts.table, from: facts.column, to: decision.to!, type: facts.type,
        ...(facts.collation ? { collation: facts.collation } : {}),
        ...(facts.default !== undefined ? { default: facts.default } : {}),
        notNull: facts.notNull, ...(facts.comment !== undefined ? { comment: facts.comment } : {}),
        grants: facts.grants, key, indexes, constraints, functions: [], views: [],
      };
      renames.push(rename);
      columnPlans.set(rename, plan);
      viewsOf.set(rename, deps.views.filter((v) => v.direct && !v.materialized));
      await db.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [searchPath]);
    }
    await db.query(`SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)`);
    functions = await functionRewrites(db, renames, options.manualFunctions ?? false, searchPath);
  } finally {
    await db.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [searchPath]);
  }
  blockers.push(...functions.blockers);
  warnings.push(...functions.warnings);
  const views = switchedViews(renames, viewsOf, blockers);
  const twins = sharedTwins(renames, columnPlans);
  const withFunctions = renames.map((r) => {
    const planned = viewsOf.has(r) ? { ...r, views: views.get(r)!, ...twins.get(r)! } : r;
    return r.functions.length > 0 || !functions.byRename.has(r) ? planned : { ...planned, functions: functions.byRename.get(r)! };
  });
  const schemaExists = (await db.query(`SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1`, [backupSchema])).length > 0;
  return { renames: withFunctions, backupSchema, createsBackupSchema: !schemaExists || stored.some((r) => r.createsBackupSchema), blockers, warnings, timeouts: options.timeouts ?? DEFAULT_TIMEOUTS };
}

async function primaryKey(db: SqlSession, tableOid: number): Promise<{ name: string; type: string }[]> {
  return db.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_catalog.pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.conrelid = $1 AND c.contype = 'p' ORDER BY k.ord`,
    [tableOid],
  );
}

/**
 * Bodies that name an old column switch at contract (they work on the old column until then). Planned once for all
 * renames, as renamer sql does, and recorded with each; renames taken from the record keep theirs. The sync
 * functions renamer created are never candidates.
 */
async function functionRewrites(db: SqlSession, renames: readonly OnlineRename[], manual: boolean, searchPath: string) {
  const fresh = renames.filter((r) => r.functions.length === 0);
  const columns = [];
  for (const r of fresh) {
    const column = await resolveColumn(db, { schema: r.table.schema, table: r.table.name, column: r.from, text: r.from }, 'plan').catch(() => undefined);
    const decision: Decision = { action: 'rename', target: { schema: r.table.schema, table: r.table.name, column: r.from, text: r.from }, to: r.to, origin: 'plan' };
    if (column) columns.push({ ...column, decision });
  }
  const bodies = await planFunctionBodies(db, columns, manual, searchPath);
  const viewTexts = await planViewSqlText(db, columns, manual);
  const rewrites = bodies.rewrites.filter((f) => !isSyncFunction(f.name));
  const warnings = [...bodies.warnings.filter((w) => !isSyncFunction(w)), ...viewTexts.warnings];
  for (const name of new Set(fresh.map((r) => r.from))) {
    for (const fn of await functionsMentioning(db, name)) {
      if (!bodies.handled.has(fn.name) && !isSyncFunction(fn.name)) warnings.push(`function ${fn.name} (${fn.language}) mentions ${name} in its body; PostgreSQL does not track it, update it by hand before contract`);
    }
  }
  return { byRename: new Map(fresh.map((r) => [r, rewrites])), blockers: [...bodies.blockers.filter((b) => !isSyncFunction(b)), ...viewTexts.blockers], warnings };
}

/**
 * Each view that names an old column, with the definition contract gives it: every renamed column of the plan it
 * reads switched to the new name (in one definition, since the view is replaced once), output names unchanged. Views
 * built on it read its output columns, which keep their names and types: CREATE OR REPLACE VIEW leaves them, and the
 * view's owner, grants, comments, triggers and rules, as they are.
 */
function switchedViews(renames: readonly OnlineRename[], viewsOf: ReadonlyMap<OnlineRename, ViewDependency[]>, blockers: string[]): Map<OnlineRename, OnlineView[]> {
  const byOid = new Map<number, { view: ViewDependency; renames: OnlineRename[] }>();
  for (const [r, views] of viewsOf) for (const v of views) (byOid.get(v.oid) ?? byOid.set(v.oid, { view: v, renames: [] }).get(v.oid)!).renames.push(r);
  const out = new Map<OnlineRename, OnlineView[]>([...viewsOf.keys()].map((r) => [r, []]));
  for (const { view, renames: readers } of byOid.values()) {
    let switched = view.definition;
    let refused = false;
    for (const r of renames.filter((x) => readers.includes(x))) {
      const rewrite = switchViewColumn(switched, r.table, r.from, r.to);
      if (!rewrite.ok) {
        blockers.push(`${quoteQualified(r.table)}.${quoteIdent(r.from)}: view ${quoteQualified(view)} cannot be switched to ${quoteIdent(r.to)}: ${rewrite.reason}; --online cannot rename it yet (use renamer sql without --online, or rewrite the view first)`);
        refused = true;
        break;
      }
      switched = rewrite.definition;
    }
    if (refused) continue;
    const online: OnlineView = { schema: view.schema, name: view.name, options: view.options, definition: view.definition, switched };
    for (const r of readers) out.get(r)!.push(online);
  }
  return out;
}

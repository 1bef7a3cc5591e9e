import type { ColumnPlan, MigrationModel } from './analyze.js';
import type { ConstraintDependency } from './dependencies.js';
import { fitIdentifier, quoteIdent, quoteLiteral, quoteQualified, type QualifiedName } from './quote.js';
import { constraintExists, doBlock, ifThen } from './snippets.js';

/**
 * Constraints of the re-added columns, restored after their values without a long lock: CHECK and FOREIGN KEY are
 * added NOT VALID (instant; new writes are checked) and validated in a later transaction (SHARE UPDATE EXCLUSIVE:
 * reads and writes go on during the scan); NOT NULL goes through a CHECK (col IS NOT NULL) validated the same way,
 * from which SET NOT NULL (PostgreSQL 12+) knows without a scan that no row is NULL; UNIQUE and PRIMARY KEY take
 * the index down.sql built CONCURRENTLY (USING INDEX). Each list is one transaction, in this order.
 */
export interface ConstraintSteps {
  /** Backing indexes of UNIQUE / PRIMARY KEY constraints, for the CONCURRENTLY builds. */
  readonly indexes: readonly string[];
  readonly addChecks: readonly string[];
  readonly validateChecks: readonly string[];
  /** SET NOT NULL, key constraints, foreign keys (NOT VALID). */
  readonly keys: readonly string[];
  readonly validateForeign: readonly string[];
}

/** The helper CHECK behind SET NOT NULL; dropped again in the same transaction as SET NOT NULL. */
export const notNullHelper = (plan: ColumnPlan): string => fitIdentifier(`${plan.facts.table.name}_${plan.facts.column}_renamer_not_null`);

const commentOn = (c: ConstraintDependency): string[] =>
  c.comment === undefined ? [] : [`COMMENT ON CONSTRAINT ${quoteIdent(c.name)} ON ${quoteQualified(c.table)} IS ${quoteLiteral(c.comment)};`];

const ALREADY_NOT_VALID = /\sNOT VALID$/;

/**
 * A plain DROP IF EXISTS, then ADD ... NOT VALID: both statements are visible to linters, and a re-run re-adds the
 * constraint and validates it again (a scan that blocks nobody) instead of failing on "already exists".
 */
function addNotValid(c: ConstraintDependency): { add: string[]; validate: string[] } {
  const table = quoteQualified(c.table);
  const definition = c.definition.trim();
  const wasValid = !ALREADY_NOT_VALID.test(definition);
  return {
    add: [`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${quoteIdent(c.name)};`, `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(c.name)} ${definition}${wasValid ? ' NOT VALID' : ''};`, ...commentOn(c)],
    validate: wasValid ? [`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(c.name)};`] : [],
  };
}

/** ADD CONSTRAINT has no IF NOT EXISTS, and a key constraint cannot be dropped and re-added cheaply: guarded. */
const guardedAdd = (table: QualifiedName, c: ConstraintDependency, clause: string): string =>
  doBlock(ifThen(`NOT ${constraintExists(table, c.name)}`, [`ALTER TABLE ${quoteQualified(table)} ADD CONSTRAINT ${quoteIdent(c.name)} ${clause};`, ...commentOn(c)]));

/** `UNIQUE (a, b) DEFERRABLE INITIALLY DEFERRED` → ` DEFERRABLE INITIALLY DEFERRED`, for USING INDEX. */
const deferrable = (definition: string): string =>
  `${/\bNOT DEFERRABLE\b/.test(definition) ? '' : /\bDEFERRABLE\b/.test(definition) ? ' DEFERRABLE' : ''}${/\bINITIALLY DEFERRED\b/.test(definition) ? ' INITIALLY DEFERRED' : ''}`;

export function constraintSteps(drops: readonly ColumnPlan[], model: MigrationModel): ConstraintSteps {
  const steps = { indexes: [] as string[], addChecks: [] as string[], validateChecks: [] as string[], keys: [] as string[], validateForeign: [] as string[] };
  const relkindOf = (t: QualifiedName) => drops.find((p) => p.facts.table.schema === t.schema && p.facts.table.name === t.name)?.facts.relkind ?? 'r';
  const seen = new Set<string>();
  const once = (c: ConstraintDependency) => {
    const key = `${c.table.schema}.${c.table.name}.${c.name}`;
    return !seen.has(key) && Boolean(seen.add(key));
  };
  const setNotNull: string[] = [];
  for (const p of drops.filter((d) => d.facts.notNull)) {
    const table = quoteQualified(p.facts.table);
    const helper = quoteIdent(notNullHelper(p));
    steps.addChecks.push(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${helper};`, `ALTER TABLE ${table} ADD CONSTRAINT ${helper} CHECK (${quoteIdent(p.facts.column)} IS NOT NULL) NOT VALID;`);
    steps.validateChecks.push(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${helper};`);
    setNotNull.push(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(p.facts.column)} SET NOT NULL;`, `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${helper};`);
  }
  steps.keys.push(...setNotNull);
  for (const p of drops) {
    for (const c of p.deps.constraints.filter((d) => !d.incoming && d.type !== 'f' && once(d))) {
      if (c.type === 'c') {
        const { add, validate } = addNotValid(c);
        steps.addChecks.push(...add);
        steps.validateChecks.push(...validate);
        continue;
      }
      const index = p.deps.indexes.find((i) => i.constraintBacked && i.name === c.name && i.schema === c.table.schema);
      if ((c.type === 'u' || c.type === 'p') && index && p.facts.relkind !== 'p') {
        // After SET NOT NULL, so that a PRIMARY KEY finds its columns NOT NULL already and scans nothing.
        steps.indexes.push(`${index.definition.replace(/^CREATE UNIQUE INDEX /, 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ')};`);
        steps.keys.push(guardedAdd(c.table, c, `${c.type === 'p' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${quoteIdent(index.name)}${deferrable(c.definition)}`));
      } else {
        // An EXCLUDE constraint, or a key of a partitioned table: PostgreSQL builds its index only here, in the transaction.
        steps.keys.push(guardedAdd(c.table, c, c.definition));
      }
    }
  }
  const foreign = [...drops.flatMap((p) => p.deps.constraints.filter((c) => c.type === 'f' && !c.incoming)), ...model.incomingForeignKeys];
  for (const c of foreign.filter(once)) {
    if (relkindOf(c.table) === 'p') {
      // PostgreSQL 15 cannot add a NOT VALID foreign key to a partitioned table.
      steps.keys.push(guardedAdd(c.table, c, c.definition));
      continue;
    }
    const { add, validate } = addNotValid(c);
    steps.keys.push(...add);
    steps.validateForeign.push(...validate);
  }
  return steps;
}

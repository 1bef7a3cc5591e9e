import type { ColumnPlan } from './analyze.js';
import { dollarQuote, quoteIdent, quoteQualified, regclassLiteral } from './quote.js';
import { columnExists, replicaForBatch, replicaReset, savedReplicaRole } from './snippets.js';

/** About this many rows per batch: each UPDATE commits within milliseconds and holds only ROW EXCLUSIVE. */
export const RESTORE_BATCH_ROWS = 10_000;

// The one line the rehearsal (one outer transaction) must not run; written and recognised only here.
const BATCH_COMMIT = 'COMMIT; -- renamer: end of batch';

/**
 * Puts a dropped column's values back from its backup after down's catalog transaction, one short transaction per
 * batch, so that no statement holds the table while a million rows are written. Batches are ranges of the backup's
 * pages (a TID range scan, PostgreSQL 14+): the backup is never written to, so its pages are stable, and the restore
 * key joins each backup row to its table row through the key's index. Only rows still NULL are written: a value the
 * application wrote after the column came back is newer than the backup. Re-running finds no backup and does nothing.
 * A DO block may COMMIT only when it is sent on its own, outside BEGIN (psql, or runScript): see withoutBatchCommits.
 */
export function restoreValuesStatement(plan: ColumnPlan, batchRows = RESTORE_BATCH_ROWS): string | undefined {
  const { facts, backup } = plan;
  if (!backup || facts.restoreKey.length === 0) return undefined;
  const table = quoteQualified(facts.table);
  const column = quoteIdent(facts.column);
  const copy = quoteQualified(backup);
  const join = facts.restoreKey.map((k) => `t.${quoteIdent(k)} = b.${quoteIdent(k)}`).join(' AND ');
  const keys = (alias: string) => facts.restoreKey.map((k) => `${alias}.${quoteIdent(k)}`).join(', ');
  const body = [
    'DECLARE',
    '  renamer_pages bigint;',
    '  renamer_step bigint;',
    '  renamer_from bigint := 0;',
    `  ${savedReplicaRole('renamer_role')}`,
    '  renamer_quiet boolean;',
    'BEGIN',
    `  IF to_regclass(${regclassLiteral(backup)}) IS NULL OR NOT ${columnExists(facts.table, facts.column)} THEN`,
    '    RETURN;',
    '  END IF;',
    `  renamer_pages := pg_catalog.pg_relation_size(to_regclass(${regclassLiteral(backup)})) / pg_catalog.current_setting('block_size')::bigint;`,
    `  renamer_step := GREATEST(1, ${Math.trunc(batchRows)} * renamer_pages / GREATEST(1, (SELECT count(*) FROM ${copy})));`,
    '  WHILE renamer_from < renamer_pages LOOP',
    // The re-added column has no statistics, so the planner takes `IS NULL` for a few rows and hashes the whole table
    // for each batch (measured: 1.4 s a batch on 1M rows); a batch is a few thousand key look-ups. Local to the batch.
    '    SET LOCAL enable_hashjoin = off;',
    '    SET LOCAL enable_mergejoin = off;',
    // Putting a value back is not a write of the application's (see replicaForBatch); the foreign keys that read the
    // column come back after the values, validated. A role that may not set replica mode restores with the triggers
    // firing, as down.sql's header says.
    ...replicaForBatch('renamer_quiet').map((line) => `    ${line}`),
    `    UPDATE ${table} AS t SET ${column} = b.${column} FROM ${copy} AS b`,
    `     WHERE b.ctid >= pg_catalog.format('(%s,0)', renamer_from)::tid AND b.ctid < pg_catalog.format('(%s,0)', renamer_from + renamer_step)::tid`,
    `       AND ${join} AND t.${column} IS NULL;`,
    `    ${replicaReset('renamer_quiet', 'renamer_role')}`,
    '    renamer_from := renamer_from + renamer_step;',
    `    ${BATCH_COMMIT}`,
    '  END LOOP;',
    // Consumed, so that up can run again; kept when some of its rows have no row to go back to (deleted since).
    `  IF NOT EXISTS (SELECT ${keys('b')} FROM ${copy} AS b EXCEPT SELECT ${keys('t')} FROM ${table} AS t) THEN`,
    `    DROP TABLE ${copy};`,
    '  END IF;',
    'END',
  ];
  return `DO ${dollarQuote(body.join('\n'))};`;
}

/** The same restore as one statement of an enclosing transaction (the rehearsal, Alembic's downgrade). */
export const withoutBatchCommits = (statement: string): string => statement.replace(BATCH_COMMIT, 'NULL; -- renamer: one transaction');

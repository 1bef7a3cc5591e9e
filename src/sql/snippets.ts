import { dollarQuote, quoteIdent, quoteLiteral, quoteQualified, regclassLiteral, type QualifiedName } from './quote.js';

/** Catalog guards shared by every generated file, so that a re-run finds the work done and does nothing. */
export function columnExists(table: QualifiedName, column: string): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${regclassLiteral(table)}) AND attname = ${quoteLiteral(column)} AND attnum > 0 AND NOT attisdropped)`;
}

export function relationExists(relation: QualifiedName): string {
  return `to_regclass(${regclassLiteral(relation)}) IS NOT NULL`;
}

export function constraintExists(table: QualifiedName, name: string): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(${regclassLiteral(table)}) AND conname = ${quoteLiteral(name)})`;
}

export function statisticsExists(stat: QualifiedName): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace WHERE n.nspname = ${quoteLiteral(stat.schema)} AND s.stxname = ${quoteLiteral(stat.name)})`;
}

export function triggerExists(table: QualifiedName, name: string): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = to_regclass(${regclassLiteral(table)}) AND tgname = ${quoteLiteral(name)})`;
}

/** A PL/pgSQL DO block; `%` in the message cannot act as a format placeholder since it is passed as an argument. */
export function doBlock(lines: readonly string[]): string {
  return `DO ${dollarQuote(['BEGIN', ...lines.map((line) => `  ${line}`), 'END'].join('\n'))};`;
}

export function ifThen(condition: string, lines: readonly string[]): string[] {
  return [`IF ${condition} THEN`, ...lines.map((line) => `  ${line}`), 'END IF;'];
}

/**
 * PL/pgSQL lines that put the current transaction in `session_replication_role = replica` when the role may set it (a
 * superuser, or GRANT SET ON PARAMETER), so that a copy renamer makes (a restore, a backfill) does not fire the
 * table's ordinary row triggers: it is not the application's write (`last_update = now()`, an audit row, a trigger
 * that refuses to touch closed rows). `quiet` names a boolean variable, NULL at first, that remembers a refusal so
 * it is asked once; ENABLE REPLICA and ENABLE ALWAYS triggers still fire. Tried, not asked: has_parameter_privilege is
 * PostgreSQL 15+, and these run on 14. The setting is local: COMMIT ends it, so a batch loop runs these every batch.
 */
export function replicaForBatch(quiet: string): string[] {
  return [
    `IF ${quiet} IS NOT FALSE THEN`,
    '  BEGIN',
    "    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);",
    `    ${quiet} := true;`,
    '  EXCEPTION WHEN insufficient_privilege THEN',
    `    ${quiet} := false;`,
    '  END;',
    'END IF;',
  ];
}

/** Puts back the role `saved` held (a text variable read before the first batch), for a run inside one transaction. */
export function replicaReset(quiet: string, saved: string): string {
  return `IF ${quiet} THEN PERFORM pg_catalog.set_config('session_replication_role', ${saved}, true); END IF;`;
}

/** The declaration of `saved` for replicaReset. */
export const savedReplicaRole = (saved: string): string => `${saved} text := pg_catalog.current_setting('session_replication_role');`;

export function raise(message: string): string {
  return `RAISE EXCEPTION '%', ${quoteLiteral(message)};`;
}

/** An assertion for a post-check file: fails (so psql ON_ERROR_STOP stops) when the condition does not hold. */
export function assertion(condition: string, message: string): string {
  return doBlock(ifThen(`NOT (${condition})`, [raise(`renamer check failed: ${message}`)]));
}

export const columnLabel = (table: QualifiedName, column: string): string => `${quoteQualified(table)}.${quoteIdent(column)}`;

/**
 * Turns pg_get_indexdef / pg_get_statisticsobjdef output into its IF NOT EXISTS form for idempotent restores. A
 * partitioned table's index reads `ON ONLY`, which would leave the partitions without theirs: drop the ONLY.
 */
export function ifNotExists(definition: string): string {
  return definition
    .replace(/^CREATE (UNIQUE )?INDEX (\S+) ON ONLY /, 'CREATE $1INDEX $2 ON ')
    .replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')
    .replace(/^CREATE STATISTICS /, 'CREATE STATISTICS IF NOT EXISTS ');
}

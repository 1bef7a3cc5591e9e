import { dollarQuote, fitIdentifier, quoteIdent, quoteQualified, type QualifiedName } from '../quote.js';
import type { OnlineRename } from './model.js';

const PREFIX = 'renamer_sync_';

/** The sync function and trigger share one name per renamed column, in the table's schema. */
export const syncName = (r: Pick<OnlineRename, 'table' | 'from'>): string => fitIdentifier(`${PREFIX}${r.table.name}_${r.from}`);
export const syncFunction = (r: OnlineRename): QualifiedName => ({ schema: r.table.schema, name: syncName(r) });
export const isSyncFunction = (text: string): boolean => text.includes(PREFIX);
/**
 * The sync trigger's name starts with `!` (0x21): PostgreSQL fires the BEFORE ROW triggers of one event in name order,
 * byte by byte, and an unquoted name (a letter or `_`), like a quoted one that does not start with a space, a control
 * character or `!`, sorts after it. So the table's own BEFORE triggers see the row with both names already equal
 * (an order total computed from the old column read a stale value after a write by the new code, under a name such
 * as order_total that sorted before renamer_sync_...). planOnline refuses a table whose trigger would still sort first.
 */
export const syncTriggerName = (r: Pick<OnlineRename, 'table' | 'from'>): string => fitIdentifier(`!${syncName(r)}`);

/**
 * Keeps the two names of one column equal while old and new code both write. Which name a writer used is read from
 * what changed: on INSERT the new name wins when it is set (the old column's default fills it otherwise, so the new
 * column has no default of its own until contract); on UPDATE the name whose value changed wins, the new one when
 * both did. An UPDATE that changed neither still copies old to new, so a row not yet backfilled satisfies the new
 * column's NOT VALID checks the moment anything touches it.
 *
 * `reverse` is contract's down: the old column is re-added empty and the new one holds every value until the reverse
 * copy reaches the row, so an UPDATE that changed neither copies new to old instead (copying old to new there would
 * erase the new column's value: a write to another column, or the reverse copy of another renamed column of the
 * same table). Once every row is equal the two orientations behave the same; contract's down restores the forward
 * one in its last transaction.
 */
export function syncFunctionStatement(r: OnlineRename, reverse = false): string {
  const o = `NEW.${quoteIdent(r.from)}`;
  const n = `NEW.${quoteIdent(r.to)}`;
  const body = [
    'BEGIN',
    `  IF TG_OP = 'INSERT' THEN`,
    `    IF ${n} IS NULL THEN ${n} := ${o}; ELSE ${o} := ${n}; END IF;`,
    `  ELSIF ${n} IS DISTINCT FROM OLD.${quoteIdent(r.to)} THEN`,
    `    ${o} := ${n};`,
    ...(reverse
      ? [
          `  ELSIF ${o} IS DISTINCT FROM OLD.${quoteIdent(r.from)} THEN`,
          `    ${n} := ${o};`,
          `  ELSIF ${o} IS DISTINCT FROM ${n} THEN`,
          `    ${o} := ${n};`,
        ]
      : [`  ELSIF ${o} IS DISTINCT FROM OLD.${quoteIdent(r.from)} OR ${n} IS DISTINCT FROM ${o} THEN`, `    ${n} := ${o};`]),
    '  END IF;',
    '  RETURN NEW;',
    'END',
  ].join('\n');
  return `CREATE OR REPLACE FUNCTION ${quoteQualified(syncFunction(r))}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(body)};`;
}

export function createSyncStatements(r: OnlineRename, reverse = false): string[] {
  return [
    syncFunctionStatement(r, reverse),
    // Expand by an earlier renamer named the trigger like its function: one sync trigger per column, the first.
    `DROP TRIGGER IF EXISTS ${quoteIdent(syncName(r))} ON ${quoteQualified(r.table)};`,
    `CREATE OR REPLACE TRIGGER ${quoteIdent(syncTriggerName(r))} BEFORE INSERT OR UPDATE ON ${quoteQualified(r.table)} FOR EACH ROW EXECUTE FUNCTION ${quoteQualified(syncFunction(r))}();`,
  ];
}

export function dropSyncStatements(r: OnlineRename): string[] {
  return [
    `DROP TRIGGER IF EXISTS ${quoteIdent(syncTriggerName(r))} ON ${quoteQualified(r.table)};`,
    `DROP TRIGGER IF EXISTS ${quoteIdent(syncName(r))} ON ${quoteQualified(r.table)};`,
    `DROP FUNCTION IF EXISTS ${quoteQualified(syncFunction(r))}();`,
  ];
}

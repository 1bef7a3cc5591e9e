import { quoteIdent } from '../quote.js';
import type { SqlSession } from '../session.js';
import { isSyncFunction } from './triggers.js';

// pg_trigger.tgtype bits (TRIGGER_TYPE_* in catalog/pg_trigger.h).
const ROW = 1;
const BEFORE = 2;
const INSERT = 4;
const UPDATE = 16;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Why the sync trigger cannot be the first to see each written row, if it cannot. PostgreSQL fires the BEFORE ROW
 * triggers of one event in name order, byte by byte (the pg_trigger_tgrelid_tgname_index order), and each sees the
 * row as the triggers before it left it: the sync trigger must come first, or an application trigger reads the old
 * column while the new code's write is only in the new one (AdventureWorks' order total summed a stale freight). A
 * trigger after it must not assign the old column either: the new column would keep the value from before.
 */
export async function syncTriggerOrderProblems(db: SqlSession, tableOid: number, column: string, syncTrigger: string): Promise<string[]> {
  const triggers = await db.query<{ name: string; function: string; source: string | null }>(
    `SELECT t.tgname AS name, t.tgfoid::regprocedure::text AS function, p.prosrc AS source
       FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
      WHERE t.tgrelid = $1 AND NOT t.tgisinternal AND t.tgname <> $2
        AND t.tgtype & ${ROW | BEFORE} = ${ROW | BEFORE} AND t.tgtype & ${INSERT | UPDATE} <> 0
      ORDER BY t.tgname`,
    [tableOid, syncTrigger],
  );
  const spellings = [...new Set([escapeRegExp(column), escapeRegExp(quoteIdent(column))])].join('|');
  // `NEW.freight := ...` (or `=`) as a PL/pgSQL statement: at a body's start, after `;`, BEGIN, THEN, ELSE or LOOP.
  const assignsColumn = new RegExp(`(?:^|;|\\b(?:begin|then|else|loop))\\s*new\\s*\\.\\s*(?:${spellings})\\s*:?=(?!=)`, 'i');
  const problems: string[] = [];
  // Another renamed column's sync trigger writes only its own two columns: their order among themselves is free.
  for (const t of triggers.filter((x) => !isSyncFunction(x.name))) {
    if (Buffer.compare(Buffer.from(t.name), Buffer.from(syncTrigger)) < 0) {
      problems.push(`BEFORE trigger ${quoteIdent(t.name)} sorts before renamer's sync trigger ${quoteIdent(syncTrigger)} and would fire first, seeing the old column before the new code's write reaches it (rename the trigger)`);
    } else if (assignsColumn.test(t.source ?? '')) {
      problems.push(`BEFORE trigger ${quoteIdent(t.name)} (${t.function}) assigns NEW.${quoteIdent(column)} after renamer's sync trigger has copied it: the new column would keep the value from before`);
    }
  }
  return problems;
}

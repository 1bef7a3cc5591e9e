import type { ColumnFacts } from './model.js';
import { quoteIdent, quoteLiteral, quoteQualified, regclassLiteral } from './quote.js';

const BIGINT = /^-?\d+$/;
const bigint = (text: string): string => {
  // Catalog numbers reach SQL as literals: refuse anything that is not one, rather than trust it.
  if (!BIGINT.test(text)) throw new Error(`unexpected sequence value ${JSON.stringify(text)}`);
  return text;
};

/**
 * Re-adds identity to a re-added column with the sequence's original name and options, then moves the sequence
 * past every restored value (and past the value it had reached when the plan was made): without it the next
 * INSERT gets 1 and collides with restored keys.
 */
export function identityStatements(facts: ColumnFacts): string[] {
  if (!facts.identity) return [];
  const table = quoteQualified(facts.table);
  const column = quoteIdent(facts.column);
  const seq = facts.identitySequence;
  const always = facts.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT';
  if (!seq) return [`ALTER TABLE ${table} ALTER COLUMN ${column} ADD GENERATED ${always} AS IDENTITY;`];
  const options = [
    `SEQUENCE NAME ${quoteQualified(seq)}`,
    `START WITH ${bigint(seq.start)}`,
    `INCREMENT BY ${bigint(seq.increment)}`,
    `MINVALUE ${bigint(seq.min)}`,
    `MAXVALUE ${bigint(seq.max)}`,
    `CACHE ${bigint(seq.cache)}`,
    seq.cycle ? 'CYCLE' : 'NO CYCLE',
  ];
  const ascending = !seq.increment.startsWith('-');
  const reached = `(SELECT ${ascending ? 'GREATEST' : 'LEAST'}(${ascending ? 'max' : 'min'}(${column}), ${seq.lastValue === null ? 'NULL' : bigint(seq.lastValue)}) FROM ${table})`;
  return [
    `ALTER TABLE ${table} ALTER COLUMN ${column} ADD GENERATED ${always} AS IDENTITY (${options.join(' ')});`,
    // setval is strict: with no rows and an unused sequence it does nothing, leaving the sequence at its start.
    `PERFORM pg_catalog.setval(to_regclass(${regclassLiteral(seq)}), ${reached});`,
  ];
}

/** Holds when the column is an identity again and its sequence will not hand out a restored value. */
export function identityRestored(facts: ColumnFacts): string | undefined {
  if (!facts.identity) return undefined;
  const column = quoteIdent(facts.column);
  const table = quoteQualified(facts.table);
  const isIdentity = `(SELECT attidentity = ${quoteLiteral(facts.identity)} FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${regclassLiteral(facts.table)}) AND attname = ${quoteLiteral(facts.column)} AND NOT attisdropped)`;
  const seq = facts.identitySequence;
  if (!seq) return isIdentity;
  const ascending = !seq.increment.startsWith('-');
  const oid = `to_regclass(${regclassLiteral(seq)})`;
  // An unused sequence has no last value: its next one is its start.
  const last = `COALESCE(pg_catalog.pg_sequence_last_value(${oid}), (SELECT seqstart - seqincrement FROM pg_catalog.pg_sequence WHERE seqrelid = ${oid}))`;
  const ahead = `COALESCE((SELECT ${ascending ? `max(${column}) <= ${last}` : `min(${column}) >= ${last}`} FROM ${table}), true)`;
  return `${isIdentity} AND ${ahead}`;
}

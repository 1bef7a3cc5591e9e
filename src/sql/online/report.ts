import { quoteIdent, quoteQualified } from '../quote.js';
import type { OnlineProgress, StepTiming } from './run.js';
import { NEXT, type RenameStatus } from './status.js';

/** Pure text reporters for the CLI: it prints what these return. */
export function statusText(rows: readonly RenameStatus[]): string {
  if (rows.length === 0) return 'no online rename in progress (expand records each one in the backup schema)\n';
  return rows
    .map((r) => {
      const name = `${quoteQualified({ schema: r.schema, name: r.table })}.${quoteIdent(r.from)} → ${quoteIdent(r.to)}`;
      const differ = r.differing === null ? '' : `, ${r.differing} ${r.differing === 1 ? 'row differs' : 'rows differ'}`;
      const pending = r.pending > 0 ? `, ${r.pending} constraint(s) or index(es) of the new column not ready` : '';
      return `${name}: ${r.state}${differ}${pending}; next: ${NEXT[r.state]}\n`;
    })
    .join('');
}

export function timingsText(phase: string, direction: 'up' | 'down', timings: readonly StepTiming[], label: string): string {
  const lines = timings.map((t) => `ok   ${t.title} (${Math.round(t.ms)} ms${t.rows === undefined ? '' : `, ${t.rows} rows copied`}${t.attempts > 1 ? `, ${t.attempts} attempts` : ''})${t.triggersFired ? `; the table's row triggers fired for them (this role may not set session_replication_role)` : ''}\n`);
  return `${lines.join('')}${phase}${direction === 'down' ? ' down' : ''} applied to ${label}\n`;
}

/** One progress line for stderr; batches are reported at most once a second by the caller. */
export function progressText(event: OnlineProgress): string {
  if (event.kind === 'step') return `${event.title}\n`;
  if (event.kind === 'retry') return `${event.title}: lock not available (attempt ${event.attempt}), retrying: ${event.reason}\n`;
  return `backfill ${event.target}: ${event.copied} rows copied in ${event.batches} batches${event.done ? ', done' : ''}\n`;
}

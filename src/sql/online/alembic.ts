import { createHash } from 'node:crypto';
import { pythonSql, revisionText } from '../alembic.js';
import { quoteLiteral } from '../quote.js';
import { transactionSettings } from '../render.js';
import { backfillBlock, DEFAULT_BACKFILL, type BackfillOptions } from './backfill.js';
import type { OnlineMigration, Step } from './model.js';
import { onlinePhases } from './phases.js';

/**
 * A step as Alembic code. Transactions run in Alembic's own transaction; CREATE INDEX CONCURRENTLY and the backfill's
 * per-batch COMMITs need autocommit, one statement per execute (a multi-statement string is one implicit transaction).
 */
function stepPython(m: OnlineMigration, step: Step, backfill: BackfillOptions): string[] {
  if (step.kind === 'transaction') return [`    # ${step.title}`, `    op.execute(${pythonSql([...transactionSettings(m.timeouts), ...step.statements])})`];
  const statements = step.kind === 'each' ? step.statements : [backfillBlock(m, step.rename, step.reverse, backfill)];
  return [
    `    # ${step.title}`,
    '    with op.get_context().autocommit_block():',
    `        op.execute(${pythonSql([`SET lock_timeout = ${quoteLiteral(m.timeouts.lockTimeout)};`])})`,
    ...statements.map((s) => `        op.execute(${pythonSql([s])})`),
    `        op.execute(${pythonSql(['RESET lock_timeout;'])})`,
  ];
}

/** One revision per phase, chained: expand revises the current head, backfill revises expand, contract backfill. */
export function renderOnlineAlembic(m: OnlineMigration, backfill: BackfillOptions = DEFAULT_BACKFILL, head?: string): Record<string, string> {
  const files: Record<string, string> = {};
  let parent = head;
  onlinePhases(m).forEach((phase, i) => {
    const up = phase.up.flatMap((s) => stepPython(m, s, backfill));
    const down = phase.down.length > 0 ? phase.down.flatMap((s) => stepPython(m, s, backfill)) : ['    pass'];
    const revision = createHash('sha256').update(`${phase.name}\n${up.join('\n')}`).digest('hex').slice(0, 12);
    const summary = m.renames.map((r) => `${r.table.name}.${r.from} -> ${r.to}`).join(', ');
    files[`${revision}_renamer_online_${i + 1}_${phase.name}.py`] = revisionText({ revision, parent, title: `renamer --online, phase ${i + 1} (${phase.name}): ${summary}`, upgrade: up, downgrade: down });
    parent = revision;
  });
  return files;
}

import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { columnExists, doBlock, replicaForBatch, replicaReset, savedReplicaRole } from '../snippets.js';
import type { OnlineMigration, OnlineRename } from './model.js';

export interface BackfillOptions {
  readonly batchSize: number;
  /** Milliseconds between batches. */
  readonly pauseMs: number;
}

export const DEFAULT_BACKFILL: BackfillOptions = { batchSize: 1000, pauseMs: 0 };

/** Copy direction: forward fills the new column from the old; reverse (contract's down) fills the old from the new. */
export const columnsOf = (r: OnlineRename, reverse: boolean) => (reverse ? { src: r.to, dst: r.from } : { src: r.from, dst: r.to });

/**
 * The migration's other renames of the same table: each batch copies them too. A batch runs in replica mode, so no
 * sync trigger fills them, and the NOT VALID CHECK that stands in for a NOT NULL column's constraint is still checked
 * on every row written: copying only its own column, a batch wrote rows whose other renamed NOT NULL column was still
 * empty, and the first batch failed (documenso's "Recipient".email and role: the rehearsal failed at backfill). In
 * contract's down the same holds for the re-added old columns. The copy is the one the sibling's own backfill makes.
 */
export const tableSiblings = (m: Pick<OnlineMigration, 'renames'>, r: OnlineRename): OnlineRename[] =>
  m.renames.filter((s) => s !== r && s.table.schema === r.table.schema && s.table.name === r.table.name);

/**
 * The statements of one backfill, written once and used twice: by the runner with `$n::type` parameters and by the
 * DO block of backfill.sql with PL/pgSQL variables, so the command and the file cannot drift apart. `lower` names the
 * batch's lower bound (one per primary-key column); `op` is `>=` for the first batch (from the first row that
 * differs, which is what makes an interrupted backfill resume) and `>` after it.
 */
export function backfillQueries(r: OnlineRename, reverse: boolean, batchSize: number, lower: readonly string[], siblings: readonly OnlineRename[] = []) {
  const { src, dst } = columnsOf(r, reverse);
  const table = quoteQualified(r.table);
  const keys = r.key.map((k) => quoteIdent(k.name));
  const row = (prefix: string) => `(${keys.map((k) => `${prefix}${k}`).join(', ')})`;
  const differ = (prefix: string) => `${prefix}${quoteIdent(dst)} IS DISTINCT FROM ${prefix}${quoteIdent(src)}`;
  const asText = (prefix: string) => keys.map((k, i) => `${prefix}${k}::text AS key_${i + 1}`).join(', ');
  const limit = Math.max(1, Math.trunc(batchSize));
  const copies = [r, ...siblings].map((x) => columnsOf(x, reverse)).map((c) => `${quoteIdent(c.dst)} = t.${quoteIdent(c.src)}`);
  const update = `UPDATE ${table} AS t SET ${copies.join(', ')} FROM locked WHERE ${row('t.')} = ${row('locked.')} RETURNING 1`;
  return {
    /** The first row (by key) whose columns differ: where the walk starts, or resumes. */
    start: `SELECT ${asText('')} FROM ${table} WHERE ${differ('')} ORDER BY ${keys.join(', ')} LIMIT 1`,
    /**
     * One batch: the next `batchSize` keys, the rows among them that differ locked FOR NO KEY UPDATE SKIP LOCKED (a
     * row an application holds is skipped, never waited for; the sync trigger or the sweep takes care of it), copied,
     * and the batch's last key returned as the next lower bound (NULL: the walk is done).
     */
    batch: (op: '>=' | '>') =>
      `WITH batch AS (SELECT ${keys.join(', ')} FROM ${table} WHERE ${row('')} ${op} (${lower.join(', ')}) ORDER BY ${keys.join(', ')} LIMIT ${limit}),
     locked AS (SELECT ${keys.map((k) => `t.${k}`).join(', ')} FROM ${table} AS t JOIN batch USING (${keys.join(', ')}) WHERE ${differ('t.')} FOR NO KEY UPDATE OF t SKIP LOCKED),
     changed AS (${update})
SELECT (SELECT count(*) FROM changed)::bigint AS updated, last.* FROM (SELECT 1) AS one LEFT JOIN (SELECT ${asText('')} FROM batch ORDER BY ${keys.map((k) => `${k} DESC`).join(', ')} LIMIT 1) AS last ON true`,
    /** After the walk: rows skipped because they were locked, in batches of any order. */
    sweep: `WITH locked AS (SELECT ${keys.map((k) => `t.${k}`).join(', ')} FROM ${table} AS t WHERE ${differ('t.')} LIMIT ${limit} FOR NO KEY UPDATE SKIP LOCKED),
     changed AS (${update})
SELECT count(*)::bigint AS updated FROM changed`,
    remaining: `SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${differ('')}) AS remaining`,
    ready: `${columnExists(r.table, src)} AND ${columnExists(r.table, dst)}`,
  };
}

/** How many times the sweep waits for rows that stay locked (0.1 s apart) before it gives up. */
export const SWEEP_TRIES = 600;

/**
 * backfill.sql's body: one DO block that commits after every batch (PostgreSQL 11+, when run at top level as psql
 * does; never inside BEGIN, and not with psql -1), so no lock outlives its batch. Progress goes out as NOTICEs. Each
 * batch runs in replica mode where the role may set it, so the table's own row triggers do not fire for a copy (see
 * replicaForBatch); the sync trigger need not either, the batch sets both columns itself.
 */
export function backfillBlock(m: Pick<OnlineMigration, 'renames'>, r: OnlineRename, reverse: boolean, options: BackfillOptions): string {
  const vars = r.key.map((_, i) => `l_${i + 1}`);
  const q = backfillQueries(r, reverse, options.batchSize, vars, tableSiblings(m, r));
  const into = (sql: string, targets: string[]) => sql.replace(/\nSELECT (.*?) FROM \(SELECT 1\)/s, `\nSELECT $1 INTO ${targets.join(', ')} FROM (SELECT 1)`);
  const { dst } = columnsOf(r, reverse);
  const label = quoteLiteral(`${quoteQualified(r.table)}.${quoteIdent(dst)}`);
  const indent = (text: string, by: string) => text.split('\n').map((line, i) => (i === 0 ? line : by + line)).join('\n');
  const pause = options.pauseMs > 0 ? [`    PERFORM pg_catalog.pg_sleep(${options.pauseMs / 1000});`] : [];
  const body = [
    `IF NOT (${q.ready}) THEN`,
    `  RAISE NOTICE 'renamer backfill %: nothing to copy (a column is missing)', ${label};`,
    '  RETURN;',
    'END IF;',
    `${q.start.replace(/ FROM /, ` INTO ${vars.join(', ')} FROM `)};`,
    'IF FOUND THEN',
    '  LOOP',
    ...replicaForBatch('renamer_quiet').map((line) => `    ${line}`),
    '    IF first THEN',
    `      ${indent(into(q.batch('>='), ['updated', ...vars]), '      ')};`,
    '    ELSE',
    `      ${indent(into(q.batch('>'), ['updated', ...vars]), '      ')};`,
    '    END IF;',
    `    ${replicaReset('renamer_quiet', 'renamer_role')}`,
    '    first := false;',
    '    total := total + updated;',
    '    COMMIT;',
    `    RAISE NOTICE 'renamer backfill %: % rows copied', ${label}, total;`,
    `    EXIT WHEN ${vars[0]} IS NULL;`,
    ...pause,
    '  END LOOP;',
    'END IF;',
    'LOOP',
    ...replicaForBatch('renamer_quiet').map((line) => `  ${line}`),
    `  ${indent(q.sweep.replace(/\nSELECT count\(\*\)::bigint AS updated FROM changed$/, '\nSELECT count(*)::bigint INTO updated FROM changed'), '  ')};`,
    `  ${replicaReset('renamer_quiet', 'renamer_role')}`,
    '  total := total + updated;',
    '  COMMIT;',
    `  EXIT WHEN updated = 0 AND NOT EXISTS (SELECT 1 FROM ${quoteQualified(r.table)} WHERE ${quoteIdent(dst)} IS DISTINCT FROM ${quoteIdent(columnsOf(r, reverse).src)});`,
    '  IF updated = 0 THEN',
    '    tries := tries + 1;',
    `    IF tries > ${SWEEP_TRIES} THEN RAISE EXCEPTION 'renamer backfill %: rows stay locked; run it again', ${label}; END IF;`,
    '    PERFORM pg_catalog.pg_sleep(0.1);',
    '  END IF;',
    'END LOOP;',
    `RAISE NOTICE 'renamer backfill %: done, % rows copied', ${label}, total;`,
  ];
  const declare = ['DECLARE', ...r.key.map((k, i) => `  ${vars[i]} ${k.type};`), '  updated bigint;', '  total bigint := 0;', '  tries int := 0;', '  first boolean := true;', `  ${savedReplicaRole('renamer_role')}`, '  renamer_quiet boolean;'];
  const block = doBlock(body);
  // doBlock writes BEGIN ... END; the declarations go in front of its BEGIN.
  return block.replace(/^(DO \$[a-z0-9]*\$\n)BEGIN\n/, `$1${declare.join('\n')}\nBEGIN\n`);
}

import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, UsageError } from '../errors.js';
import type { Rename } from '../words/index.js';
import type { CommandIO } from './io.js';
import { usageErrorFrom } from './args.js';
import { SQL_HELP } from './help.js';
import {
  currentHead, decisionsFromInput, generateMigration, loadSchemaFiles, openPglite, openServer, parseColumnName,
  parseRenameFlag, readJson, readSchemaFiles, readSqlConfig, renderAlembic, renderFiles, renderJson, validatePlanInput,
  verifyMigration, type Decision, type GeneratedMigration, type SqlSession,
} from '../sql/index.js';
import { pgliteExtensions } from '../sql/connect.js';
import { LOCK_TIMEOUT, STATEMENT_TIMEOUT, TIMEOUT_PATTERN, type Timeouts } from '../sql/render.js';
import { quoteIdent } from '../sql/quote.js';
import { BACKUP_SCHEMA } from '../sql/analyze.js';
import { parseNewColumnName } from '../sql/plan.js';
import { maskConnectionString, maskSecrets } from '../sql/mask.js';
import { phaseFailureText, runScriptUntilFailure, scriptFailureText } from '../sql/run-report.js';
import {
  DEFAULT_BACKFILL, ONLINE_LOCK_TIMEOUT, PHASES, onlineStatus, planOnline, progressText, rehearseOnline, renderOnlineAlembic, renderOnlineFiles, runPhase,
  statusText, timingsText, type OnlineProgress, type PhaseName,
} from '../sql/online/index.js';

const OPTIONS = {
  plan: { type: 'string' },
  drop: { type: 'string', multiple: true },
  'rename-column': { type: 'string', multiple: true },
  keep: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  rename: { type: 'string', multiple: true },
  schema: { type: 'string', multiple: true },
  db: { type: 'string' },
  format: { type: 'string', default: 'sql' },
  out: { type: 'string' },
  verify: { type: 'boolean', default: false },
  apply: { type: 'boolean', default: false },
  'revision-dir': { type: 'string' },
  'manual-functions': { type: 'boolean', default: false },
  'backup-schema': { type: 'string', default: BACKUP_SCHEMA },
  'lock-timeout': { type: 'string', default: LOCK_TIMEOUT },
  'statement-timeout': { type: 'string', default: STATEMENT_TIMEOUT },
  config: { type: 'string' },
  online: { type: 'boolean', default: false },
  phase: { type: 'string' },
  down: { type: 'boolean', default: false },
  status: { type: 'boolean', default: false },
  'batch-size': { type: 'string' },
  pause: { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parse>['values'];

/** `--db` may stand alone (then DATABASE_URL is used); parseArgs has no optional values, so give it an empty one. */
function normaliseDbFlag(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '--db' && (i === argv.length - 1 || argv[i + 1].startsWith('-')) ? '--db=' : arg));
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: normaliseDbFlag(argv), options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw usageErrorFrom('sql', error);
  }
}

function collectDecisions(values: Values, io: CommandIO): { decisions: Decision[]; renames: Rename[] } {
  const config = readSqlConfig(io.cwd, values.config);
  const decisions: Decision[] = [];
  if (config.database) decisions.push(...decisionsFromInput(config.database, `${path.basename(config.file!)} (database)`));
  if (values.plan !== undefined) {
    const origin = `--plan ${values.plan}`;
    decisions.push(...decisionsFromInput(validatePlanInput(readJson(path.resolve(io.cwd, values.plan), origin), origin), origin));
  }
  for (const text of values.drop ?? []) decisions.push({ action: 'drop', target: parseColumnName(text, '--drop'), origin: '--drop' });
  for (const text of values['rename-column'] ?? []) decisions.push(parseRenameFlag(text));
  for (const text of values.keep ?? []) decisions.push({ action: 'keep', target: parseColumnName(text, '--keep'), origin: '--keep' });
  const renames: Rename[] = [...config.renames];
  // A migration needs the new name, as apply does (scan and check accept --from alone).
  if (values.to !== undefined && values.from === undefined) throw new UsageError('--to needs --from');
  if (values.from !== undefined && values.to === undefined) throw new UsageError('--from needs --to');
  if (values.from !== undefined && values.to !== undefined) renames.push({ from: values.from, to: values.to });
  for (const text of values.rename ?? []) {
    const [from, to, extra] = text.split('=');
    if (!from || !to || extra !== undefined) throw new UsageError(`--rename: "${text}" must be OLD=NEW`);
    renames.push({ from, to });
  }
  if (decisions.length === 0 && renames.length === 0) {
    throw new UsageError('nothing to do: give a plan (--plan, --drop, --rename-column, --keep or the config\'s database section) or --from/--to');
  }
  return { decisions, renames };
}

async function openSession(values: Values, io: CommandIO): Promise<{ session: SqlSession; url?: string }> {
  const schemas = values.schema ?? [];
  if (values.db !== undefined && schemas.length > 0) throw new UsageError('use either --schema (embedded PGlite) or --db (a server), not both');
  if (values.apply && values.db === undefined) throw new UsageError('--apply needs --db: it commits to a server, never to --schema');
  if (values.db !== undefined) {
    const url = values.db === '' ? io.env.DATABASE_URL : values.db;
    if (!url) throw new UsageError('--db without a URL reads DATABASE_URL, which is not set');
    const onWarning = (warning: string) => io.stderr(`renamer sql: warning: ${warning}\n`);
    return { session: await openServer(url, values.db === '' ? '--db (DATABASE_URL)' : '--db', { onWarning }), url };
  }
  if (schemas.length === 0) throw new UsageError('renamer sql needs a database: --schema FILE.sql (embedded PGlite) or --db [URL]');
  const files = await readSchemaFiles(schemas, io.cwd);
  const session = await openPglite(pgliteExtensions(files.map((f) => f.text)), io.env);
  try {
    await loadSchemaFiles(session, files);
  } catch (error) {
    await session.close();
    throw error;
  }
  return { session };
}

function summaryLine(m: GeneratedMigration): string {
  return m.model.columns.map(({ decision, facts }) => (decision.action === 'rename' ? `rename ${facts.column} to ${decision.to}` : `${decision.action} ${facts.column}`)).join(', ');
}

/**
 * Prints or writes the migration. `runnable` false (undecided candidates, a failed rehearsal) leaves out every file a
 * person could run by mistake; the JSON report is still printed, since it is a report.
 */
async function output(values: Values, io: CommandIO, m: GeneratedMigration, head: string | undefined, runnable: boolean, out = values.out): Promise<void> {
  const format = values.format;
  const written: Record<string, string> = {};
  if (format === 'json') {
    io.stdout(renderJson(m));
  } else if (!runnable) {
    return;
  } else if (format === 'sql') {
    const files = renderFiles(m);
    if (out !== undefined) Object.assign(written, files);
    else if (!values.verify) io.stdout(files['up.sql']);
  } else {
    const { revision, text } = renderAlembic(m.statements, summaryLine(m), head, m.settings);
    if (out !== undefined) written[`${revision}_renamer.py`] = text;
    else io.stdout(text);
  }
  if (out === undefined || Object.keys(written).length === 0) return;
  const dir = path.resolve(io.cwd, out);
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(written)) await writeFile(path.join(dir, name), text);
  } catch (error) {
    throw new InputError(`--out ${out}: cannot write the files (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  io.stderr(`renamer sql: wrote ${Object.keys(written).join(', ')} to ${out}\n`);
}

/** --out names a folder; an existing file there is refused before any database work. */
function refuseOutFile(out: string | undefined, cwd: string): void {
  if (out === undefined) return;
  if (out === '') throw new UsageError('--out expects a folder, e.g. --out migrations/0042');
  const stats = statSync(path.resolve(cwd, out), { throwIfNoEntry: false });
  if (stats && !stats.isDirectory()) throw new InputError(`--out ${out}: is a file; --out names a folder for up.sql, down.sql and the checks`);
}

async function run(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parse(argv);
  if (!['sql', 'alembic', 'json'].includes(values.format)) throw new UsageError(`--format: "${values.format}" is not one of sql, alembic, json`);
  if (values.online) return runOnline(values, io, argv);
  for (const flag of ['phase', 'down', 'status', 'batch-size', 'pause'] as const) if (values[flag]) throw new UsageError(`--${flag} only applies with --online`);
  const { decisions, renames } = collectDecisions(values, io);
  if (values['revision-dir'] !== undefined && values.format !== 'alembic') throw new UsageError('--revision-dir only applies to --format alembic');
  // Read before any database work, so that several heads fail fast and run nothing.
  const head = values['revision-dir'] !== undefined ? currentHead(path.resolve(io.cwd, values['revision-dir'])) : undefined;
  refuseOutFile(values.out, io.cwd);
  const timeouts = readTimeouts(values);
  const backupSchema = parseNewColumnName(values['backup-schema'], '--backup-schema');
  const { session } = await openSession(values, io);
  try {
    const m = await generateMigration(session, decisions, renames, { manualFunctions: values['manual-functions'], timeouts, backupSchema });
    let code = 0;
    for (const c of m.undecided) {
      // Quoted as SQL reads them: pasted unquoted, `flowId` would fold to flowid.
      const options = c.kind === 'table' ? 'drop, keep, or rename it' : `a ${c.kind} column: keep or rename it`;
      io.stderr(`renamer sql: undecided candidate ${[c.schema, c.table, c.column].map(quoteIdent).join('.')} (${options}, e.g. to ${quoteIdent(c.suggestion)})\n`);
    }
    for (const b of m.model.blockers) io.stderr(`renamer sql: error: ${b}\n`);
    for (const w of m.model.warnings) io.stderr(`renamer sql: warning: ${w}\n`);
    if (m.undecided.length > 0 || m.model.blockers.length > 0) code = 1;
    let runnable = m.undecided.length === 0;
    if (values.verify) {
      const result = await verifyMigration(session, m.statements, m.settings);
      for (const step of result.steps) io.stdout(`${step.error ? 'FAIL' : 'ok  '} ${step.name} (${step.statements} statements)${step.error ? `: ${step.error}` : ''}\n`);
      io.stdout(result.ok ? `verified on ${session.label}: every step ran and was rolled back\n` : `verify failed on ${session.label}; everything was rolled back\n`);
      if (!result.ok) code = 1;
      runnable &&= result.ok || m.model.blockers.length > 0;
    } else if (code === 0) {
      // Nothing is called generated before it ran: the whole round trip is rehearsed and rolled back first.
      const result = await verifyMigration(session, m.statements, m.settings);
      const failed = result.steps.find((step) => step.error);
      if (failed) {
        io.stderr(`renamer sql: error: the migration fails when rehearsed on ${session.label} (rolled back) at ${failed.name}: ${failed.error!.split('\n')[0]}\n`);
        code = 1;
        runnable = false;
      }
    }
    if (values.apply) {
      if (code !== 0) throw new InputError('--apply refused: resolve the errors and undecided candidates above first');
      const files = renderFiles(m);
      // The way back is on disk before anything runs: down.sql and the checks, in --out or a dated folder.
      const out = values.out ?? `renamer-sql-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await output(values, io, m, head, true, out);
      const failure = await runScriptUntilFailure(session, files['up.sql'], 'up.sql');
      if (failure) {
        io.stderr(scriptFailureText(failure, out));
        return 1;
      }
      const check = await verifyChecksOnly(session, m);
      io.stdout(check ?? `applied to ${session.label}; post-check passed\n`);
      if (check) code = 1;
      return code;
    }
    await output(values, io, m, head, runnable);
    return code;
  } finally {
    await session.close();
  }
}

/** --lock-timeout / --statement-timeout, checked here so a typo fails before any database work. */
function readTimeouts(values: Values): Timeouts {
  for (const flag of ['lock-timeout', 'statement-timeout'] as const) {
    if (!TIMEOUT_PATTERN.test(values[flag])) throw new UsageError(`--${flag}: "${values[flag]}" is not a PostgreSQL duration (e.g. 5s, 500ms, 2min, 0 for none)`);
  }
  return { lockTimeout: values['lock-timeout'], statementTimeout: values['statement-timeout'] };
}

async function verifyChecksOnly(session: SqlSession, m: GeneratedMigration): Promise<string | undefined> {
  try {
    for (const statement of m.statements.postCheck) await session.exec(statement);
    return undefined;
  } catch (error) {
    return `applied, but the post-check failed: ${(error as Error).message}\n`;
  }
}

/** `renamer sql --online` (issue 13): the engine is src/sql/online; this reads the flags and prints. */
async function runOnline(values: Values, io: CommandIO, argv: readonly string[]): Promise<number> {
  const flags = readOnlineFlags(values, argv);
  const planned = values.status && !values.plan && !values.config && !values['rename-column'] && !values.drop && !values.from;
  const { decisions } = planned ? { decisions: [] } : collectDecisions(values, io);
  refuseOutFile(values.out, io.cwd);
  if (values.apply && values.db === undefined) throw new UsageError('--apply needs --db: it commits to a server, never to --schema');
  const { session } = await openSession(values, io);
  try {
    const m = await planOnline(session, decisions, { timeouts: flags.timeouts, backupSchema: parseNewColumnName(values['backup-schema'], '--backup-schema'), manualFunctions: values['manual-functions'] });
    if (values.status) {
      const rows = await onlineStatus(session, m);
      io.stdout(values.format === 'json' ? `${JSON.stringify({ version: 1, renames: rows }, null, 2)}\n` : statusText(rows));
      return 0;
    }
    for (const b of m.blockers) io.stderr(`renamer sql: error: ${b}\n`);
    for (const w of m.warnings) io.stderr(`renamer sql: warning: ${w}\n`);
    if (m.blockers.length > 0) return 1;
    if (values.schema !== undefined && values.format !== 'json') {
      // The PGlite copy is throwaway: every phase, a re-run and every down run on it for real before anything is printed.
      const steps = await rehearseOnline(session, m);
      if (values.verify) for (const step of steps) io.stdout(`${step.error ? 'FAIL' : 'ok  '} ${step.name}${step.error ? `: ${step.error}` : ''}\n`);
      const failed = steps.find((step) => step.error);
      if (failed) {
        io.stderr(`renamer sql: error: the online migration fails when rehearsed on ${session.label} at ${failed.name}: ${failed.error}\n`);
        return 1;
      }
      if (values.verify) {
        io.stdout(`verified on ${session.label}: every phase, a re-run of each and every down ran\n`);
        return 0;
      }
    }
    if (values.apply) {
      let last = 0;
      const onProgress = (event: OnlineProgress) => {
        // Batches at most once a second; every step and retry.
        if (event.kind === 'batch' && !event.done && performance.now() - last < 1000) return;
        last = performance.now();
        io.stderr(`renamer sql: ${progressText(event)}`);
      };
      const direction = flags.down ? 'down' : 'up';
      const started: string[] = [];
      let timings;
      try {
        timings = await runPhase(session, m, flags.phase, direction, { backfill: flags.backfill, onProgress: (event) => {
          if (event.kind === 'step') started.push(event.title);
          onProgress(event);
        } });
      } catch (error) {
        if (started.length === 0) throw error;
        const command = `renamer sql ${shellWords(argv.filter((arg) => arg !== '--down'), values.db)}`;
        io.stderr(phaseFailureText(flags.phase, direction, started.slice(0, -1), started.at(-1)!, error, command));
        return 1;
      }
      io.stdout(timingsText(flags.phase, direction, timings, session.label));
      return 0;
    }
    const files = values.format === 'alembic' ? renderOnlineAlembic(m, flags.backfill, values['revision-dir'] !== undefined ? currentHead(path.resolve(io.cwd, values['revision-dir'])) : undefined) : renderOnlineFiles(m, flags.backfill);
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify({ version: 1, online: true, renames: m.renames, blockers: m.blockers, warnings: m.warnings, files: renderOnlineFiles(m, flags.backfill) }, null, 2)}\n`);
      return 0;
    }
    if (values.out === undefined) {
      const index = PHASES.indexOf(flags.phase);
      const name = Object.keys(files).find((f) => f.startsWith(`${index + 1}-${flags.phase}${flags.down ? '.down' : ''}`) && (flags.down || !f.includes('.down')))!;
      io.stdout(files[name]);
      return 0;
    }
    const dir = path.resolve(io.cwd, values.out);
    try {
      await mkdir(dir, { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    } catch (error) {
      throw new InputError(`--out ${values.out}: cannot write the files (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
    }
    io.stderr(`renamer sql: wrote ${Object.keys(files).join(', ')} to ${values.out}\n`);
    return 0;
  } finally {
    await session.close();
  }
}

/**
 * argv as a shell line a person can paste: words quoted where the shell would split or expand them, and the
 * connection string's password masked (it is never printed, even in advice).
 */
function shellWords(argv: readonly string[], db: string | undefined): string {
  const masked = db ? maskConnectionString(db) : undefined;
  return argv
    .map((arg) => (db && arg.includes(db) ? arg.replace(db, masked!) : arg))
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}

/** The online flags, checked before any database work. Online steps wait briefly for locks and retry. */
function readOnlineFlags(values: Values, argv: readonly string[]) {
  const phase = (values.phase ?? 'expand') as PhaseName;
  if (!PHASES.includes(phase)) throw new UsageError(`--phase: "${values.phase}" is not one of ${PHASES.join(', ')}`);
  if (values.apply && values.phase === undefined) throw new UsageError('--online --apply needs --phase (expand, backfill or contract; --down for its down)');
  if (values.verify && values.schema === undefined) throw new UsageError('--online --verify needs --schema: the online phases commit step by step, so they are rehearsed on PGlite only');
  const batchSize = values['batch-size'] === undefined ? DEFAULT_BACKFILL.batchSize : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`--batch-size: "${values['batch-size']}" is not a positive whole number`);
  const pause = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(values.pause ?? '0');
  if (!pause) throw new UsageError(`--pause: "${values.pause}" is not a duration (e.g. 50ms, 1s)`);
  const pauseMs = Number(pause[1]) * (pause[2] === 's' ? 1000 : 1);
  const lockTimeoutGiven = argv.some((a) => a === '--lock-timeout' || a.startsWith('--lock-timeout='));
  const timeouts = readTimeouts(lockTimeoutGiven ? values : { ...values, 'lock-timeout': ONLINE_LOCK_TIMEOUT });
  return { phase, down: values.down, backfill: { batchSize, pauseMs }, timeouts };
}

/** `renamer sql`: argv excludes the word `sql`. Exit 0 generated/verified, 1 undecided/blocked/failed verify, 2 usage or input error. */
export async function runSqlCommand(argv: string[], io: CommandIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(SQL_HELP);
    return 0;
  }
  // Any argument may be the --db value (a URL, a keyword string, host-first): mask the secrets of all of them.
  const connections = [io.env.DATABASE_URL, ...argv.map((a) => a.replace(/^--db=/, ''))];
  try {
    return await run(argv, io);
  } catch (error) {
    const message = maskSecrets(error instanceof Error ? error.message : String(error), connections);
    io.stderr(`renamer sql: ${message.split('\n')[0]}\n`);
    return 2;
  }
}

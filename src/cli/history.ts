import { plannedColumns } from '../check/columns.js';
import { validateDatabasePlan } from '../check/database-plan.js';
import type { RenamerOptions } from '../config/options.js';
import { resolveOptions } from '../config/resolve.js';
import type { HistoryPoint } from '../history/model.js';
import type { PlanColumn } from '../report/html/model.js';
import { UsageError } from '../errors.js';
import { history, type HistoryCommit } from '../history/history.js';
import { PLAN_OPTIONS, OUTPUT_OPTIONS, parseCommandArgs, planFlagsFrom, type ParsedValues } from './args.js';
import { HISTORY_HELP } from './help.js';
import type { CommandIO } from './io.js';
import { emit, progressReporter } from './output.js';

const HISTORY_OPTIONS = {
  ...PLAN_OPTIONS,
  ...OUTPUT_OPTIONS,
  since: { type: 'string' },
  every: { type: 'string' },
  'ignore-comments': { type: 'boolean' },
} as const;

/** `--every N`: a positive whole number. */
export function everyFrom(values: ParsedValues): number {
  const every = values.every as string | undefined;
  if (every === undefined) return 1;
  if (!/^[1-9]\d*$/.test(every)) throw new UsageError(`--every: "${every}" is not a positive whole number of commits`);
  return Number(every);
}

function table(commits: readonly HistoryCommit[]): string {
  const header = ['commit', 'date', 'references', 'change', 'subject'];
  const rows = commits.map((c, i) => {
    const change = i === 0 ? 0 : c.references - commits[i - 1].references;
    return [c.commit.slice(0, 10), c.date.slice(0, 10), String(c.references), change === 0 ? '' : change > 0 ? `+${change}` : String(change), c.subject];
  });
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
  const numeric = new Set([2, 3]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) => (col === cells.length - 1 ? cell : numeric.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function summaryLine(commits: readonly HistoryCommit[]): string {
  if (commits.length === 0) return 'renamer history: no commits';
  const first = commits[0].references;
  const last = commits[commits.length - 1].references;
  return `renamer history: ${commits.length} commit${commits.length === 1 ? '' : 's'}, ${first} → ${last} reference${last === 1 ? '' : 's'}`;
}

/** `renamer history`: the count of remaining references at each commit of the current branch. Exit 0 with a report. */
export async function runHistoryCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('history', argv, HISTORY_OPTIONS);
  if (values.help) {
    io.stdout(HISTORY_HELP);
    return 0;
  }
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: unknown format "${format}" (expected one of text, json)`);
  if (values.since === '') throw new UsageError('--since expects a git revision, e.g. --since v1.2.0');
  const every = everyFrom(values);
  const options = resolveOptions(io.cwd, { ...planFlagsFrom(values, positionals), fromAlone: true });
  if (options.renames.length === 0) throw new UsageError('nothing to count: give --from NAME, --rename OLD=NEW, or a config file with "renames"');
  const progress = progressReporter(io, 'counting', { format, toFile: Boolean(values.output) });
  progress.start('listing commits');
  const started = Date.now();
  const result = await history(options, {
    since: values.since as string | undefined,
    every,
    ignoreComments: Boolean(values['ignore-comments']),
    onProgress: (done, total) => progress.update(done, total, 'commits'),
  });
  progress.done();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const text =
    format === 'json'
      ? `${JSON.stringify({ version: 1, commits: result.commits, fileVersionsRead: result.fileVersionsRead }, null, 2)}\n`
      : `${table(result.commits)}\n${summaryLine(result.commits)}\n`;
  emit(io, text, values.output as string | undefined);
  io.stderr(`renamer history: ${result.commits.length} commits, ${result.fileVersionsRead} file versions read, in ${seconds} s\n`);
  return 0;
}

/** `check --history`: the branch's count for the HTML report's line chart, with progress as `renamer history` shows it. */
export async function htmlHistory(io: CommandIO, options: RenamerOptions, ignoreComments: boolean): Promise<HistoryPoint[]> {
  if (options.renames.length === 0) return [];
  const progress = progressReporter(io, 'history', { format: 'html' });
  progress.start('listing commits');
  const result = await history(options, { ignoreComments, onProgress: (done, total) => progress.update(done, total, 'commits') });
  progress.done();
  return result.commits.map(({ commit, date, subject, references }) => ({ commit, date, subject, references }));
}

/** The database plan's columns, for the HTML report's table of what each decision waits for. */
export function planColumnsOf(options: RenamerOptions): PlanColumn[] {
  const plan = options.database ? validateDatabasePlan(options.database, 'config "database"') : undefined;
  return plannedColumns(plan).map(({ qualified, action, to }) => ({ qualified, action, ...(to !== undefined ? { to } : {}) }));
}

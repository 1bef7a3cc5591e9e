import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveOptions } from '../config/resolve.js';
import { InputError, UsageError } from '../errors.js';
import { baselineFrom, formatBaseline, readBaseline } from '../check/baseline.js';
import { check } from '../check/check.js';
import { readPlanFile } from '../check/database-plan.js';
import { changedFiles, stagedSnapshot, type StagedSnapshot } from '../check/git-scope.js';
import { narrowToFiles } from '../check/scope.js';
import { saveRunRecord } from '../check/run-record.js';
import type { RenamerOptions } from '../config/options.js';
import { DEFAULT_CONFIG_NAME } from '../config/config-file.js';
import { defaultCacheDir } from '../scan/cache.js';
import { RunInputs } from '../scan/run-inputs.js';
import { reporterFor } from '../report/index.js';
import { HTML_OPTIONS, OUTPUT_OPTIONS, PLAN_OPTIONS, parseCommandArgs, planFlagsFrom, useColor } from './args.js';
import { CHECK_HELP } from './help.js';
import type { CommandIO } from './io.js';
import { emit, htmlLinks, scanProgress } from './output.js';
import { htmlHistory, planColumnsOf } from './history.js';

const CHECK_OPTIONS = {
  ...PLAN_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...HTML_OPTIONS,
  history: { type: 'boolean' },
  'ignore-comments': { type: 'boolean' },
  'allow-unreadable': { type: 'boolean' },
  baseline: { type: 'string' },
  'update-baseline': { type: 'string' },
  since: { type: 'string' },
  staged: { type: 'boolean' },
  plan: { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

function refuseCombinations(values: Record<string, unknown>): void {
  if (values.baseline !== undefined && values['update-baseline'] !== undefined) throw new UsageError('--baseline and --update-baseline cannot be used together');
  if (values.since !== undefined && values.staged) throw new UsageError('--since and --staged cannot be used together');
  if (values['update-baseline'] !== undefined && (values.since !== undefined || values.staged)) {
    throw new UsageError('--update-baseline writes the whole baseline; it cannot be used with --since or --staged');
  }
  if (values.since === '') throw new UsageError('--since expects a git ref, e.g. --since origin/main');
  if (values.history && values.format !== 'html') throw new UsageError('--history draws a chart: it needs --format html');
  if (values.history && (values.since !== undefined || values.staged)) throw new UsageError('--history counts the whole branch; it cannot be used with --since or --staged');
}

function writeBaseline(io: CommandIO, file: string, text: string): void {
  try {
    writeFileSync(path.resolve(io.cwd, file), text);
  } catch (error) {
    throw new InputError(`--update-baseline: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}

/** `renamer check`: the CI gate. Exit 0 when nothing remains (or only what the baseline lists), 1 otherwise. */
export async function runCheckCommand(argv: string[], commandIO: CommandIO): Promise<number> {
  const startedAt = Date.now();
  const { values, positionals } = parseCommandArgs('check', argv, CHECK_OPTIONS);
  // What the run prints is kept for its run record (src/check/run-record.ts), progress aside.
  const printed = { stdout: '', stderr: '' };
  const io: CommandIO = {
    ...commandIO,
    stdout: (text) => ((printed.stdout += text), commandIO.stdout(text)),
    stderr: (text) => ((printed.stderr += text), commandIO.stderr(text)),
  };
  if (values.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  refuseCombinations(values);
  const reporter = await reporterFor((values.format as string | undefined) ?? 'text', ['text', 'json', 'markdown', 'sarif', 'github', 'html']);
  const html = await htmlLinks(io, values);
  const database = values.plan !== undefined ? readPlanFile(io.cwd, values.plan as string) : undefined;
  // A gate needs only the old name; the baseline is renamer's own file, never a source.
  const ownFiles = [values.baseline, values['update-baseline']].filter((file): file is string => typeof file === 'string');
  let options = resolveOptions(io.cwd, { ...planFlagsFrom(values, positionals), ...(database ? { database } : {}), fromAlone: true, ownFiles });
  const plan = options.database;
  if (options.renames.length === 0 && !(plan?.drop?.length || Object.keys(plan?.rename ?? {}).length)) {
    throw new UsageError('nothing to check: give --from NAME (and --to NAME), --rename OLD=NEW, a config file with "renames", or a --plan that drops or renames columns');
  }
  const baselineFile = values.baseline as string | undefined;
  const baseline = baselineFile !== undefined ? readBaseline(io.cwd, baselineFile) : undefined;
  let snapshot: StagedSnapshot | undefined;
  if (values.since !== undefined) options = narrowToFiles(options, await changedFiles(io.cwd, { since: values.since as string }));
  else if (values.staged) {
    options = narrowToFiles(options, await changedFiles(io.cwd, { staged: true }));
    snapshot = stagedSnapshot(io.cwd, options.paths);
    options = Object.freeze({ ...options, cwd: snapshot.cwd, paths: snapshot.paths });
  }

  const progress = scanProgress(commandIO, { format: values.format as string | undefined, toFile: Boolean(values.output) });
  const inputs = recordable(values, options) ? new RunInputs() : undefined;
  let result: Awaited<ReturnType<typeof check>>;
  try {
    result = await check(options, {
      ignoreComments: Boolean(values['ignore-comments']),
      allowUnreadable: Boolean(values['allow-unreadable']),
      baseline,
      onProgress: progress.onProgress,
      // By the work tree, not a --staged snapshot (a temporary folder): later runs find what this one cached.
      ...(values['no-cache'] ? {} : { cacheDir: defaultCacheDir(io.cwd) }),
      inputs,
    });
  } finally {
    snapshot?.dispose();
  }
  progress.done();

  const update = values['update-baseline'] as string | undefined;
  if (update !== undefined) {
    writeBaseline(io, update, formatBaseline(baselineFrom(result.remaining)));
    io.stderr(`renamer check: wrote ${result.remaining.length} reference${result.remaining.length === 1 ? '' : 's'} to ${update}\n`);
    return 0;
  }
  const history = values.history ? await htmlHistory(io, options, Boolean(values['ignore-comments'])) : undefined;
  const context = {
    command: 'check' as const,
    color: useColor(values, io) && !values.output,
    failing: result.failing,
    unreadable: result.unreadable,
    ...(baselineFile !== undefined ? { baseline: { file: baselineFile, stale: result.stale } } : {}),
    html: { ...html, columns: planColumnsOf(options), ...(history ? { history } : {}) },
  };
  emit(io, reporter(result.report, context), values.output as string | undefined);
  if (result.stale.length) {
    const gone = result.stale.reduce((sum, entry) => sum + entry.missing, 0);
    io.stderr(`renamer check: ${baselineFile} lists ${gone} reference${gone === 1 ? ' that is' : 's that are'} gone; run \`renamer check --update-baseline ${baselineFile}\` (with the same options) and commit it, so the count only goes down\n`);
  }
  if (result.unreadable.length) {
    const count = result.unreadable.length;
    io.stderr(`renamer check: ${count} file${count === 1 ? '' : 's'} that may hold a retired name could not be read (listed under skipped); fix or --exclude ${count === 1 ? 'it' : 'them'}, or pass --allow-unreadable\n`);
  }
  const code = result.passed ? 0 : 1;
  if (inputs) {
    const files = [path.join(io.cwd, DEFAULT_CONFIG_NAME), ...[values.config, baselineFile].filter((file): file is string => typeof file === 'string').map((file) => path.resolve(io.cwd, file))];
    saveRunRecord({ argv: ['check', ...argv], cwd: io.cwd, env: io.env, isTTY: io.isTTY, stderrIsTTY: io.stderrIsTTY }, { inputs, files, roots: options.paths, startedAt }, { ...printed, code });
  }
  return code;
}

/**
 * Whether the run can have a run record: a plain gate over the work tree whose report goes to stdout. Not --since
 * or --staged (git's state is an input), --update-baseline (it writes), --history and HTML (git's history and
 * links), --output (a file to write), a database plan (the column cross-check reads further), nor --no-cache.
 */
function recordable(values: Record<string, unknown>, options: RenamerOptions): boolean {
  const excluded = ['since', 'staged', 'update-baseline', 'history', 'output', 'plan', 'no-cache'] as const;
  return excluded.every((flag) => values[flag] === undefined || values[flag] === false) && values.format !== 'html' && options.database === undefined;
}

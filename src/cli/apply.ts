import { resolveOptions } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import { applyFailed, applyRename, type ApplyResult } from '../rewrite/apply.js';
import { unifiedDiff } from '../rewrite/diff.js';
import { fileRenamesSummary, renameLines } from '../rewrite/file-renames.js';
import { journalFolder } from '../rewrite/journal.js';
import { stoppedReport, undoSummary, writeOutcomeSummary } from '../rewrite/journal-summary.js';
import { applySummary, unreadCodeFiles } from '../rewrite/summary.js';
import { undoLastApply } from '../rewrite/undo.js';
import { PLAN_OPTIONS, parseCommandArgs, planFlagsFrom, useColor, type ParsedValues } from './args.js';
import { APPLY_HELP } from './help.js';
import type { CommandIO } from './io.js';
import { progressReporter, scanProgress } from './output.js';

const APPLY_OPTIONS = {
  ...PLAN_OPTIONS,
  'dry-run': { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  'rename-unattributed': { type: 'boolean' },
  'rename-external': { type: 'boolean' },
  'force-read-only': { type: 'boolean' },
  files: { type: 'boolean' },
  undo: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Signals while files are being written finish the file at hand and stop the run, so that it can say what it
 * wrote; before that (scanning, planning) a signal ends the process as usual, as does a second signal.
 */
function interruptsWhileWriting(): { signal: AbortSignal; writing: () => void; dispose: () => void } {
  const controller = new AbortController();
  let writing = false;
  const dispose = () => {
    for (const name of SIGNALS) process.off(name, onSignal);
  };
  function onSignal(name: NodeJS.Signals) {
    dispose();
    if (writing) controller.abort(name);
    else process.kill(process.pid, name);
  }
  for (const name of SIGNALS) process.on(name, onSignal);
  return { signal: controller.signal, writing: () => void (writing = true), dispose };
}

/** `renamer apply --undo`: 0 restored, 1 files refused or changed meanwhile, 2 stopped half-way. */
async function runUndo(values: ParsedValues, positionals: readonly string[], io: CommandIO): Promise<number> {
  const planFlags = Object.keys(PLAN_OPTIONS).filter((key) => values[key] !== undefined);
  if (values.files) planFlags.push('files');
  if (positionals.length > 0 || planFlags.length > 0) {
    throw new UsageError(`--undo restores the last run and takes no paths or plan options (got ${positionals.length > 0 ? positionals[0] : `--${planFlags[0]}`})`);
  }
  const dryRun = Boolean(values['dry-run']);
  const interrupts = interruptsWhileWriting();
  const progress = progressReporter(io, 'restoring');
  try {
    const result = await undoLastApply(io.cwd, {
      dryRun,
      journalFolder: journalFolder(io.cwd, io.env),
      signal: interrupts.signal,
      onWriteProgress: (done, total) => {
        interrupts.writing();
        progress.update(done, total);
      },
    });
    progress.done();
    if (result.outcome?.stopped) {
      io.stderr(stoppedReport('apply --undo', result.outcome, result.journalFolder));
      return 2;
    }
    // apply --files: the renames were put back before the contents.
    for (const line of result.renamedBack ?? []) io.stdout(`${dryRun ? 'would rename back' : 'renamed back'} ${line}\n`);
    io.stdout(undoSummary(io.cwd, result, dryRun));
    return result.refused.length > 0 || (result.outcome?.changed.length ?? 0) > 0 ? 1 : 0;
  } finally {
    interrupts.dispose();
  }
}

/**
 * `renamer apply`: rewrite every counted reference (or, with --dry-run, show the diff); exit 1 when conflicts were
 * left or files changed during the run, 2 when the run stopped half-way (it lists what it wrote).
 */
export async function runApplyCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('apply', argv, APPLY_OPTIONS);
  if (values.help) {
    io.stdout(APPLY_HELP);
    return 0;
  }
  if (values.undo) return runUndo(values, positionals, io);
  const options = resolveOptions(io.cwd, { ...planFlagsFrom(values, positionals), files: Boolean(values.files) });
  if (options.renames.length === 0 && options.map.length === 0) {
    throw new UsageError('nothing to rewrite: give --from NAME --to NAME, --rename OLD=NEW, --map OLD=NEW, or a config file');
  }
  const dryRun = Boolean(values['dry-run']);
  // discovering files → reading n/N files → resolving symbols (starting the engines) → binding n/M sites → writing.
  const progress = scanProgress(io, { after: 'resolving symbols' });
  const binding = progressReporter(io, 'binding');
  const writing = progressReporter(io, 'writing');
  const interrupts = interruptsWhileWriting();
  let result: ApplyResult;
  try {
    result = await applyRename(options, {
      dryRun,
      allowDirty: Boolean(values['allow-dirty']),
      renameUnattributed: Boolean(values['rename-unattributed']),
      renameExternal: Boolean(values['rename-external']),
      forceReadOnly: Boolean(values['force-read-only']),
      journalFolder: dryRun ? undefined : journalFolder(io.cwd, io.env),
      signal: interrupts.signal,
      onProgress: progress.onProgress,
      onBindProgress: (engine, done, total) => {
        progress.done();
        binding.update(done, total, `${engine} sites`);
      },
      onWriteProgress: (done, total) => {
        interrupts.writing();
        binding.done();
        writing.update(done, total);
      },
    });
  } finally {
    interrupts.dispose();
    progress.done();
    binding.done();
    writing.done();
  }
  if (result.outcome?.stopped) {
    io.stderr(stoppedReport('apply', result.outcome, result.journalFolder));
    return 2;
  }
  if (dryRun && result.fileRenames) io.stdout(renameLines(result.fileRenames));
  if (dryRun) io.stdout(unifiedDiff(result.plan.files, useColor(values, io)));
  io.stdout(applySummary(result.plan, result.report, dryRun));
  if (result.fileRenames) io.stdout(fileRenamesSummary(result.fileRenames, dryRun));
  io.stdout(writeOutcomeSummary(io.cwd, result));
  const changedMeanwhile = (result.outcome?.changed.length ?? 0) > 0;
  const pathConflicts = (result.fileRenames?.conflicts.length ?? 0) > 0;
  return applyFailed(result.plan) || unreadCodeFiles(result.report).length > 0 || changedMeanwhile || pathConflicts ? 1 : 0;
}

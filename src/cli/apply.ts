import { resolveOptions } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import { applyFailed, applyRename } from '../rewrite/apply.js';
import { unifiedDiff } from '../rewrite/diff.js';
import { applySummary } from '../rewrite/summary.js';
import { PLAN_OPTIONS, parseCommandArgs, planFlagsFrom, useColor } from './args.js';
import { APPLY_HELP } from './help.js';
import type { CommandIO } from './io.js';
import { progressReporter } from './output.js';

const APPLY_OPTIONS = {
  ...PLAN_OPTIONS,
  'dry-run': { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  'rename-unattributed': { type: 'boolean' },
  'rename-external': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `renamer apply`: rewrite every counted reference (or, with --dry-run, show the diff); exit 1 when conflicts were left. */
export async function runApplyCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('apply', argv, APPLY_OPTIONS);
  if (values.help) {
    io.stdout(APPLY_HELP);
    return 0;
  }
  const options = resolveOptions(io.cwd, planFlagsFrom(values, positionals));
  if (options.renames.length === 0 && options.map.length === 0) {
    throw new UsageError('nothing to rewrite: give --from NAME --to NAME, --rename OLD=NEW, --map OLD=NEW, or a config file');
  }
  const dryRun = Boolean(values['dry-run']);
  const progress = progressReporter(io, 'scanning');
  const binding = progressReporter(io, 'binding');
  const result = await applyRename(options, {
    dryRun,
    allowDirty: Boolean(values['allow-dirty']),
    renameUnattributed: Boolean(values['rename-unattributed']),
    renameExternal: Boolean(values['rename-external']),
    onProgress: progress.update,
    onBindProgress: (engine, done, total) => {
      progress.done();
      binding.update(done, total, `${engine} sites`);
    },
  });
  progress.done();
  binding.done();
  if (dryRun) io.stdout(unifiedDiff(result.plan.files, useColor(values, io)));
  io.stdout(applySummary(result.plan, result.report, dryRun));
  return applyFailed(result.plan) ? 1 : 0;
}

import { resolveOptions } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import { reporterFor } from '../report/index.js';
import { scan } from '../scan/scan.js';
import { HTML_OPTIONS, OUTPUT_OPTIONS, PLAN_OPTIONS, parseCommandArgs, planFlagsFrom, useColor } from './args.js';
import { SCAN_HELP } from './help.js';
import type { CommandIO } from './io.js';
import { emit, htmlLinks, scanProgress } from './output.js';

/** `renamer scan`: a report of every reference, whatever it contains; exit 0 unless the input is bad. */
export async function runScanCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', argv, { ...PLAN_OPTIONS, ...OUTPUT_OPTIONS, ...HTML_OPTIONS, imports: { type: 'boolean' } });
  if (values.help) {
    io.stdout(SCAN_HELP);
    return 0;
  }
  const reporter = await reporterFor((values.format as string | undefined) ?? 'text', ['text', 'json', 'markdown', 'sarif', 'html']);
  const html = await htmlLinks(io, values);
  const options = resolveOptions(io.cwd, { ...planFlagsFrom(values, positionals), imports: Boolean(values.imports), fromAlone: true });
  if (options.renames.length === 0 && !options.imports) {
    throw new UsageError('nothing to look for: give --from NAME (and --to NAME), --rename OLD=NEW, or a config file with "renames"');
  }
  const progress = scanProgress(io, { format: values.format as string | undefined, toFile: Boolean(values.output), after: options.imports ? 'parsing and checking imports' : 'parsing' });
  const result = await scan(options, { onProgress: progress.onProgress });
  progress.done();
  emit(io, reporter(result.report, { command: 'scan', color: useColor(values, io) && !values.output, html }), values.output as string | undefined);
  return 0;
}

import { resolveOptions } from '../config/resolve.js';
import { discoverFiles } from '../discover/discover.js';
import { summarise } from '../findings/summary.js';
import type { Report } from '../findings/model.js';
import { checkImports } from '../imports/index.js';
import { reporterFor } from '../report/index.js';
import { OUTPUT_OPTIONS, parseCommandArgs, useColor } from './args.js';
import { IMPORTS_HELP } from './help.js';
import type { CommandIO } from './io.js';
import { emit, progressReporter } from './output.js';

const IMPORT_OPTIONS = {
  map: { type: 'string', multiple: true },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  config: { type: 'string' },
  'include-generated': { type: 'boolean' },
} as const;

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|pyi)$/;

/** `renamer imports`: exit 1 when any import is broken. */
export async function runImportsCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('imports', argv, { ...IMPORT_OPTIONS, ...OUTPUT_OPTIONS });
  if (values.help) {
    io.stdout(IMPORTS_HELP);
    return 0;
  }
  const reporter = await reporterFor((values.format as string | undefined) ?? 'text', ['text', 'json', 'markdown', 'sarif']);
  const options = resolveOptions(io.cwd, {
    paths: positionals,
    map: values.map as string[] | undefined,
    include: values.include as string[] | undefined,
    exclude: values.exclude as string[] | undefined,
    config: values.config as string | undefined,
  });
  const progress = progressReporter(io, 'imports', { format: values.format as string | undefined, toFile: Boolean(values.output) });
  progress.start('discovering files');
  const { files } = discoverFiles({ ...options, accept: (name) => SOURCE_FILE.test(name) });
  progress.start(`resolving the imports of ${files.length} files`);
  let checked: Awaited<ReturnType<typeof checkImports>>;
  try {
    checked = await checkImports({
      cwd: io.cwd,
      files: files.map((file) => file.absolutePath),
      map: options.map,
      includeGenerated: Boolean(values['include-generated']),
    });
  } finally {
    progress.done();
  }
  const summary = summarise({ filesScanned: checked.filesChecked, references: [], brokenImports: checked.brokenImports, importsChecked: checked.importsChecked, errors: checked.errors });
  const report: Report = { version: 1, summary, references: [], brokenImports: checked.brokenImports, conflicts: [], errors: checked.errors };
  emit(io, reporter(report, { command: 'imports', color: useColor(values, io) && !values.output }), values.output as string | undefined);
  return checked.brokenImports.length > 0 ? 1 : 0;
}

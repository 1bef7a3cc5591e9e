import { resolveOptions } from '../config/resolve.js';
import { discoverFiles } from '../discover/discover.js';
import { summarise } from '../findings/summary.js';
import type { Report } from '../findings/model.js';
import { checkImports } from '../imports/index.js';
import { reporterFor, toContractJson, type ReportContext } from '../report/index.js';
import type { UnresolvedThirdParty } from '../imports/index.js';
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
  'python-path': { type: 'string', multiple: true },
  'require-installed': { type: 'boolean' },
} as const;

/**
 * The one line that says which third-party modules were not checked because they are not installed here, with
 * the first few names; nothing when every one is installed.
 */
export function notInstalledLine(entries: readonly UnresolvedThirdParty[]): string | undefined {
  if (entries.length === 0) return undefined;
  const modules = [...new Set(entries.map((entry) => entry.module.split('.')[0]!))].sort();
  const shown = modules.slice(0, 8).join(', ') + (modules.length > 8 ? `, and ${modules.length - 8} more` : '');
  const imports = `${entries.length} import${entries.length === 1 ? '' : 's'}`;
  return `Not installed, not checked: ${imports} of ${modules.length} third-party module${modules.length === 1 ? '' : 's'} (${shown})`;
}

/** The not-installed line goes just above the closing summary, which stays the report's last lines (README). */
function withNotInstalled(output: string, line: string | undefined): string {
  if (!line) return output;
  const summary = output.lastIndexOf('Files checked: ');
  return summary === -1 ? `${output}${line}\n` : `${output.slice(0, summary)}${line}\n${output.slice(summary)}`;
}

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
    pythonPaths: values['python-path'] as string[] | undefined,
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
      python: { extraRoots: options.pythonPaths, env: io.env },
    });
  } finally {
    progress.done();
  }
  const summary = summarise({ filesScanned: checked.filesChecked, references: [], brokenImports: checked.brokenImports, importsChecked: checked.importsChecked, errors: checked.errors });
  const report: Report = { version: 1, summary, references: [], brokenImports: checked.brokenImports, conflicts: [], errors: checked.errors };
  const format = (values.format as string | undefined) ?? 'text';
  const context: ReportContext = { command: 'imports', color: useColor(values, io) && !values.output };
  const notInstalled = notInstalledLine(checked.unresolvedThirdParty);
  let text: string;
  if (format === 'json') text = `${JSON.stringify({ ...toContractJson(report, context), unresolvedThirdParty: checked.unresolvedThirdParty }, null, 2)}\n`;
  else text = withNotInstalled(reporter(report, context), format === 'sarif' ? undefined : notInstalled);
  emit(io, text, values.output as string | undefined);
  const failsOnThirdParty = Boolean(values['require-installed']) && checked.unresolvedThirdParty.length > 0;
  return checked.brokenImports.length > 0 || failsOnThirdParty ? 1 : 0;
}

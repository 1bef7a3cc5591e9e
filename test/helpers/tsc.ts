import path from 'node:path';
import ts from 'typescript';

/** The default libraries' source files, parsed once per worker for every compile (their parse is most of it). */
const libraries = new Map<string, ts.SourceFile | undefined>();
const LIBRARY_DIR = path.dirname(ts.getDefaultLibFilePath({}));
/** Command-line options that name paths: tsc resolves them against the folder it runs in. */
const PATH_OPTIONS = ['outDir', 'rootDir', 'declarationDir', 'outFile', 'tsBuildInfoFile', 'baseUrl'] as const;

/**
 * `tsc ARGS` run in `dir`, in this process, with this repository's compiler: a spawned tsc parsed and checked
 * lib.*.d.ts again for each of the golden cases and app runs, ~4 s of CPU each. The default libraries are
 * TypeScript's own, so they are not checked again (skipDefaultLibCheck); the project's code, its declaration files
 * and its dependencies' get tsc's diagnostics, and the output is emitted unless `noEmit`. Returns tsc's report, or
 * undefined when there is nothing to report.
 */
export function tsc(dir: string, args: readonly string[]): string | undefined {
  const format: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
  const commandLine = ts.parseCommandLine([...args]);
  if (commandLine.errors.length > 0) return ts.formatDiagnostics(commandLine.errors, format);
  const { project, ...extend } = commandLine.options;
  for (const key of PATH_OPTIONS) if (typeof extend[key] === 'string') extend[key] = path.resolve(dir, extend[key]);
  const where = path.resolve(dir, project ?? '.');
  const configFile = where.endsWith('.json') ? where : ts.findConfigFile(where, ts.sys.fileExists);
  if (!configFile) return `error: no tsconfig.json in ${where}`;
  let fatal: ts.Diagnostic | undefined;
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, extend, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => (fatal = d) });
  if (!parsed) return fatal ? ts.formatDiagnostics([fatal], format) : `error: cannot read ${configFile}`;
  const options = { ...parsed.options, skipDefaultLibCheck: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (path.dirname(fileName) !== LIBRARY_DIR) return getSourceFile.call(host, fileName, languageVersion, ...rest);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!libraries.has(key)) libraries.set(key, getSourceFile.call(host, fileName, languageVersion, ...rest));
    return libraries.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, host, projectReferences: parsed.projectReferences });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  if (!options.noEmit && diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
  return diagnostics.length > 0 ? ts.formatDiagnostics(diagnostics, format) : undefined;
}

/** tsc, failing with its report like a spawned tsc's non-zero exit. */
export function compile(dir: string, args: readonly string[]): void {
  const report = tsc(dir, args);
  if (report) throw new Error(`tsc ${args.join(' ')} failed in ${dir}:\n${report}`);
}

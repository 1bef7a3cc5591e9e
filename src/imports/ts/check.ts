import path from 'node:path';
import type ts from 'typescript';
import type { BrokenImport, FileError, Language } from '../../findings/model.js';
import { LineIndex } from '../../findings/positions.js';
import { loadTypeScript } from '../../lang/typescript/compiler.js';
import { displayPath, type CheckContext, type LanguageCheck, type Source } from '../context.js';
import { rewriteTsSpecifier } from '../specifier.js';
import { extractTsImports, type TsImport } from './extract.js';
import { PackageScopes } from './packages.js';
import { TsProjects, type TsProject } from './project.js';
import { AmbientModules, TsResolver, type TsResolution } from './resolve.js';

const JAVASCRIPT = /\.(c|m)?jsx?$/;
const languageOf = (file: string): Language => (JAVASCRIPT.test(file) ? 'javascript' : 'typescript');

interface Suggestion {
  readonly suggestion: string;
  readonly suggestionResolves: boolean;
}

function suggest(
  file: string,
  entry: TsImport,
  resolution: TsResolution,
  project: TsProject,
  resolver: TsResolver,
  context: CheckContext,
): Suggestion | undefined {
  let suggestion: string | undefined;
  const byPath = resolution.target === undefined ? undefined : context.moduleMap.matchPath(resolution.target);
  if (byPath) {
    suggestion = rewriteTsSpecifier({ importingFile: file, oldSpecifier: entry.specifier, newTarget: byPath.rewritten, aliases: project.aliases });
  } else {
    suggestion = context.moduleMap.matchBare(entry.specifier)?.rewritten;
  }
  if (suggestion === undefined || suggestion === entry.specifier) return undefined;
  return { suggestion, suggestionResolves: resolver.resolve(file, suggestion, entry.kind, true).resolved };
}

function isGenerated(target: string | undefined, project: TsProject, context: CheckContext): boolean {
  if (context.includeGenerated || target === undefined) return false;
  const inOutputDir = project.outputDirs.some((dir) => target === dir || target.startsWith(dir + path.sep));
  return inOutputDir || context.generated.contains(target);
}

/** TypeScript and JavaScript imports, resolved the way the project's own tsconfig makes TypeScript resolve them. */
export function checkTsFiles(sources: readonly Source[], context: CheckContext): LanguageCheck {
  // Loaded here, not at the top: a Python-only tree never pays for the compiler.
  const typescript = loadTypeScript();
  const ambient = new AmbientModules();
  const extracted = sources.map((source) => {
    const found = extractTsImports(typescript, source.text);
    for (const name of found.ambientModules) ambient.add(name);
    return found.imports;
  });
  const projects = new TsProjects(typescript, context.fsCache, context.cwd);
  const resolver = new TsResolver(typescript, context.fsCache, projects, new PackageScopes(context.fsCache), ambient, context.cwd);
  const brokenImports: BrokenImport[] = [];
  const errors: FileError[] = [];
  const reportedConfigs = new Set<string>();
  let importsChecked = 0;
  sources.forEach((source, index) => {
    const file = source.absolutePath;
    const project = projects.forFile(file);
    if (project.configFile && project.errors.length > 0 && !reportedConfigs.has(project.configFile)) {
      reportedConfigs.add(project.configFile);
      errors.push({ file: displayPath(context.cwd, project.configFile), message: project.errors.join('; ') });
    }
    let lines: LineIndex | undefined;
    for (const entry of extracted[index]) {
      importsChecked++;
      const resolution = resolver.resolve(file, entry.specifier, entry.kind);
      if (resolution.resolved || isGenerated(resolution.target, project, context)) continue;
      lines ??= new LineIndex(source.text);
      const { line, column } = lines.position(entry.start);
      brokenImports.push({
        file: displayPath(context.cwd, file),
        line,
        column,
        specifier: entry.specifier,
        language: languageOf(file),
        ...suggest(file, entry, resolution, project, resolver, context),
      });
    }
  });
  return { brokenImports, importsChecked, filesChecked: sources.length, errors };
}

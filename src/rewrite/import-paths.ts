import { readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type ts from 'typescript';
import type { RenamerOptions } from '../config/options.js';
import type { Conflict } from '../findings/model.js';
import { LineIndex } from '../findings/positions.js';
import { suppressedLines } from '../findings/suppression.js';
import { FsCache } from '../imports/fs-cache.js';
import { createModuleMap, type ModuleMap } from '../imports/module-map.js';
import { pythonChecker, type PythonChecker } from '../imports/python/check.js';
import { pythonMoveEdits } from '../imports/python/move-edits.js';
import { entryPointTargets } from '../imports/python/pyproject.js';
import { rewriteTsSpecifier } from '../imports/specifier.js';
import { extractTsImports } from '../imports/ts/extract.js';
import { PackageScopes } from '../imports/ts/packages.js';
import { TsProjects } from '../imports/ts/project.js';
import { AmbientModules, TsResolver } from '../imports/ts/resolve.js';
import { loadParser } from '../lang/tree-sitter.js';
import { loadTypeScript } from '../lang/typescript/compiler.js';
import type { ScanResult, ScannedSource } from '../scan/scan.js';
import type { Edit } from './edits.js';

export interface FileEdits {
  readonly source: ScannedSource;
  readonly edits: Edit[];
}

const TS_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const PY_FILE = /\.pyi?$/;

interface Context {
  readonly options: RenamerOptions;
  readonly moduleMap: ModuleMap;
  readonly fsCache: FsCache;
}

function readSource(cwd: string, absolutePath: string, known: ReadonlyMap<string, ScannedSource>): ScannedSource | undefined {
  const relative = path.relative(cwd, absolutePath).split(path.sep).join('/');
  const scanned = known.get(relative);
  if (scanned) return scanned;
  try {
    const raw = readFileSync(absolutePath, 'utf8');
    const bom = raw.charCodeAt(0) === 0xfeff;
    return { absolutePath, path: relative, language: PY_FILE.test(relative) ? 'python' : 'typescript', text: bom ? raw.slice(1) : raw, bom };
  } catch {
    return undefined;
  }
}

function tsEdits(sources: readonly ScannedSource[], context: Context): Map<ScannedSource, Edit[]> {
  const typescript = loadTypeScript();
  const ambient = new AmbientModules();
  const extracted = sources.map((source) => extractTsImports(typescript, source.text));
  for (const found of extracted) for (const name of found.ambientModules) ambient.add(name);
  const projects = new TsProjects(typescript, context.fsCache, context.options.cwd);
  const resolver = new TsResolver(typescript, context.fsCache, projects, new PackageScopes(context.fsCache), ambient, context.options.cwd);
  const result = new Map<ScannedSource, Edit[]>();
  sources.forEach((source, index) => {
    const edits: Edit[] = [];
    for (const entry of extracted[index].imports) {
      const file = source.absolutePath;
      const resolution = resolver.resolve(file, entry.specifier, entry.kind);
      const byPath = resolution.target === undefined ? undefined : context.moduleMap.matchPath(resolution.target);
      const next = byPath
        ? rewriteTsSpecifier({ importingFile: file, oldSpecifier: entry.specifier, newTarget: byPath.rewritten, aliases: projects.forFile(file).aliases })
        : context.moduleMap.matchBare(entry.specifier)?.rewritten;
      // The contract: a specifier is rewritten only when the new one resolves.
      if (next === undefined || next === entry.specifier || !resolver.resolve(file, next, entry.kind, true).resolved) continue;
      edits.push({ start: entry.start, end: entry.start + entry.specifier.length, text: next, kind: 'module-path' });
    }
    if (edits.length > 0) result.set(source, edits);
  });
  return result;
}

async function pythonEdits(sources: readonly ScannedSource[], pyprojects: readonly string[], context: Context, unrewritten: Conflict[]): Promise<Map<ScannedSource, Edit[]>> {
  const parser = await loadParser('python');
  const checker = await pythonChecker(
    { cwd: context.options.cwd, fsCache: context.fsCache, moduleMap: context.moduleMap, python: { extraRoots: context.options.pythonPaths } },
    sources.map((source) => source.absolutePath),
  );
  const result = new Map<ScannedSource, Edit[]>();
  for (const source of sources) {
    const found = pythonMoveEdits(parser, source.text, source.absolutePath, checker, context.moduleMap);
    if (found.edits.length > 0) result.set(source, found.edits.map((edit) => ({ ...edit, kind: 'module-path' as const })));
    if (found.unrewritten.length === 0) continue;
    const lines = new LineIndex(source.text);
    for (const entry of found.unrewritten) {
      unrewritten.push({ file: source.path, ...lines.position(entry.start), text: entry.specifier, reason: `moved by --map but not rewritten: ${entry.reason}` });
    }
  }
  parser.delete();
  for (const pyproject of pyprojects) unrewritten.push(...movedEntryPoints(pyproject, checker, context));
  return result;
}

/**
 * pyproject.toml's entry points (`abbr = 'markdown.extensions.abbr:AbbrExtension'`) whose module the map moves away:
 * the installed metadata loads them by that text, and the pyproject is text this run does not rewrite, so each is
 * listed with the spec to write (Python-Markdown's 19 entry points kept naming markdown.extensions.* unreported).
 */
function movedEntryPoints(pyproject: string, checker: PythonChecker, context: Context): Conflict[] {
  const text = context.fsCache.readFile(pyproject);
  if (text === undefined) return [];
  const file = path.relative(context.options.cwd, pyproject).split(path.sep).join('/');
  return entryPointTargets(text).flatMap(({ target, line, column }) => {
    const [module = '', attr = ''] = target.split(':');
    const moved = context.moduleMap.matchDotted(module)?.rewritten;
    if (moved === undefined || moved === module) return [];
    if (checker.stringResolves(module, 'module', pyproject) !== false || checker.stringResolves(moved, 'module', pyproject) === false) return [];
    return [{ file, line, column, text: module, reason: `moved by --map but not rewritten: an entry point, which the installed metadata loads by this text; write ${moved}:${attr} and reinstall` }];
  });
}

/**
 * Import specifiers moved by the module map (`--map`), as edits per file: TS/JS specifiers recomputed from the
 * importing file in the style they were written (relative or alias), Python module paths (relative ones kept
 * relative). Allowed files and suppressed lines are left alone.
 */
export async function moduleMapEdits(options: RenamerOptions, result: ScanResult): Promise<Map<string, FileEdits>> {
  return (await moduleMapPlan(options, result)).edits;
}

export interface ModuleMapPlan {
  readonly edits: Map<string, FileEdits>;
  /**
   * Imports (and module paths in strings) the map moves that stay broken because no form of the new path resolves
   * or the statement must be split by hand; apply lists them and exits 1.
   */
  readonly unrewritten: Conflict[];
}

/** moduleMapEdits, with the moved imports it could not rewrite. */
export async function moduleMapPlan(options: RenamerOptions, result: ScanResult): Promise<ModuleMapPlan> {
  const context: Context = { options, moduleMap: createModuleMap(options.map), fsCache: new FsCache() };
  const isAllowed = options.allow.length ? picomatch(options.allow as string[], { dot: true }) : () => false;
  const sources = result.discovered
    .filter((file) => TS_FILE.test(file) || PY_FILE.test(file))
    .map((file) => readSource(options.cwd, file, result.sources))
    .filter((source): source is ScannedSource => source !== undefined && !isAllowed(source.path));
  const unrewritten: Conflict[] = [];
  const found = new Map<ScannedSource, Edit[]>([
    ...tsEdits(sources.filter((source) => TS_FILE.test(source.path)), context),
    ...(await pythonEdits(
      sources.filter((source) => PY_FILE.test(source.path)),
      result.discovered.filter((file) => path.basename(file) === 'pyproject.toml' && !isAllowed(path.relative(options.cwd, file).split(path.sep).join('/'))),
      context,
      unrewritten,
    )),
  ]);
  const byFile = new Map<string, FileEdits>();
  for (const [source, edits] of found) {
    const lines = new LineIndex(source.text);
    const suppressed = suppressedLines(source.text, lines);
    const kept = edits.filter((edit) => !suppressed.has(lines.lineOf(edit.start)));
    if (kept.length > 0) byFile.set(source.path, { source, edits: kept });
  }
  // Files are read in discovery order, which the file system decides: reports are sorted by file, line, column.
  unrewritten.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column));
  return { edits: byFile, unrewritten };
}

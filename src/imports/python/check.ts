import path from 'node:path';
import type { BrokenImport, FileError } from '../../findings/model.js';
import { LineIndex } from '../../findings/positions.js';
import { loadParser } from '../../lang/tree-sitter.js';
import { displayPath, type CheckContext, type LanguageCheck, type Source, type UnresolvedThirdParty } from '../context.js';
import { absolutePythonModule, relativePythonModule } from '../specifier.js';
import { interpreterSitePackages } from './environment.js';
import { extractPythonModules, type PyImport, type PyImportedName, type PyStringModule } from './extract.js';
import { PythonLayout, type PyModuleHit } from './layout.js';
import { PYTHON_STDLIB_MODULES } from './stdlib-modules.js';
import { ProjectDependencies } from './third-party.js';

/** One unresolved module: as written, where, and its absolute dotted name (for the module map). */
interface Missing {
  readonly specifier: string;
  readonly start: number;
  readonly absolute?: string;
  /** Not first-party and not installed: listed apart, not broken. */
  readonly thirdParty?: { readonly declared: boolean };
  /** A module path in a string: its suggestion must pass the same string check. */
  readonly string?: PyStringModule['kind'];
}

type Importer = { name: string; isPackage: boolean } | undefined;

export class PythonChecker {
  constructor(
    readonly layout: PythonLayout,
    private readonly thirdParty: ProjectDependencies,
    private readonly context: Pick<CheckContext, 'fsCache' | 'moduleMap'>,
  ) {}

  /**
   * `from pkg import name`: a submodule, or a name the package's `__init__` mentions (or may create lazily); when
   * the name is a submodule that is gone, a name the `__init__` binds (initBinds).
   */
  private hasName(hit: PyModuleHit, name: string): boolean {
    if (hit.kind === 'module') return true;
    if (this.layout.member(hit, name)) return true;
    if (hit.kind === 'namespace') return false;
    const init = this.context.fsCache.readFile(path.join(hit.dir, '__init__.py')) ?? this.context.fsCache.readFile(path.join(hit.dir, '__init__.pyi')) ?? '';
    const own = this.layout.moduleNameOf(path.join(hit.dir, '__init__.py'))?.name;
    const moved = own !== undefined && this.context.moduleMap.matchDotted(`${own}.${name}`) !== undefined;
    return initBinds(init, own, name, moved);
  }

  private missingNames(hit: PyModuleHit, names: readonly PyImportedName[], written: string, absolute: string | undefined): Missing[] {
    const joiner = written.endsWith('.') ? '' : '.';
    return names
      .filter(({ name }) => !this.hasName(hit, name))
      .map(({ name, start }) => ({ specifier: written + joiner + name, start, absolute: absolute === undefined ? undefined : `${absolute}.${name}` }));
  }

  private installed(top: string, file: string): boolean {
    return this.thirdParty.installedInTree(top, file) || this.layout.environment.has(top);
  }

  private reachesInto(entry: PyImport, top: string, file: string): boolean {
    const second = entry.module.split('.')[1] ?? entry.names[0]?.name;
    return second !== undefined && this.layout.resolve(`${top}.${second}`, file) !== undefined;
  }

  private absolute(entry: PyImport, file: string): Missing[] {
    const top = entry.module.split('.')[0];
    const declared = this.thirdParty.declares(top, file);
    const library = PYTHON_STDLIB_MODULES.has(top) || declared || this.installed(top, file);
    // A namespace folder loses to any regular package on sys.path: an installed `alembic` wins over the project's
    // `alembic/` migrations folder, the standard library's `logging` over a `logging/` folder of data files. Unless
    // the import reaches into the namespace (`langgraph.checkpoint` of a namespace that several of the repository's
    // distributions share, which sub-projects also list as dependencies): then it is first-party, as pyright sees it.
    if (library && this.layout.resolve(top, file)?.kind === 'namespace' && !this.reachesInto(entry, top, file)) return [];
    const hit = this.layout.resolve(entry.module, file);
    if (hit) return this.missingNames(hit, entry.names, entry.module, entry.module);
    // The standard library wins over a same-named folder: `import logging` is never a moved module.
    if (PYTHON_STDLIB_MODULES.has(top)) return [];
    const missing = { specifier: entry.module, start: entry.start, absolute: entry.module };
    // First-party wherever it is imported from, even where a sub-project also lists it as a dependency; a
    // module the map moves was first-party even when its whole top-level package is gone.
    if (this.layout.isFirstParty(top, file) || this.context.moduleMap.matchDotted(entry.module)) return [missing];
    if (entry.guarded || this.installed(top, file)) return [];
    return [{ ...missing, thirdParty: { declared } }];
  }

  private relative(entry: PyImport, file: string, importer: Importer): Missing[] {
    let dir = path.dirname(file);
    for (let level = 1; level < entry.level; level++) dir = path.dirname(dir);
    const rest = entry.module.slice(entry.level);
    const hit = rest ? this.layout.walk(dir, rest.split('.')) : this.layout.walk(dir, []);
    const absolute = importer && absolutePythonModule(importer.name, importer.isPackage, entry.module);
    if (!hit) return [{ specifier: entry.module, start: entry.start, absolute }];
    return this.missingNames(hit, entry.names, entry.module, absolute);
  }

  check(entry: PyImport, file: string, importer: Importer): Missing[] {
    return entry.level === 0 ? this.absolute(entry, file) : this.relative(entry, file, importer);
  }

  /**
   * Whether a module path written in a string resolves as its call would: `module` names a module; `target` and
   * `either` a module followed by names defined in it (checked one level deep: the first name after the longest
   * importable prefix must be a submodule or appear in that module's text). Undefined when the path is not
   * first-party: strings naming the standard library or a dependency are not renamer's to check.
   */
  stringResolves(value: string, kind: PyStringModule['kind'], file: string): boolean | undefined {
    const parts = value.split('.');
    if (PYTHON_STDLIB_MODULES.has(parts[0]!)) return undefined;
    if (!this.layout.isFirstParty(parts[0]!, file) && !this.context.moduleMap.matchDotted(value)) return undefined;
    if (kind === 'module') return this.layout.resolve(value, file) !== undefined;
    for (let length = parts.length; length > 0; length--) {
      const hit = this.layout.resolve(parts.slice(0, length).join('.'), file);
      if (!hit) continue;
      if (length === parts.length) return true;
      const name = parts[length]!;
      // Every module has its dunders (`__dict__` for mock.patch.dict, `__name__`, `__file__`).
      if (/^__\w+__$/.test(name)) return true;
      if (hit.kind === 'module') return mentions(this.context.fsCache.readFile(hit.file) ?? '', name);
      return this.hasName(hit, name);
    }
    return false;
  }

  /** The mapped module, written relative again when the import was relative. */
  suggest(missing: Missing, file: string, relative: boolean, importer: Importer): Pick<BrokenImport, 'suggestion' | 'suggestionResolves'> {
    const match = missing.absolute === undefined ? undefined : this.context.moduleMap.matchDotted(missing.absolute);
    if (!match) return {};
    const suggestion = relative && importer ? relativePythonModule(importer.name, importer.isPackage, match.rewritten) : match.rewritten;
    const resolves = missing.string ? this.stringResolves(match.rewritten, missing.string, file) !== false : this.layout.resolve(match.rewritten, file) !== undefined;
    return { suggestion, suggestionResolves: resolves };
  }
}

/** A name a module's text may define or re-export (or create lazily through `__getattr__`, or pull in with `*`). */
const mentions = (text: string, name: string): boolean => new RegExp(`\\b${name}\\b|__getattr__|import\\s+\\*`).test(text);

/**
 * Whether a package's `__init__` binds `name` other than by mentioning it. A mention is not enough where the name
 * is a submodule that is gone: when the `__init__` imports it as its own submodule (`from . import keys`, `from
 * pkg import (keys as k)`: the statement asks for the submodule, and the uses below it, `keys.hashkey`, define
 * nothing), and when the map moves it away (Python-Markdown's `from .extensions import Extension` after
 * extensions/ became ext/ binds `ext`, not `extensions`). There the name must be assigned, a def or class, bound
 * by another import or an `as`, or come from a module-level `__getattr__` or `import *`. cachetools' `from .
 * import keys` after keys.py moved made that line and every `from cachetools import keys` look resolved.
 */
const FROM_IMPORT = /^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|(?:[^\n\\]|\\\n)*)/gm;
const IMPORTED_NAME = /\b(\w+)(?:\s+as\s+(\w+))?/g;

/** `moved`: the map moves `pkg.name` away. */
function initBinds(init: string, packageName: string | undefined, name: string, moved: boolean): boolean {
  let asksForSubmodule = false;
  for (const [, module, names] of init.matchAll(FROM_IMPORT)) {
    const own = module === '.' || module === packageName;
    for (const [, original, alias] of names!.matchAll(IMPORTED_NAME)) {
      if ((alias ?? original) === name && (!own || alias !== undefined)) return true;
      if (own && original === name) asksForSubmodule = true;
    }
  }
  if (!asksForSubmodule && !moved) return mentions(init, name);
  // PEP 562's `__getattr__` is the module's own, at the left margin; a class's `__getattr__` creates nothing here.
  const statements = init.replace(FROM_IMPORT, '');
  return new RegExp(`^[ \\t]*(${name}\\s*(:[^=\\n]*)?=(?!=)|(async[ \\t]+)?def[ \\t]+${name}\\b|class[ \\t]+${name}\\b)|\\bimport[ \\t]+([\\w.]+[ \\t]+as[ \\t]+)?${name}\\b|^def[ \\t]+__getattr__\\b|import\\s+\\*`, 'm').test(statements);
}

/** The layout and dependency tables of one run, with the environment probed once. */
export async function pythonChecker(context: Pick<CheckContext, 'cwd' | 'fsCache' | 'moduleMap' | 'python'>, files: readonly string[]): Promise<PythonChecker> {
  const python = context.python ?? {};
  const sitePackages = python.sitePackages ?? (await interpreterSitePackages(context.cwd, files, python.env ?? process.env));
  const layout = new PythonLayout(context.fsCache, context.cwd, files, { sitePackages, extraRoots: python.extraRoots });
  return new PythonChecker(layout, new ProjectDependencies(context.fsCache, layout.projects), context);
}

/**
 * Python imports, each resolved within its own project (PythonProjects): against that project's packages, every
 * installed first-party project's, the standard library, and what is installed or declared. A third-party module
 * that is not installed is listed under unresolvedThirdParty, not reported broken.
 */
export async function checkPythonFiles(sources: readonly Source[], context: CheckContext): Promise<LanguageCheck> {
  const parser = await loadParser('python');
  const checker = await pythonChecker(context, sources.map((source) => source.absolutePath));
  const layout = checker.layout;
  const brokenImports: BrokenImport[] = [];
  const unresolvedThirdParty: UnresolvedThirdParty[] = [];
  const errors: FileError[] = [];
  let importsChecked = 0;
  for (const source of sources) {
    const file = source.absolutePath;
    let found: ReturnType<typeof extractPythonModules>;
    try {
      found = extractPythonModules(parser, source.text);
    } catch (error) {
      errors.push({ file: displayPath(context.cwd, file), message: `cannot parse: ${String(error)}` });
      continue;
    }
    const importer = layout.moduleNameOf(file);
    const shown = displayPath(context.cwd, file);
    let lines: LineIndex | undefined;
    const report = (missing: Missing, relative: boolean): void => {
      lines ??= new LineIndex(source.text);
      const position = lines.position(missing.start);
      if (missing.thirdParty) {
        unresolvedThirdParty.push({ file: shown, ...position, module: missing.specifier, language: 'python', declared: missing.thirdParty.declared });
        return;
      }
      brokenImports.push({ file: shown, ...position, specifier: missing.specifier, language: 'python', ...checker.suggest(missing, file, relative, importer) });
    };
    for (const entry of found.imports) {
      importsChecked++;
      for (const missing of checker.check(entry, file, importer)) report(missing, entry.level > 0);
    }
    for (const entry of found.strings) {
      const resolves = checker.stringResolves(entry.value, entry.kind, file);
      if (resolves === undefined) continue;
      importsChecked++;
      if (!resolves) report({ specifier: entry.value, start: entry.start, absolute: entry.value, string: entry.kind }, false);
    }
  }
  parser.delete();
  return { brokenImports, importsChecked, filesChecked: sources.length, errors, unresolvedThirdParty };
}

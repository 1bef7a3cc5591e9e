import path from 'node:path';
import type { BrokenImport, FileError } from '../../findings/model.js';
import { LineIndex } from '../../findings/positions.js';
import { loadParser } from '../../lang/tree-sitter.js';
import { displayPath, type CheckContext, type LanguageCheck, type Source } from '../context.js';
import { absolutePythonModule, relativePythonModule } from '../specifier.js';
import { extractPythonImports, type PyImport, type PyImportedName } from './extract.js';
import { PythonLayout, type PyModuleHit } from './layout.js';
import { PYTHON_STDLIB_MODULES } from './stdlib-modules.js';
import { ProjectDependencies } from './third-party.js';

/** One unresolved module: as written, where, and its absolute dotted name (for the module map). */
interface Missing {
  readonly specifier: string;
  readonly start: number;
  readonly absolute?: string;
}

type Importer = { name: string; isPackage: boolean } | undefined;

class PythonChecker {
  constructor(
    private readonly layout: PythonLayout,
    private readonly thirdParty: ProjectDependencies,
    private readonly context: CheckContext,
  ) {}

  /** `from pkg import name`: a submodule, or a name the package's `__init__` mentions (or may create lazily). */
  private hasName(hit: PyModuleHit, name: string): boolean {
    if (hit.kind === 'module') return true;
    if (this.layout.member(hit, name)) return true;
    if (hit.kind === 'namespace') return false;
    const init = this.context.fsCache.readFile(path.join(hit.dir, '__init__.py')) ?? this.context.fsCache.readFile(path.join(hit.dir, '__init__.pyi')) ?? '';
    return new RegExp(`\\b${name}\\b|__getattr__|import\\s+\\*`).test(init);
  }

  private missingNames(hit: PyModuleHit, names: readonly PyImportedName[], written: string, absolute: string | undefined): Missing[] {
    const joiner = written.endsWith('.') ? '' : '.';
    return names
      .filter(({ name }) => !this.hasName(hit, name))
      .map(({ name, start }) => ({ specifier: written + joiner + name, start, absolute: absolute === undefined ? undefined : `${absolute}.${name}` }));
  }

  private absolute(entry: PyImport, file: string): Missing[] {
    const top = entry.module.split('.')[0];
    const library = PYTHON_STDLIB_MODULES.has(top) || this.thirdParty.has(top, file);
    // A namespace folder loses to any regular package on sys.path: an installed `alembic` wins over the project's
    // `alembic/` migrations folder, the standard library's `logging` over a `logging/` folder of data files.
    if (library && this.layout.resolve(top, file)?.kind === 'namespace') return [];
    const hit = this.layout.resolve(entry.module, file);
    if (hit) return this.missingNames(hit, entry.names, entry.module, entry.module);
    // The standard library wins over a same-named folder: `import logging` is never a moved module.
    if (PYTHON_STDLIB_MODULES.has(top)) return [];
    if (!this.layout.isFirstParty(top, file) && (library || entry.guarded)) return [];
    return [{ specifier: entry.module, start: entry.start, absolute: entry.module }];
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

  /** The mapped module, written relative again when the import was relative. */
  suggest(missing: Missing, file: string, relative: boolean, importer: Importer): Pick<BrokenImport, 'suggestion' | 'suggestionResolves'> {
    const match = missing.absolute === undefined ? undefined : this.context.moduleMap.matchDotted(missing.absolute);
    if (!match) return {};
    const suggestion = relative && importer ? relativePythonModule(importer.name, importer.isPackage, match.rewritten) : match.rewritten;
    return { suggestion, suggestionResolves: this.layout.resolve(match.rewritten, file) !== undefined };
  }
}

/**
 * Python imports, each resolved within its own project (PythonProjects): against that project's packages, the
 * standard library, and the dependencies that project (or one around it) declares or has installed in-tree.
 */
export async function checkPythonFiles(sources: readonly Source[], context: CheckContext): Promise<LanguageCheck> {
  const parser = await loadParser('python');
  const layout = new PythonLayout(context.fsCache, context.cwd, sources.map((source) => source.absolutePath));
  const checker = new PythonChecker(layout, new ProjectDependencies(context.fsCache, layout.projects), context);
  const brokenImports: BrokenImport[] = [];
  const errors: FileError[] = [];
  let importsChecked = 0;
  for (const source of sources) {
    const file = source.absolutePath;
    let imports: PyImport[];
    try {
      imports = extractPythonImports(parser, source.text);
    } catch (error) {
      errors.push({ file: displayPath(context.cwd, file), message: `cannot parse: ${String(error)}` });
      continue;
    }
    const importer = layout.moduleNameOf(file);
    let lines: LineIndex | undefined;
    for (const entry of imports) {
      importsChecked++;
      for (const missing of checker.check(entry, file, importer)) {
        lines ??= new LineIndex(source.text);
        brokenImports.push({
          file: displayPath(context.cwd, file),
          ...lines.position(missing.start),
          specifier: missing.specifier,
          language: 'python',
          ...checker.suggest(missing, file, entry.level > 0, importer),
        });
      }
    }
  }
  parser.delete();
  return { brokenImports, importsChecked, filesChecked: sources.length, errors };
}

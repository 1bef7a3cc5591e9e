import path from 'node:path';
import type { FsCache } from '../fs-cache.js';
import { FirstPartyRoots, type FirstPartySources } from './first-party.js';
import type { InstalledPackages } from './environment.js';
import { ModuleSearch, type PyModuleHit } from './module-search.js';
import { PythonProjects } from './projects.js';
import { readPyprojectLayout } from './pyproject.js';

export type { PyModuleHit } from './module-search.js';

/** One project's import roots. */
interface ProjectRoots {
  /** Where the project says its code is: the project folder, its `src/`, pyproject.toml's roots. */
  readonly declared: string[];
  /** The parent of each topmost `__init__.py` package and each loose script's folder, inside this project. */
  readonly discovered: string[];
  /** Top-level packages placed explicitly (`package-dir = {"pkg" = "lib/pkg"}`). */
  readonly explicit: Map<string, string>;
}

const unique = (dirs: readonly string[]): string[] => [...new Set(dirs)];

/**
 * The import roots (sys.path entries) of a Python tree, found from the files themselves and kept per project
 * (see PythonProjects): a file's imports resolve against its own project, never against a sibling project that
 * happens to have a top-level package of the same name.
 */
export class PythonLayout {
  /** Every root of every project (for callers that resolve without an importing file). */
  readonly roots: readonly string[];
  readonly projectDirs: readonly string[];
  readonly projects: PythonProjects;
  /** The import roots of every installed first-party project (FirstPartyRoots), searched from every file last. */
  readonly firstParty: readonly string[];
  /** What the interpreter and the projects' virtualenvs have installed. */
  readonly environment: InstalledPackages;
  private readonly search: ModuleSearch;
  private readonly byProject = new Map<string, ProjectRoots>();
  private readonly searchPaths = new Map<string, readonly string[]>();

  constructor(
    private readonly fsCache: FsCache,
    cwd: string,
    files: readonly string[],
    sources: FirstPartySources = {},
  ) {
    this.search = new ModuleSearch(fsCache);
    this.projects = new PythonProjects(fsCache, cwd);
    this.rootsOf(cwd);
    for (const file of files) this.rootsOf(this.projects.projectOf(file)).discovered.push(this.rootOf(path.dirname(file)));
    for (const roots of this.byProject.values()) roots.discovered.splice(0, Infinity, ...unique(roots.discovered));
    this.projectDirs = [...this.byProject.keys()];
    const firstParty = new FirstPartyRoots(fsCache);
    for (const project of this.projectDirs) firstParty.addProject(project);
    // Run inside a sub-project, the repository's projects above it are still installed beside it.
    for (let dir = cwd; !fsCache.list(dir).has('.git') && path.dirname(dir) !== dir; ) {
      dir = path.dirname(dir);
      firstParty.addProject(dir);
    }
    firstParty.addSources(sources);
    this.firstParty = firstParty.all;
    this.environment = firstParty.environment;
    this.roots = unique([...this.byProject.values()].flatMap((roots) => [...roots.declared, ...roots.discovered]).concat(this.firstParty));
  }

  private rootsOf(project: string): ProjectRoots {
    let roots = this.byProject.get(project);
    if (!roots) {
      const pyproject = readPyprojectLayout(this.fsCache, project);
      const src = path.join(project, 'src');
      const declared = unique([project, ...(this.fsCache.directoryExists(src) ? [src] : []), ...pyproject.roots]);
      roots = { declared, discovered: [], explicit: pyproject.packages };
      this.byProject.set(project, roots);
    }
    return roots;
  }

  private rootOf(dir: string): string {
    while (this.search.isPackage(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
  }

  /**
   * Where `import x` looks from `file`, nearest first: the folder holding the file's topmost package (or the
   * script's own folder), each folder above it up to the project folder (where it may be run from), the
   * project's declared roots, then the declared roots of the projects around it (a `docs/` or `tools/` project
   * inside a repository still imports the repository's package), then every installed first-party project's.
   */
  private searchPath(file: string): readonly string[] {
    const dir = path.dirname(file);
    const cached = this.searchPaths.get(dir);
    if (cached) return cached;
    const project = this.projects.projectOfDir(dir);
    const near: string[] = [];
    for (let up = this.rootOf(dir); ; up = path.dirname(up)) {
      near.push(up);
      if (up === project || !up.startsWith(project + path.sep)) break;
    }
    const outer = this.projects.enclosing(project).flatMap((other) => this.rootsOf(other).declared);
    const searchPath = unique([...near, ...this.rootsOf(project).declared, ...outer, ...this.firstParty]);
    this.searchPaths.set(dir, searchPath);
    return searchPath;
  }

  /** `name` inside `dir`: `name.py`, `name.pyi`, a compiled `name.*.so`, a package, or a namespace folder. */
  childOf(dir: string, name: string): PyModuleHit | undefined {
    return this.search.childOf(dir, name);
  }

  /** A submodule or subpackage of a found package (every portion of a namespace package). */
  member(hit: PyModuleHit, name: string): PyModuleHit | undefined {
    return this.search.member(hit, name);
  }

  /** Walk `parts` down from `dir`; every step but the last must be a package or namespace folder. */
  walk(dir: string, parts: readonly string[]): PyModuleHit | undefined {
    return this.search.walk([dir], parts);
  }

  /**
   * Resolves an absolute dotted module. From an importing `file`: within the file's project, as the import
   * system would (the nearest top-level package of that name wins; other folders of the project that hold one
   * are a last resort, for trees run with an extra PYTHONPATH). Without a file: against every root of every
   * project, first complete match.
   */
  resolve(module: string, file?: string): PyModuleHit | undefined {
    const parts = module.split('.');
    if (file === undefined) {
      for (const roots of this.byProject.values()) {
        const placed = roots.explicit.get(parts[0]);
        const hit = placed && this.fsCache.directoryExists(placed) ? this.search.walk([placed], parts.slice(1)) : undefined;
        if (hit) return hit;
      }
      for (const root of this.roots) {
        const hit = this.search.walk([root], parts);
        if (hit) return hit;
      }
      return undefined;
    }
    const roots = this.rootsOf(this.projects.projectOf(file));
    const placed = roots.explicit.get(parts[0]);
    if (placed && this.fsCache.directoryExists(placed)) return this.search.walk([placed], parts.slice(1));
    const near = this.searchPath(file);
    if (this.search.find(near, parts[0])) return this.search.walk(near, parts);
    return this.search.walk(roots.discovered, parts);
  }

  /** A first-party top-level name: a root that `file` can see (any root without a file) holds one. */
  isFirstParty(top: string, file?: string): boolean {
    if (file === undefined) {
      return [...this.byProject.values()].some((roots) => roots.explicit.has(top)) || this.roots.some((root) => this.childOf(root, top) !== undefined);
    }
    const roots = this.rootsOf(this.projects.projectOf(file));
    return roots.explicit.has(top) || this.search.find([...this.searchPath(file), ...roots.discovered], top) !== undefined;
  }

  /** The dotted name of a file, from its topmost enclosing package (or the deepest root of its project above it). */
  moduleNameOf(file: string): { name: string; isPackage: boolean } | undefined {
    const base = path.basename(file).replace(/\.pyi?$/, '');
    const isPackage = base === '__init__';
    const dir = path.dirname(file);
    let root = this.rootOf(dir);
    if (root === dir) {
      const roots = this.rootsOf(this.projects.projectOfDir(dir));
      const above = [...roots.declared, ...roots.discovered].filter((candidate) => dir.startsWith(candidate + path.sep));
      root = above.sort((a, b) => b.length - a.length)[0] ?? dir;
    }
    const parts = path.relative(root, dir).split(path.sep).filter(Boolean);
    if (!isPackage) parts.push(base);
    return parts.length > 0 ? { name: parts.join('.'), isPackage } : undefined;
  }
}

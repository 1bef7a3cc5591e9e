import path from 'node:path';
import type { FsCache } from '../fs-cache.js';
import { readPyprojectLayout, type PyprojectLayout } from './pyproject.js';

/** Where a dotted module lives: a module file, a regular package (`__init__.py`), or a PEP 420 namespace folder. */
export type PyModuleHit = { readonly kind: 'module'; readonly file: string } | { readonly kind: 'package' | 'namespace'; readonly dir: string };

const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/**
 * The import roots (sys.path entries) of a Python tree, found from the files themselves: the parent of each
 * topmost `__init__.py` package, each loose script's folder, each project folder and its `src/`, and what
 * pyproject.toml declares (setuptools `package-dir` / `packages.find`, poetry and hatch `packages`).
 */
export class PythonLayout {
  readonly roots: readonly string[];
  /** Top-level packages placed explicitly (`package-dir = {"pkg" = "lib/pkg"}`). */
  private readonly explicit = new Map<string, string>();
  readonly projectDirs: readonly string[];

  constructor(
    private readonly fsCache: FsCache,
    cwd: string,
    files: readonly string[],
  ) {
    const roots = new Set<string>();
    const projects = new Set<string>([cwd]);
    for (const file of files) {
      roots.add(this.rootOf(path.dirname(file)));
      for (let dir = path.dirname(file); dir === cwd || dir.startsWith(cwd + path.sep); dir = path.dirname(dir)) {
        if (PROJECT_MARKERS.some((marker) => fsCache.fileExists(path.join(dir, marker)))) projects.add(dir);
        if (dir === cwd) break;
      }
    }
    for (const project of projects) {
      roots.add(project);
      if (fsCache.directoryExists(path.join(project, 'src'))) roots.add(path.join(project, 'src'));
      const layout: PyprojectLayout = readPyprojectLayout(fsCache, project);
      for (const root of layout.roots) roots.add(root);
      for (const [name, dir] of layout.packages) this.explicit.set(name, dir);
    }
    this.roots = [...roots];
    this.projectDirs = [...projects];
  }

  private isPackage(dir: string): boolean {
    return this.fsCache.fileExists(path.join(dir, '__init__.py')) || this.fsCache.fileExists(path.join(dir, '__init__.pyi'));
  }

  private rootOf(dir: string): string {
    while (this.isPackage(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
  }

  /** `name` inside `dir`: `name.py`, `name.pyi`, a compiled `name.*.so`, a package, or a namespace folder. */
  childOf(dir: string, name: string): PyModuleHit | undefined {
    for (const extension of ['.py', '.pyi']) {
      const file = path.join(dir, name + extension);
      if (this.fsCache.fileExists(file)) return { kind: 'module', file };
    }
    const sub = path.join(dir, name);
    if (this.fsCache.directoryExists(sub)) return { kind: this.isPackage(sub) ? 'package' : 'namespace', dir: sub };
    for (const entry of this.fsCache.list(dir)) {
      if (entry.startsWith(`${name}.`) && (entry.endsWith('.so') || entry.endsWith('.pyd'))) {
        return { kind: 'module', file: path.join(dir, entry) };
      }
    }
    return undefined;
  }

  /** Walk `parts` down from `dir`; every step but the last must be a package or namespace folder. */
  walk(dir: string, parts: readonly string[]): PyModuleHit | undefined {
    let hit: PyModuleHit = { kind: 'namespace', dir };
    for (const part of parts) {
      if (hit.kind === 'module') return undefined;
      const next = this.childOf(hit.dir, part);
      if (!next) return undefined;
      hit = next;
    }
    return hit;
  }

  /** Resolves an absolute dotted module against every root; namespace packages may span roots. */
  resolve(module: string): PyModuleHit | undefined {
    const [top, ...rest] = module.split('.');
    const placed = this.explicit.get(top);
    if (placed && this.fsCache.directoryExists(placed)) {
      const hit = this.walk(placed, rest);
      if (hit) return hit;
    }
    for (const root of this.roots) {
      const hit = this.walk(root, module.split('.'));
      if (hit) return hit;
    }
    return undefined;
  }

  /** A first-party top-level name: some root holds a module or folder of that name. */
  isFirstParty(top: string): boolean {
    return this.explicit.has(top) || this.roots.some((root) => this.childOf(root, top) !== undefined);
  }

  /** The dotted name of a file, from its topmost enclosing package (or the deepest root above it). */
  moduleNameOf(file: string): { name: string; isPackage: boolean } | undefined {
    const base = path.basename(file).replace(/\.pyi?$/, '');
    const isPackage = base === '__init__';
    const dir = path.dirname(file);
    let root = this.rootOf(dir);
    if (root === dir) {
      const above = this.roots.filter((candidate) => dir.startsWith(candidate + path.sep));
      root = above.sort((a, b) => b.length - a.length)[0] ?? dir;
    }
    const parts = path.relative(root, dir).split(path.sep).filter(Boolean);
    if (!isPackage) parts.push(base);
    return parts.length > 0 ? { name: parts.join('.'), isPackage } : undefined;
  }
}

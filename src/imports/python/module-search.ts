import path from 'node:path';
import type { FsCache } from '../fs-cache.js';

/**
 * Where a dotted module lives: a module file, a regular package (`__init__.py`), or a PEP 420 namespace package,
 * whose portions may sit in several folders (`dirs`; `dir` is the first).
 */
export type PyModuleHit =
  | { readonly kind: 'module'; readonly file: string }
  | { readonly kind: 'package' | 'namespace'; readonly dir: string; readonly dirs: readonly string[] };

/** Python's path-based finder over folders on disk (importlib.machinery.PathFinder, without running anything). */
export class ModuleSearch {
  constructor(private readonly fsCache: FsCache) {}

  isPackage(dir: string): boolean {
    return this.fsCache.fileExists(path.join(dir, '__init__.py')) || this.fsCache.fileExists(path.join(dir, '__init__.pyi'));
  }

  /** Every import asks about the same few names along the same search paths: one answer per folder and name. */
  private readonly children = new Map<string, PyModuleHit | undefined>();

  /** `name` inside `dir`: `name.py`, `name.pyi`, a compiled `name.*.so`, a package, or a namespace folder. */
  childOf(dir: string, name: string): PyModuleHit | undefined {
    const key = `${dir}\0${name}`;
    if (this.children.has(key)) return this.children.get(key);
    const hit = this.lookUp(dir, name);
    this.children.set(key, hit);
    return hit;
  }

  private lookUp(dir: string, name: string): PyModuleHit | undefined {
    // A folder without the name in its listing holds neither a module nor a package of that name.
    const entries = this.fsCache.list(dir);
    if (!entries.has(name) && ![...entries].some((entry) => entry.startsWith(`${name}.`))) return undefined;
    for (const extension of ['.py', '.pyi']) {
      const file = path.join(dir, name + extension);
      if (this.fsCache.fileExists(file)) return { kind: 'module', file };
    }
    const sub = path.join(dir, name);
    if (this.fsCache.directoryExists(sub)) return { kind: this.isPackage(sub) ? 'package' : 'namespace', dir: sub, dirs: [sub] };
    for (const entry of this.fsCache.list(dir)) {
      if (entry.startsWith(`${name}.`) && (entry.endsWith('.so') || entry.endsWith('.pyd'))) {
        return { kind: 'module', file: path.join(dir, entry) };
      }
    }
    return undefined;
  }

  /**
   * `name` along a search path, as the import system finds it: the first module or regular package wins outright
   * (a later folder of the same name is never merged in); namespace folders only count when no such one exists,
   * and then all of them together form the package.
   */
  find(searchPath: readonly string[], name: string): PyModuleHit | undefined {
    const portions: string[] = [];
    for (const dir of searchPath) {
      const hit = this.childOf(dir, name);
      if (!hit) continue;
      if (hit.kind === 'package' && this.extendsPath(hit.dir)) return this.extended(hit.dir, searchPath, name);
      if (hit.kind !== 'namespace') return hit;
      portions.push(hit.dir);
    }
    return portions.length > 0 ? { kind: 'namespace', dir: portions[0]!, dirs: portions } : undefined;
  }

  /** A pre-PEP 420 namespace package: `__path__ = pkgutil.extend_path(__path__, __name__)` or pkg_resources'. */
  private extendsPath(dir: string): boolean {
    const init = this.fsCache.readFile(path.join(dir, '__init__.py')) ?? '';
    return /\bextend_path\s*\(|\bdeclare_namespace\s*\(/.test(init);
  }

  /** extend_path adds every same-named folder on sys.path to the package's `__path__`, after its own. */
  private extended(dir: string, searchPath: readonly string[], name: string): PyModuleHit {
    const others = searchPath.map((root) => path.join(root, name)).filter((other) => other !== dir && this.fsCache.directoryExists(other));
    return { kind: 'package', dir, dirs: [dir, ...new Set(others)] };
  }

  /** `name` inside an already found package: a submodule or subpackage. */
  member(hit: PyModuleHit, name: string): PyModuleHit | undefined {
    return hit.kind === 'module' ? undefined : this.find(hit.dirs, name);
  }

  /** Walks `parts` down from a search path; every step but the last must be a package or namespace package. */
  walk(searchPath: readonly string[], parts: readonly string[]): PyModuleHit | undefined {
    // A lone regular package (`from . import x` inside one) may also define `x` in its `__init__`.
    const kind = searchPath.length === 1 && this.isPackage(searchPath[0]!) ? 'package' : 'namespace';
    let hit: PyModuleHit | undefined = { kind, dir: searchPath[0] ?? '', dirs: searchPath };
    for (const part of parts) {
      hit = this.member(hit, part);
      if (!hit) return undefined;
    }
    return hit;
  }
}

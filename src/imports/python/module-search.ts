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

  /** `name` inside `dir`: `name.py`, `name.pyi`, a compiled `name.*.so`, a package, or a namespace folder. */
  childOf(dir: string, name: string): PyModuleHit | undefined {
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
      if (hit.kind !== 'namespace') return hit;
      portions.push(hit.dir);
    }
    return portions.length > 0 ? { kind: 'namespace', dir: portions[0]!, dirs: portions } : undefined;
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

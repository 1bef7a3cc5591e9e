import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Owner } from '../../symbols/model.js';
import type { PythonInterpreter } from './interpreter.js';

const require = createRequire(import.meta.url);

export interface Ownership {
  readonly owner: Owner;
  /** The top-level module a dependency or the platform declares it in (`requests`, `builtins`), for reports. */
  readonly declaredIn?: string;
}

/** pyright's bundled typeshed: `stdlib/` is the platform, `stubs/<distribution>/` are third-party stubs. */
const TYPESHED = path.join(path.dirname(require.resolve('pyright/package.json')), 'dist', 'typeshed-fallback');
const INSTALL_DIRS = new Set(['site-packages', 'dist-packages']);

const within = (file: string, dir: string): boolean => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** `requests/api.pyi` → `requests`; `six.py` → `six`; `foo-stubs/x.pyi` → `foo`. */
const topModule = (relative: string): string =>
  relative.split(path.sep)[0]!.replace(/\.pyi?$/, '').replace(/-stubs$/, '');

/** `os/path.pyi` → `os.path`; `collections/__init__.pyi` → `collections`. */
const dottedModule = (relative: string): string =>
  relative.replace(/\.pyi?$/, '').split(path.sep).filter((part) => part !== '__init__').join('.');

function gitRootOf(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * Who declares what a file declares, by where the file is (ARCHITECTURE.md, "Owner rules"): an installed
 * package or a stub for one is a dependency, the standard library and builtins are the platform, the run's
 * files are the project, other files of the same git repository are the workspace.
 */
export class OwnerRules {
  private readonly installRoots: readonly string[];
  private readonly stdlib: readonly string[];
  private readonly gitRoot: string | undefined;

  constructor(
    private readonly root: string,
    private readonly projectFiles: ReadonlySet<string>,
    interpreter: PythonInterpreter | undefined,
    extraPaths: readonly string[],
  ) {
    // pyright's default stubPath: stubs a project keeps for its dependencies describe their API, not its own.
    this.installRoots = [...(interpreter?.sitePackages ?? []), ...extraPaths, path.join(root, 'typings')].map((p) => path.resolve(p));
    this.stdlib = (interpreter?.stdlib ?? []).map((p) => path.resolve(p));
    this.gitRoot = gitRootOf(root);
  }

  classify(file: string): Ownership {
    const installRoot = this.installRoots.find((dir) => within(file, dir));
    if (installRoot) return { owner: 'dependency', declaredIn: topModule(path.relative(installRoot, file)) };
    const parts = file.split(path.sep);
    let installDir = parts.length - 1;
    while (installDir >= 0 && !INSTALL_DIRS.has(parts[installDir]!)) installDir--;
    if (installDir >= 0 && installDir < parts.length - 1) return { owner: 'dependency', declaredIn: topModule(parts[installDir + 1]!) };
    if (within(file, path.join(TYPESHED, 'stdlib'))) {
      return { owner: 'platform', declaredIn: dottedModule(path.relative(path.join(TYPESHED, 'stdlib'), file)) };
    }
    if (within(file, path.join(TYPESHED, 'stubs'))) {
      // stubs/<distribution>/<module>/...: the module is what the user imports.
      const [, ...rest] = path.relative(path.join(TYPESHED, 'stubs'), file).split(path.sep);
      return { owner: 'dependency', declaredIn: topModule(rest.join(path.sep)) };
    }
    const stdlib = this.stdlib.find((dir) => within(file, dir));
    if (stdlib) return { owner: 'platform', declaredIn: dottedModule(path.relative(stdlib, file)) };
    if (this.projectFiles.has(file) || within(file, this.root)) return { owner: 'project' };
    if (this.gitRoot && within(file, this.gitRoot)) return { owner: 'workspace' };
    return { owner: 'dependency', declaredIn: file };
  }
}

/** The strongest claim wins: anything a dependency, the platform or nobody owns is not the project's to rename. */
export function combineOwners(owners: readonly Owner[]): Owner {
  for (const owner of ['unknown', 'dependency', 'platform', 'workspace'] as const) if (owners.includes(owner)) return owner;
  return 'project';
}

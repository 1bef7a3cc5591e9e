import { createRequire } from 'node:module';
import path from 'node:path';
import picomatch from 'picomatch';
import type ts from 'typescript';
import { FsCache } from '../imports/fs-cache.js';
import { PythonLayout } from '../imports/python/layout.js';
import { absolutePythonModule } from '../imports/specifier.js';
import { PackageScopes } from '../imports/ts/packages.js';
import { TsProjects } from '../imports/ts/project.js';
import { AmbientModules, TsResolver } from '../imports/ts/resolve.js';

/**
 * Which imports name a module in an allowed file (`--allow`, a compatibility layer that keeps the old names).
 * Imports are resolved as `renamer imports` resolves them: TypeScript's module resolution for TS/JS, the Python
 * layout of src/imports/python. Both resolvers are built on first use, so runs without `--allow` never load them.
 */
export class AllowedModules {
  private readonly matches: (relative: string) => boolean;
  /** Whether any allow pattern was given: without one, nothing is looked up. */
  readonly active: boolean;
  private readonly fsCache = new FsCache();
  private tsResolver: TsResolver | undefined;
  private layout: PythonLayout | undefined;

  constructor(
    private readonly cwd: string,
    allow: readonly string[],
    private readonly pythonFiles: () => readonly string[],
  ) {
    // The same matcher the scan marks allowed references with (src/scan/shard.ts).
    this.active = allow.length > 0;
    this.matches = allow.length > 0 ? picomatch(allow as string[], { dot: true }) : () => false;
  }

  /** The file's path relative to cwd (with `/`) when an allow pattern takes it in. */
  allowedFile(absolutePath: string): string | undefined {
    const relative = path.relative(this.cwd, absolutePath).split(path.sep).join('/');
    return !relative.startsWith('..') && this.matches(relative) ? relative : undefined;
  }

  /** The allowed file a TS/JS import of `specifier` from `importer` resolves to. */
  tsModule(importer: string, specifier: string): string | undefined {
    if (!this.tsResolver) {
      const typescript = createRequire(import.meta.url)('typescript') as typeof ts;
      const projects = new TsProjects(typescript, this.fsCache, this.cwd);
      this.tsResolver = new TsResolver(typescript, this.fsCache, projects, new PackageScopes(this.fsCache), new AmbientModules(), this.cwd);
    }
    const target = this.tsResolver.resolve(importer, specifier, 'import').target;
    return target === undefined ? undefined : this.allowedFile(target);
  }

  /**
   * The allowed file the Python module `module` (as written: `app.compat.session`, `.compat.session`) resolves to
   * from `importer`; with `name`, the submodule `module.name` counts too (`from app.compat import session`).
   */
  pythonModule(importer: string, module: string, name?: string): string | undefined {
    this.layout ??= new PythonLayout(this.fsCache, this.cwd, this.pythonFiles());
    const from = this.layout.moduleNameOf(importer);
    const absolute = module.startsWith('.') ? from && absolutePythonModule(from.name, from.isPackage, module) : module;
    if (!absolute) return undefined;
    const fileOf = (dotted: string): string | undefined => {
      const hit = this.layout!.resolve(dotted, importer);
      if (!hit) return undefined;
      if (hit.kind === 'module') return hit.file;
      const init = ['__init__.py', '__init__.pyi'].map((file) => path.join(hit.dir, file)).find((file) => this.fsCache.fileExists(file));
      return hit.kind === 'package' ? init : undefined;
    };
    const submodule = name === undefined ? undefined : fileOf(absolute.endsWith('.') ? absolute + name : `${absolute}.${name}`);
    const file = submodule ?? fileOf(absolute);
    return file === undefined ? undefined : this.allowedFile(file);
  }
}

import path from 'node:path';
import type ts from 'typescript';
import type { FsCache } from '../fs-cache.js';
import type { PathAlias } from '../specifier.js';
import type { TsImportKind } from './extract.js';
import { isNodeBuiltin, packageNameOf, typesPackageOf, type PackageScopes } from './packages.js';
import type { TsProject, TsProjects } from './project.js';

export interface TsResolution {
  readonly resolved: boolean;
  /** The file it resolved to, or the path it would have named (relative and alias imports). */
  readonly target?: string;
  readonly form: 'relative' | 'alias' | 'bare';
}

/** Module names declared with `declare module '...'`, exact or with one `*` (TypeScript's pattern ambient modules). */
export class AmbientModules {
  private readonly exact = new Set<string>();
  private readonly patterns: Array<[string, string]> = [];

  add(name: string): void {
    const star = name.indexOf('*');
    if (star === -1) this.exact.add(name);
    else this.patterns.push([name.slice(0, star), name.slice(star + 1)]);
  }

  covers(specifier: string): boolean {
    if (this.exact.has(specifier)) return true;
    return this.patterns.some(
      ([prefix, suffix]) =>
        specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix),
    );
  }
}

const isRelative = (specifier: string): boolean =>
  specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/');

function aliasTargets(specifier: string, aliases: readonly PathAlias[]): string[] {
  const targets: string[] = [];
  for (const alias of aliases) {
    const star = alias.pattern.indexOf('*');
    if (star === -1) {
      if (specifier === alias.pattern) targets.push(...alias.substitutions);
      continue;
    }
    const prefix = alias.pattern.slice(0, star);
    const suffix = alias.pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    const middle = specifier.slice(prefix.length, specifier.length - suffix.length);
    targets.push(...alias.substitutions.map((substitution) => substitution.replace('*', middle)));
  }
  return targets;
}

export class TsResolver {
  private readonly host: ts.ModuleResolutionHost;

  constructor(
    private readonly typescript: typeof ts,
    private readonly fsCache: FsCache,
    private readonly projects: TsProjects,
    private readonly packages: PackageScopes,
    private readonly ambient: AmbientModules,
    cwd: string,
  ) {
    this.host = {
      fileExists: fsCache.fileExists,
      directoryExists: fsCache.directoryExists,
      readFile: fsCache.readFile,
      realpath: fsCache.realpath,
      getCurrentDirectory: () => cwd,
      getDirectories: (dir) => [...fsCache.list(dir)].filter((name) => fsCache.directoryExists(path.join(dir, name))),
    };
  }

  /** The resolution mode TypeScript would give this import: `require()` is CommonJS, `import()` is ESM. */
  private modeOf(file: string, kind: TsImportKind, project: TsProject): ts.ResolutionMode {
    const { ModuleKind } = this.typescript;
    if (kind === 'require') return ModuleKind.CommonJS;
    if (kind === 'dynamic-import') return ModuleKind.ESNext;
    const packageJsonCache = project.cache.getPackageJsonInfoCache();
    return this.typescript.getImpliedNodeFormatForFile(file, packageJsonCache, this.host, project.options) ?? ModuleKind.ESNext;
  }

  /** Resolve with TypeScript alone (used to confirm that a suggested specifier works). */
  resolvesWithTypeScript(file: string, specifier: string, kind: TsImportKind): string | undefined {
    const project = this.projects.forFile(file);
    const mode = this.modeOf(file, kind, project);
    const result = this.typescript.resolveModuleName(specifier, file, project.options, this.host, project.cache, undefined, mode);
    return result.resolvedModule?.resolvedFileName;
  }

  /**
   * `strict` (for suggestions) lets an ambient `declare module` vouch for bare specifiers only: a suggested
   * `./new/logo.svg` must exist, whatever `declare module '*.svg'` says.
   */
  resolve(file: string, specifier: string, kind: TsImportKind, strict = false): TsResolution {
    const project = this.projects.forFile(file);
    const aliasPaths = isRelative(specifier) ? [] : aliasTargets(specifier, project.aliases);
    const form = isRelative(specifier) ? 'relative' : aliasPaths.length > 0 ? 'alias' : 'bare';
    const resolvedFile = this.resolvesWithTypeScript(file, specifier, kind);
    if (resolvedFile) return { resolved: true, target: resolvedFile, form };
    if ((form === 'bare' || !strict) && this.ambient.covers(specifier)) return { resolved: true, form };
    if (form === 'relative') {
      // Assets (`./logo.svg`, `./styles.css`) resolve when the file is there; TypeScript only knows code and JSON.
      const target = path.resolve(path.dirname(file), specifier);
      return { resolved: this.fsCache.fileExists(target), target, form };
    }
    if (form === 'alias') {
      const existing = aliasPaths.find((target) => this.fsCache.fileExists(target));
      return { resolved: existing !== undefined, target: existing ?? aliasPaths[0], form };
    }
    if (isNodeBuiltin(specifier) || this.packages.installedFile(file, specifier)) return { resolved: true, form };
    const name = packageNameOf(specifier);
    const notInstalledButDeclared = !this.packages.isInstalled(file, name) && !this.packages.isInstalled(file, typesPackageOf(name)) && this.packages.isDeclared(file, name);
    return { resolved: notInstalledButDeclared, form };
  }
}

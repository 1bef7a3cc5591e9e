import { builtinModules } from 'node:module';
import path from 'node:path';
import type { FsCache } from '../fs-cache.js';

const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return BUILTINS.has(packageNameOf(specifier)) || BUILTINS.has(specifier);
}

/** DefinitelyTyped's name for a package's types: `@types/name`, or `@types/scope__name` for `@scope/name`. */
export const typesPackageOf = (packageName: string): string =>
  `@types/${packageName.startsWith('@') ? packageName.slice(1).replace('/', '__') : packageName}`;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * What the nearest package.json declares and whether a package is installed, for bare specifiers TypeScript could
 * not resolve: a declared but not-installed package (no node_modules/<name> anywhere up the tree) is a setup step,
 * not a broken import.
 */
export class PackageScopes {
  private readonly declared = new Map<string, ReadonlySet<string>>();

  constructor(private readonly fsCache: FsCache) {}

  private dependenciesOf(dir: string): ReadonlySet<string> {
    let names = this.declared.get(dir);
    if (names) return names;
    const manifest = path.join(dir, 'package.json');
    const text = this.fsCache.readFile(manifest);
    if (text === undefined) {
      const parent = path.dirname(dir);
      names = parent === dir ? new Set() : this.dependenciesOf(parent);
    } else {
      const found = new Set<string>();
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        if (typeof json.name === 'string') found.add(json.name);
        for (const field of DEPENDENCY_FIELDS) {
          const deps = json[field];
          if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) found.add(name);
        }
      } catch {
        // An unreadable manifest declares nothing; TypeScript's own resolution already had its say.
      }
      names = found;
    }
    this.declared.set(dir, names);
    return names;
  }

  /** Declared itself, or through its DefinitelyTyped package (`json-schema` by `@types/json-schema`, `@a/b` by `@types/a__b`). */
  isDeclared(fromFile: string, packageName: string): boolean {
    const declared = this.dependenciesOf(path.dirname(fromFile));
    return declared.has(packageName) || declared.has(typesPackageOf(packageName));
  }

  isInstalled(fromFile: string, packageName: string): boolean {
    let dir = path.dirname(fromFile);
    for (;;) {
      if (this.fsCache.directoryExists(path.join(dir, 'node_modules', packageName))) return true;
      const parent = path.dirname(dir);
      if (parent === dir) return false;
      dir = parent;
    }
  }

  /** The installed file a bare asset specifier (`pkg/dist/style.css`) names, when it exists. */
  installedFile(fromFile: string, specifier: string): string | undefined {
    let dir = path.dirname(fromFile);
    for (;;) {
      const candidate = path.join(dir, 'node_modules', specifier);
      if (this.fsCache.fileExists(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

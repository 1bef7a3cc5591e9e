import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules);
// What a run has learned of manifests and node_modules folders; forgotten when the next run starts, which may follow
// an install or a manifest edit in the same process (the library API, a watch loop).
const dependenciesByPackageJson = new Map<string, ReadonlySet<string>>();
const nodeModulesByDir = new Map<string, boolean>();

/** Forgets the manifests and node_modules folders read so far: called as each scan starts. */
export function forgetDependencies(): void {
  dependenciesByPackageJson.clear();
  nodeModulesByDir.clear();
}

/** `@scope/name/sub` → `@scope/name`; `lodash/fp` → `lodash`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function declaredDependencies(packageJson: string): ReadonlySet<string> {
  let names = dependenciesByPackageJson.get(packageJson);
  if (!names) {
    names = new Set();
    try {
      const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const name of Object.keys(manifest[field] ?? {})) (names as Set<string>).add(name);
      }
    } catch {
      // An unreadable manifest declares nothing.
    }
    dependenciesByPackageJson.set(packageJson, names);
  }
  return names;
}

function installedOrDeclared(name: string, fromDir: string): boolean {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const installed = path.join(dir, 'node_modules', name);
    let exists = nodeModulesByDir.get(installed);
    if (exists === undefined) nodeModulesByDir.set(installed, (exists = existsSync(installed)));
    if (exists) return true;
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && declaredDependencies(manifest).has(name)) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * Whether an import specifier names a dependency (a Node builtin, or a package installed in or declared by the
 * project), whose exported names the project cannot rename. Relative paths, `#` subpath imports and alias
 * prefixes that no package provides (`@/api`, `~/lib`, tsconfig `paths`) are the project's own.
 */
export function isDependencySpecifier(specifier: string, importingFile: string): boolean {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return false;
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(packageName(specifier))) return true;
  const name = packageName(specifier);
  if (name === '@' || name.startsWith('@/') || name.startsWith('~')) return false;
  return installedOrDeclared(name, path.dirname(importingFile));
}

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { provideImporter } from './import-package.js';
import { userCacheDir } from './user-cache.js';

/** How many versions of one family's cache a write leaves, its own included. */
const KEPT_VERSIONS = 3;

/** How a load went: the code cache accepted, rejected (then replaced), absent (then written), or not used. */
export type CodeCacheState = 'accepted' | 'rejected' | 'none' | 'off';

/**
 * Requires a CommonJS file compiled through `vm.Script` with V8's code cache, kept in the user's cache folder under
 * `v8/<family>-<version>-<V8 version>-<arch>.bin`. Node 20 has no compile cache of its own (Node 22's
 * `module.enableCompileCache` is not here), so every start compiles a module's source and then each function on
 * first use; from the cache, V8 takes the functions an earlier run compiled. The cache is written when the first
 * run ends, so that it holds every function that ran. `version` must change whenever the file's content does: V8
 * checks a cache against the source's length, not its content. A rejected or unreadable cache only costs the plain
 * compile, and is replaced; writing one removes the family's older versions (an upgrade, a rebuild) beyond the
 * newest KEPT_VERSIONS.
 *
 * Code compiled this way cannot `import()` (Node 20 loses the callback for functions taken from the cache): it
 * imports packages through importPackage, which this loader provides with an `import` of its own.
 *
 * Undefined when no cache can be used (no cache folder): the caller then requires the file as usual.
 */
export function requireWithCodeCache(
  file: string,
  options: { readonly family: string; readonly version: string },
): { exports: unknown; state: CodeCacheState } | undefined {
  const folder = userCacheDir(process.env);
  if (!folder) return undefined;
  const cacheFile = path.join(folder, 'v8', `${options.family}-${options.version}-${process.versions.v8}-${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run makes one.
  }
  let script: vm.Script;
  try {
    script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  } catch {
    return undefined;
  }
  provideImporter((specifier) => import(specifier));
  // The CommonJS wrapper's arguments, as Node passes them.
  const module = { exports: {} as unknown, id: file, filename: file, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  const state: CodeCacheState = script.cachedDataRejected === false ? 'accepted' : cachedData ? 'rejected' : 'none';
  if (state !== 'accepted') process.once('exit', () => keep(cacheFile, options.family, script));
  return { exports: module.exports, state };
}

/**
 * Writes the code cache as the process ends (whole, then renamed into place) and removes the family's older caches;
 * a failure only costs the next run.
 */
function keep(cacheFile: string, family: string, script: vm.Script): void {
  const folder = path.dirname(cacheFile);
  try {
    mkdirSync(folder, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
    // The newest few stay: two installs of different versions (a global and a project's) would otherwise remove
    // each other's cache on every run.
    const others = readdirSync(folder)
      .filter((other) => other.startsWith(`${family}-`) && other.endsWith('.bin') && other !== path.basename(cacheFile))
      .map((other) => ({ file: path.join(folder, other), at: statSync(path.join(folder, other), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.at - a.at);
    for (const { file } of others.slice(KEPT_VERSIONS - 1)) rmSync(file, { force: true });
  } catch {
    // A read-only home or a full disk: the next run compiles as this one did.
  }
}

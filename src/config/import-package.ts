/**
 * `import()` of an installed package, for code that may run inside the CLI bundle. Node 20 loses the dynamic-import
 * callback of a `vm.Script` whose functions come from V8's code cache: every `import()` in the bundle then fails
 * with "A dynamic import callback was not specified" (PGlite's extensions, libpg-query's scanner), and
 * `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`, which should carry it, prints an ExperimentalWarning. So the loader
 * (code-cache.ts, a file Node compiles itself) hands over an `import` of its own, and the bundle calls that one;
 * elsewhere (dist/'s ES modules, the tests) this module's own `import()` runs. Package names only: a relative path
 * would be resolved against the loader's file.
 */
const IMPORTER = Symbol.for('renamer.importPackage');

type Importer = (specifier: string) => Promise<unknown>;

export function importPackage<T>(specifier: string): Promise<T> {
  const provided = (globalThis as { [IMPORTER]?: Importer })[IMPORTER];
  return (provided ? provided(specifier) : import(specifier)) as Promise<T>;
}

/**
 * Called by the loader before the code it compiles runs. The first importer stays: the loader runs again inside the
 * bundle (for TypeScript's compiler), where an `import` of its own would come from the cache too.
 */
export function provideImporter(importer: Importer): void {
  (globalThis as { [IMPORTER]?: Importer })[IMPORTER] ??= importer;
}

import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { RenamerOptions } from '../config/options.js';
import { toPosixRelative } from '../discover/discover.js';
import { languageOfFile } from '../lang/registry.js';

const real = (file: string): string => {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
};

const isUnder = (file: string, root: string): boolean => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The plan narrowed to a list of files (from git): only those under the plan's paths that a scan of those
 * paths would read. Named files skip discovery's own filters, so the language and --include tests are
 * applied here.
 */
export function narrowToFiles(options: RenamerOptions, files: readonly string[]): RenamerOptions {
  const roots = options.paths.map(real);
  const include = options.include.length ? picomatch(options.include as string[], { dot: true }) : () => true;
  const kept = files.filter((file) => {
    if (!existsSync(file) || languageOfFile(file) === undefined) return false;
    const resolved = real(file);
    return roots.some((root) => isUnder(resolved, root)) && include(toPosixRelative(options.cwd, file)) && !file.split(path.sep).includes('node_modules');
  });
  return Object.freeze({ ...options, paths: kept.map((file) => path.join(options.cwd, path.relative(real(options.cwd), real(file)))) });
}

/** Whether a report path (relative to the current directory) lies within the plan's paths. */
export function inScopeOf(options: RenamerOptions): (file: string) => boolean {
  return (file) => {
    const absolute = path.resolve(options.cwd, file);
    return options.paths.some((root) => isUnder(absolute, root));
  };
}

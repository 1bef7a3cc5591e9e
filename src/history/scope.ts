import path from 'node:path';
import picomatch from 'picomatch';
import type { RenamerOptions } from '../config/options.js';
import { languageOf } from '../lang/registry.js';

const ALWAYS_SKIPPED = /(?:^|\/)(?:node_modules|\.git)\//;
const CONFIG_NAME = 'renamer.config.json';

/**
 * Which files of a commit the plan reads, by their path in the repository: the same paths, languages, `--include`
 * and `--exclude` as a scan of the work tree, and never renamer's own files. The answer is the file's path relative
 * to the current directory (what reports and `--allow` globs use), or undefined. `.gitignore` is not consulted: a
 * commit holds only tracked files.
 */
export function planScope(options: RenamerOptions, root: string): (repoPath: string) => string | undefined {
  const include = options.include.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  const own = new Set(options.ownFiles.map((file) => path.resolve(file)));
  const roots = options.paths.map((entry) => path.resolve(entry));
  return (repoPath) => {
    if (ALWAYS_SKIPPED.test(repoPath) || languageOf(repoPath) === undefined) return undefined;
    const absolute = path.join(root, repoPath);
    if (!roots.some((entry) => absolute === entry || absolute.startsWith(entry.endsWith(path.sep) ? entry : entry + path.sep))) return undefined;
    if (own.has(absolute) || path.basename(absolute) === CONFIG_NAME) return undefined;
    const relative = path.relative(options.cwd, absolute).split(path.sep).join('/');
    if (include && !include(relative)) return undefined;
    if (exclude && exclude(relative)) return undefined;
    return relative;
  };
}

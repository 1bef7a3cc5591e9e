import { statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { GitignoreRules } from './gitignore.js';

export interface DiscoveredFile {
  readonly absolutePath: string;
  /** Relative to the current directory, with `/`. */
  readonly path: string;
}

export interface DiscoveryOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Only files whose name this accepts are listed (e.g. a known language). */
  readonly accept?: (fileName: string) => boolean;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
}

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export const toPosixRelative = (cwd: string, absolutePath: string): string =>
  path.relative(cwd, absolutePath).split(path.sep).join('/') || '.';

/**
 * Lists the files to read: every file under the given paths that .gitignore (nested ones too) does not
 * exclude, outside node_modules and .git, matching --include and not --exclude. A path named explicitly is
 * taken even when .gitignore excludes it. Sizes are checked when a file is opened (src/scan), which saves
 * a stat per file here.
 */
export function discoverFiles(options: DiscoveryOptions): Discovery {
  const { cwd } = options;
  const include = options.include.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  const seen = new Set<string>();
  const files: DiscoveredFile[] = [];

  const consider = (absolutePath: string, relative: string, explicit: boolean, rules?: GitignoreRules): void => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    if (!explicit) {
      if (options.accept && !options.accept(absolutePath)) return;
      if (include && !include(relative)) return;
      if (rules?.ignores(absolutePath)) return;
    }
    if (exclude && exclude(relative)) return;
    files.push({ absolutePath, path: relative });
  };

  for (const root of options.paths) {
    if (statSync(root).isFile()) {
      consider(root, toPosixRelative(cwd, root), true);
      continue;
    }
    // Joining strings is much cheaper than path.relative() per file on a 10,000-file tree.
    const rootRelative = toPosixRelative(cwd, root);
    const prefix = rootRelative === '.' ? '' : `${rootRelative}/`;
    const rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
    const rules = new GitignoreRules();
    rules.loadAncestors(root);
    const entries = fg.sync('**', {
      cwd: root,
      dot: true,
      followSymbolicLinks: false,
      ignore: ALWAYS_IGNORED,
      onlyFiles: true,
      objectMode: true,
      suppressErrors: true,
    });
    for (const entry of entries) {
      if (entry.name === '.gitignore') rules.load(path.dirname(rootPrefix + entry.path));
    }
    for (const entry of entries) {
      // Symbolic links are left alone: their targets are read where they live in the tree, if they do.
      if (entry.dirent.isSymbolicLink()) continue;
      consider(rootPrefix + entry.path, prefix + entry.path, false, rules);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files };
}

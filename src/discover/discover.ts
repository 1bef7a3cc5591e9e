import { statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { GitignoreRules } from './gitignore.js';

export interface DiscoveredFile {
  readonly absolutePath: string;
  /** Relative to the current directory, with `/`. */
  readonly path: string;
  readonly size: number;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface DiscoveryOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxFileSize: number;
  /** Only files whose name this accepts are listed (e.g. a known language). */
  readonly accept?: (fileName: string) => boolean;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  readonly skipped: SkippedFile[];
}

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export const toPosixRelative = (cwd: string, absolutePath: string): string =>
  path.relative(cwd, absolutePath).split(path.sep).join('/') || '.';

/**
 * Lists the files to read: every file under the given paths that .gitignore (nested ones too) does not
 * exclude, outside node_modules and .git, matching --include and not --exclude. Files over the size limit
 * are listed as skipped, never read. A path named explicitly is taken even when .gitignore excludes it.
 */
export function discoverFiles(options: DiscoveryOptions): Discovery {
  const { cwd } = options;
  const include = options.include.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  const seen = new Set<string>();
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];

  const consider = (absolutePath: string, size: number, explicit: boolean, rules?: GitignoreRules): void => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    const relative = toPosixRelative(cwd, absolutePath);
    if (!explicit) {
      if (options.accept && !options.accept(absolutePath)) return;
      if (include && !include(relative)) return;
      if (rules?.ignores(absolutePath)) return;
    }
    if (exclude && exclude(relative)) return;
    if (size > options.maxFileSize) {
      skipped.push({ path: relative, reason: `larger than ${options.maxFileSize} bytes (${size})` });
      return;
    }
    files.push({ absolutePath, path: relative, size });
  };

  for (const root of options.paths) {
    const stat = statSync(root);
    if (stat.isFile()) {
      consider(root, stat.size, true);
      continue;
    }
    const rules = new GitignoreRules();
    rules.loadAncestors(root);
    const entries = fg.sync('**', {
      cwd: root,
      dot: true,
      absolute: true,
      stats: true,
      followSymbolicLinks: false,
      ignore: ALWAYS_IGNORED,
      onlyFiles: true,
      suppressErrors: true,
    });
    for (const entry of entries) {
      if (entry.name === '.gitignore') rules.load(path.dirname(entry.path));
    }
    for (const entry of entries) {
      if (entry.dirent.isSymbolicLink()) continue;
      consider(path.normalize(entry.path), entry.stats?.size ?? 0, false, rules);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, skipped };
}

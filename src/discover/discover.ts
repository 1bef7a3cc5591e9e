import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { GitignoreRules } from './gitignore.js';
import { RealPlaces } from './real-places.js';
import { OwnFiles } from './own-files.js';
import { ALWAYS_SKIPPED } from './skipped.js';

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
  /** renamer's own files (its config, check's baseline): never listed, even when named (see OwnFiles). */
  readonly ownFiles?: readonly string[];
  /** Called with each folder the walk lists, and its entries (undefined when it cannot be listed). */
  readonly onFolder?: (dir: string, entries: readonly Dirent[] | undefined) => void;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
}

export const toPosixRelative = (cwd: string, absolutePath: string): string =>
  path.relative(cwd, absolutePath).split(path.sep).join('/') || '.';


/**
 * Walks a folder depth-first with one readdir per folder, loading each .gitignore before the entries it governs
 * and never descending into an ignored folder (a build output can hold more files than the source). Relative
 * paths are built by joining strings, which is far cheaper than path.relative() per file on a large tree.
 */
function walk(
  root: string,
  rootPrefix: string,
  rules: GitignoreRules,
  visit: (absolutePath: string, relative: string, dir: string) => void,
  onFolder?: DiscoveryOptions['onFolder'],
): void {
  const pending: [string, string][] = [[root.endsWith(path.sep) ? root.slice(0, -1) : root, rootPrefix]];
  while (pending.length > 0) {
    const [dir, prefix] = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir || path.sep, { withFileTypes: true });
    } catch {
      onFolder?.(dir || path.sep, undefined);
      continue; // A folder that vanished or cannot be listed holds nothing to scan.
    }
    onFolder?.(dir || path.sep, entries);
    if (entries.some((entry) => entry.name === '.gitignore')) rules.load(dir);
    for (const entry of entries) {
      const absolutePath = dir + path.sep + entry.name;
      // Symbolic links are left alone: their targets are read where they live in the tree, if they do.
      if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED.has(entry.name) && !rules.ignores(absolutePath, true)) pending.push([absolutePath, `${prefix}${entry.name}/`]);
      } else if (entry.isFile()) {
        visit(absolutePath, prefix + entry.name, dir);
      }
    }
  }
}

/**
 * Lists the files to read: every file under the given paths that .gitignore (nested ones too) does not
 * exclude, outside node_modules and .git, matching --include and not --exclude. A path named explicitly is
 * taken even when .gitignore excludes it, unless a symbolic link takes it out of the repository (see RealPlaces).
 * Each file is listed once, however many paths lead to it. Sizes are checked when a file is opened (src/scan),
 * which saves a stat per file here.
 */
export function discoverFiles(options: DiscoveryOptions): Discovery {
  const { cwd } = options;
  const include = options.include.length ? picomatch(options.include as string[], { dot: true }) : undefined;
  const exclude = options.exclude.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  const places = new RealPlaces(cwd);
  const own = options.ownFiles ? new OwnFiles(options.ownFiles) : undefined;
  /** By real path, the index in `files`; `viaLink` holds those listed under a path that crosses a link (rare). */
  const seen = new Map<string, number>();
  const viaLink = new Set<string>();
  const files: (DiscoveredFile | undefined)[] = [];

  // One folder walked on its own reaches each file once (the walk follows no links), so nothing needs the
  // real-path bookkeeping, which costs a string hash per file on a large tree.
  const single = options.paths.length === 1;
  const consider = (absolutePath: string, relative: string, key: string, linked: boolean, explicit: boolean, rules?: GitignoreRules, dir?: string): void => {
    if (!explicit) {
      if (options.accept && !options.accept(absolutePath)) return;
      if (include && !include(relative)) return;
      if (rules?.ignores(absolutePath, false, dir)) return;
    }
    if (single) {
      if (!(exclude && exclude(relative)) && !own?.has(absolutePath)) files.push({ absolutePath, path: relative });
      return;
    }
    const known = seen.get(key);
    if (known !== undefined && (linked || !viaLink.has(key))) return;
    if (exclude && exclude(relative)) return;
    if (own?.has(absolutePath)) return;
    // The same file named again without a link: listed under that path instead.
    if (known !== undefined) files[known] = undefined;
    seen.set(key, files.length);
    if (linked) viaLink.add(key);
    else viaLink.delete(key);
    files.push({ absolutePath, path: relative });
  };

  for (const root of options.paths) {
    if (statSync(root).isFile()) {
      const place = places.locate(root);
      if (!place.escapes) consider(root, toPosixRelative(cwd, root), place.real, place.linked, true);
      continue;
    }
    const rootRelative = toPosixRelative(cwd, root);
    const { real: rootReal, linked } = places.locate(root);
    const rules = new GitignoreRules();
    rules.loadAncestors(root);
    walk(root, rootRelative === '.' ? '' : `${rootRelative}/`, rules, (absolutePath, relative, dir) =>
      consider(absolutePath, relative, single ? '' : places.walkedKey(rootReal, root, absolutePath), linked, false, rules, dir),
      options.onFolder,
    );
  }
  const listed = files.filter((file): file is DiscoveredFile => file !== undefined);
  listed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: listed };
}

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { createMatcher, type Rename, type WordMatcher } from '../words/index.js';

/** A file or folder whose own name holds the family: `app/utils/session_manager.py`, `src/session-utils/`. */
export interface PathEntry {
  /** Relative to the working folder, with `/`; a folder has no trailing `/`. */
  readonly path: string;
  readonly folder: boolean;
  /** The old and new last segment (`session_manager.py` → `flow_manager.py`); `replacement` is '' without `--to`. */
  readonly text: string;
  readonly replacement: string;
  /** Where the entry ends up once every renamed folder above it moved too (relative, `/`); '' without `--to`. */
  readonly target: string;
  /** Named by an `--allow` glob, or a folder holding an allowed file: it keeps its name. */
  readonly allowed: boolean;
}

/** One `rename` as the file system performs it, in order: a folder first, then what its renamed entries become. */
export interface PathStep {
  readonly from: string;
  readonly to: string;
}

/** A rename that would overwrite or merge into another path: nothing is moved while one is left. */
export interface PathConflict {
  readonly path: string;
  readonly target: string;
  readonly reason: string;
}

export interface PathPlan {
  readonly entries: readonly PathEntry[];
  /** Absolute paths, in the order to perform them; empty when there is a conflict. */
  readonly steps: readonly PathStep[];
  /** Every discovered file that moves (absolute old path → absolute new path); empty when there is a conflict. */
  readonly fileMoves: ReadonlyMap<string, string>;
  readonly conflicts: readonly PathConflict[];
}

export interface PathPlanInput {
  readonly cwd: string;
  /** The run's path arguments (absolute): only names below them are renamed, never the arguments' own. */
  readonly roots: readonly string[];
  /** Every file of the run (absolute), as discovery lists them. */
  readonly files: readonly string[];
  readonly renames: readonly Rename[];
  readonly allow: readonly string[];
  /** Whether a path exists now (tests give a fake); default: the disk. */
  readonly exists?: (absolutePath: string) => boolean;
  /** The entries of a folder (to find names that differ only in case); default: the disk. */
  readonly list?: (absoluteFolder: string) => readonly string[];
  /** Look for conflicts on disk (default); a report that only lists the entries skips the look-ups. */
  readonly checkTargets?: boolean;
}

const posix = (cwd: string, absolute: string): string => path.relative(cwd, absolute).split(path.sep).join('/');

/**
 * The new name of one path segment, the word matcher's replacement in the style of each match; a file keeps its
 * extension (`SessionPanel.tsx` → `FlowPanel.tsx`). Undefined when the name holds none of the family.
 */
export function renameSegment(matcher: WordMatcher, name: string, folder: boolean): { readonly replacement: string } | undefined {
  const dot = folder ? -1 : name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const matches = matcher.matchAll(stem);
  if (matches.length === 0) return undefined;
  let replaced = '';
  let at = 0;
  for (const match of matches) {
    replaced += stem.slice(at, match.start) + match.replacement;
    at = match.end;
  }
  return { replacement: matches.some((match) => match.replacement === '') ? '' : replaced + stem.slice(at) + name.slice(stem.length) };
}

/** The root a file is renamed below: the highest path argument holding it (so that more of its names count). */
function rootOf(file: string, roots: readonly string[]): string | undefined {
  let highest: string | undefined;
  for (const root of roots) {
    // No string is built per file: this runs for every file of the tree.
    const holds = file.startsWith(root) && (file.length === root.length || root.endsWith(path.sep) || file[root.length] === path.sep);
    if (holds && (highest === undefined || root.length < highest.length)) highest = root;
  }
  return highest;
}

const defaultList = (folder: string): readonly string[] => {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
};

/**
 * Every family-named file and folder under the run's roots, where each ends up, the renames that get it there, and
 * the conflicts that stop them: a target that exists, two paths with one target, and a target that differs only in
 * case from another path (one file on case-insensitive file systems, macOS and Windows by default).
 */
export function planPathRenames(input: PathPlanInput): PathPlan {
  const matcher = createMatcher(input.renames);
  const exists = input.exists ?? existsSync;
  const list = input.list ?? defaultList;
  const isAllowed = input.allow.length ? picomatch(input.allow as string[], { dot: true }) : () => false;
  /** By absolute path: the entry's new last segment (folders and files). */
  const renamed = new Map<string, { folder: boolean; text: string; replacement: string }>();
  const filesUnder = new Map<string, string[]>();
  // The same prefilter as file contents get: a path below its root without any needle names nothing, and neither
  // does any folder above it. On a 10,000-file tree this skips nearly every file.
  const needles = matcher.needles.map((needle) => needle.toString('utf8'));
  for (const file of input.files) {
    const root = rootOf(file, input.roots);
    if (root === undefined) continue;
    const below = file === root ? path.basename(file) : file.slice(root.length);
    if (!needles.some((needle) => below.includes(needle))) continue;
    const parts = file === root ? [path.basename(file)] : path.relative(root, file).split(path.sep);
    let at = file === root ? path.dirname(file) : root;
    parts.forEach((part, index) => {
      at = path.join(at, part);
      const folder = index < parts.length - 1;
      if (folder) {
        const under = filesUnder.get(at);
        if (under) under.push(file);
        else filesUnder.set(at, [file]);
      }
      if (renamed.has(at)) return;
      const next = renameSegment(matcher, part, folder);
      if (next) renamed.set(at, { folder, text: part, replacement: next.replacement });
    });
  }
  const allowedAt = (absolute: string, folder: boolean): boolean =>
    isAllowed(posix(input.cwd, absolute)) || (folder && (filesUnder.get(absolute) ?? []).some((file) => isAllowed(posix(input.cwd, file))));
  const moving = new Map<string, string>();
  for (const [absolute, entry] of renamed) if (entry.replacement !== '' && !allowedAt(absolute, entry.folder)) moving.set(absolute, entry.replacement);
  /** Where a path ends up: each moving segment of it renamed. */
  const finals = new Map<string, string>();
  const finalOf = (absolute: string): string => {
    let final = finals.get(absolute);
    if (final === undefined) {
      const parent = path.dirname(absolute);
      final = parent === absolute ? absolute : path.join(finalOf(parent), moving.get(absolute) ?? path.basename(absolute));
      finals.set(absolute, final);
    }
    return final;
  };
  const entries: PathEntry[] = [...renamed]
    .map(([absolute, entry]) => ({
      path: posix(input.cwd, absolute),
      folder: entry.folder,
      text: entry.text,
      replacement: entry.replacement,
      target: entry.replacement === '' ? '' : posix(input.cwd, finalOf(absolute)),
      allowed: allowedAt(absolute, entry.folder),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const conflicts = input.checkTargets === false ? [] : conflictsOf([...moving.keys()], finalOf, { cwd: input.cwd, exists, list, files: input.files });
  if (conflicts.length > 0 || moving.size === 0) return { entries, steps: [], fileMoves: new Map(), conflicts };
  // A folder moves before what is inside it; each step names its source where the steps before it left it.
  const order = [...moving.keys()].sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || (a < b ? -1 : 1));
  const steps = order.map((absolute) => ({ from: path.join(finalOf(path.dirname(absolute)), path.basename(absolute)), to: finalOf(absolute) }));
  const fileMoves = new Map<string, string>();
  for (const file of input.files) {
    const next = finalOf(file);
    if (next !== file) fileMoves.set(file, next);
  }
  return { entries, steps, fileMoves, conflicts };
}

function conflictsOf(
  sources: readonly string[],
  finalOf: (absolute: string) => string,
  context: { cwd: string; exists: (file: string) => boolean; list: (folder: string) => readonly string[]; files: readonly string[] },
): PathConflict[] {
  const conflicts: PathConflict[] = [];
  const add = (source: string, target: string, reason: string) => conflicts.push({ path: posix(context.cwd, source), target: posix(context.cwd, target), reason });
  // What stays where it is: every path that exists now and is not (inside) a moving source.
  const leaving = (absolute: string): boolean => sources.some((source) => absolute === source || absolute.startsWith(source + path.sep));
  const byTarget = new Map<string, string[]>();
  for (const source of sources) {
    const target = finalOf(source);
    const key = target.toLowerCase();
    byTarget.set(key, [...(byTarget.get(key) ?? []), source]);
  }
  for (const source of sources) {
    const target = finalOf(source);
    const shown = (other: string) => posix(context.cwd, other);
    const sharing = byTarget.get(target.toLowerCase())!.filter((other) => other !== source);
    if (path.basename(source).toLowerCase() === path.basename(target).toLowerCase()) {
      add(source, target, 'a case-only rename: on a case-insensitive file system (macOS, Windows) it is the same file; rename it in two steps by hand');
    } else if (sharing.some((other) => finalOf(other) === target)) {
      add(source, target, `${sharing.filter((other) => finalOf(other) === target).map(shown).join(', ')} would be renamed to the same path`);
    } else if (sharing.length > 0) {
      add(source, target, `${sharing.map((other) => shown(finalOf(other))).join(', ')} differs only in case: on a case-insensitive file system (macOS, Windows) both are one path`);
    } else {
      // The target's folder as it is now (its own folders may be renamed by an earlier step): an existing entry there.
      const original = path.join(path.dirname(source), path.basename(target));
      if (context.exists(original) && !leaving(original)) add(source, target, `${shown(original)} exists already`);
      else {
        const twin = context.list(path.dirname(source)).find((name) => name !== path.basename(source) && name.toLowerCase() === path.basename(target).toLowerCase());
        if (twin && !leaving(path.join(path.dirname(source), twin))) {
          add(source, target, `${shown(path.join(path.dirname(source), twin))} differs only in case: on a case-insensitive file system (macOS, Windows) both are one path`);
        }
      }
    }
  }
  return conflicts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

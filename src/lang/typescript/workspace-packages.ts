import { createRequire } from 'node:module';
import path from 'node:path';
import type { FsCache } from '../../imports/fs-cache.js';

/**
 * The packages a repository declares as its own: package.json `workspaces` (npm, yarn, bun: an array, or yarn's
 * `{ packages: [...] }`) and pnpm-workspace.yaml `packages:`. Read from the repository root and the run's folder.
 * Returns package name → folder.
 */
export function workspacePackages(roots: readonly string[], fsCache: FsCache): Map<string, string> {
  const found = new Map<string, string>();
  for (const root of new Set(roots)) {
    const patterns = [...manifestWorkspaces(root, fsCache), ...pnpmWorkspaces(root, fsCache)];
    if (patterns.length === 0) continue;
    // fast-glob is loaded only when a repository declares workspaces (see src/config/resolve.ts on its load time).
    const fg = createRequire(import.meta.url)('fast-glob') as typeof import('fast-glob');
    const include = patterns.filter((pattern) => !pattern.startsWith('!')).map((pattern) => `${trimSlash(pattern)}/package.json`);
    const ignore = ['**/node_modules/**', ...patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => trimSlash(pattern.slice(1)))];
    for (const manifest of fg.sync(include, { cwd: root, ignore, absolute: true, onlyFiles: true })) {
      const name = nameOf(path.normalize(manifest), fsCache);
      if (name && !found.has(name)) found.set(name, path.dirname(path.normalize(manifest)));
    }
  }
  return found;
}

const trimSlash = (pattern: string): string => pattern.replace(/^\.\//, '').replace(/\/+$/, '');

function nameOf(manifest: string, fsCache: FsCache): string | undefined {
  try {
    const json = JSON.parse(fsCache.readFile(manifest) ?? 'null') as { name?: unknown } | null;
    return typeof json?.name === 'string' ? json.name : undefined;
  } catch {
    return undefined; // A manifest that does not parse names no package; TypeScript's resolution still has its say.
  }
}

function manifestWorkspaces(root: string, fsCache: FsCache): string[] {
  try {
    const json = JSON.parse(fsCache.readFile(path.join(root, 'package.json')) ?? 'null') as { workspaces?: unknown } | null;
    const field = json?.workspaces;
    const list = Array.isArray(field) ? field : (field as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The `packages:` list of pnpm-workspace.yaml, plus the root package pnpm always includes. Read line by line rather than with a YAML library: the file is a
 * flat list of globs by pnpm's own documentation, and no YAML parser is a dependency of renamer.
 */
function pnpmWorkspaces(root: string, fsCache: FsCache): string[] {
  const text = fsCache.readFile(path.join(root, 'pnpm-workspace.yaml'));
  if (text === undefined) return [];
  // pnpm always counts the root package among the workspace's packages ("the root package is always included"),
  // whatever `packages:` lists: `"iron-session": "workspace:*"` in examples/next links the root itself.
  const patterns: string[] = ['.'];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      const inline = /\[(.*)\]/.exec(line);
      if (inline) patterns.push(...inline[1].split(',').map(unquote).filter(Boolean));
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s*-\s*(.+?)\s*$/.exec(line);
    if (item) patterns.push(unquote(item[1]));
    else if (/^\S/.test(line)) inPackages = false;
  }
  return patterns;
}

const unquote = (value: string): string => value.trim().replace(/^(['"])(.*)\1$/, '$2');

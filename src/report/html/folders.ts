import type { FileData, FolderData } from './model.js';

interface MutableFolder {
  readonly name: string;
  readonly path: string;
  count: number;
  readonly folders: Map<string, MutableFolder>;
  readonly files: FileData[];
}

const byCount = <T extends { count: number; path: string }>(a: T, b: T): number => b.count - a.count || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** A chain of folders that each hold one folder and no file reads as one step (`fixtures/app/src`). */
function freeze(folder: MutableFolder): FolderData {
  let current = folder;
  let name = folder.name;
  while (current.files.length === 0 && current.folders.size === 1) {
    const [only] = current.folders.values();
    name = name ? `${name}/${only.name}` : only.name;
    current = only;
  }
  return {
    name,
    path: current.path,
    count: current.count,
    folders: [...current.folders.values()].map(freeze).sort(byCount),
    files: [...current.files].sort(byCount),
  };
}

/**
 * The files' folders as a tree, largest first at every level: the page's "where is the rest" view. Files in the
 * current directory itself sit in a folder named `.`.
 */
export function folderTree(files: readonly FileData[]): FolderData[] {
  const root: MutableFolder = { name: '', path: '', count: 0, folders: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    parts.pop();
    let at = root;
    at.count += file.count;
    if (parts.length === 0) parts.push('.');
    for (const part of parts) {
      let next = at.folders.get(part);
      if (!next) {
        next = { name: part, path: at.path ? `${at.path}/${part}` : part, count: 0, folders: new Map(), files: [] };
        at.folders.set(part, next);
      }
      next.count += file.count;
      at = next;
    }
    at.files.push(file);
  }
  return [...root.folders.values()].map(freeze).sort(byCount);
}

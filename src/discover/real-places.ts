import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

const isUnder = (file: string, root: string): boolean => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

const realPath = (file: string): string => {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
};

/** The folder holding `.git` at or above `cwd`, or `cwd` itself outside a repository. */
function repositoryRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/**
 * Where files named one by one (arguments, a glob's matches) really are. A glob expanded through a symbolic link
 * reaches files the folder walk never would: outside the repository, or the same file many times over (a link
 * loop, a link into the tree). The walk's rules hold for them too: a file whose real place is outside the
 * repository, though its path is inside, is left out, and a file is listed once, under a path without links
 * when one was named.
 */
export class RealPlaces {
  private repository?: { readonly lexical: string; readonly real: string };
  private readonly cwdReal: string;

  constructor(private readonly cwd: string) {
    this.cwdReal = realPath(cwd);
  }

  /** The path with the current directory's own links resolved: equal to the real path when no link is crossed below it. */
  private lexical(absolutePath: string): string {
    return this.cwdReal !== this.cwd && isUnder(absolutePath, this.cwd) ? this.cwdReal + absolutePath.slice(this.cwd.length) : absolutePath;
  }

  /** The real path, whether the named path crosses a link, and whether that link leads out of the repository. */
  locate(absolutePath: string): { real: string; linked: boolean; escapes: boolean } {
    const real = realPath(absolutePath);
    const lexical = this.lexical(absolutePath);
    if (real === lexical) return { real, linked: false, escapes: false };
    if (!this.repository) {
      const root = repositoryRoot(this.cwd);
      this.repository = { lexical: root, real: realPath(root) };
    }
    const { lexical: root, real: rootReal } = this.repository;
    const inside = isUnder(absolutePath, root) || isUnder(lexical, rootReal);
    return { real, linked: true, escapes: inside && !isUnder(real, rootReal) };
  }

  /** The key a walked file is known by: its real path, computed from its root's without a system call. */
  walkedKey(rootReal: string, root: string, absolutePath: string): string {
    return rootReal === root ? absolutePath : rootReal + absolutePath.slice(root.length);
  }
}

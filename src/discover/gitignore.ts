import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * The .gitignore files that govern a tree, nested ones included, each applied to paths relative to its own
 * folder as git does. Rules from folders above the scanned root (up to the repository root) apply too.
 */
export class GitignoreRules {
  private readonly rules = new Map<string, Ignore>();

  /** Loads the .gitignore files from `root` up to the enclosing repository's top folder. */
  loadAncestors(root: string): void {
    let dir = path.resolve(root);
    for (;;) {
      this.load(dir);
      if (existsSync(path.join(dir, '.git'))) return;
      const parent = path.dirname(dir);
      if (parent === dir) return;
      dir = parent;
    }
  }

  load(dir: string): void {
    if (this.rules.has(dir)) return;
    const file = path.join(dir, '.gitignore');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    this.rules.set(dir, ignore().add(text));
  }

  /**
   * Whether git would ignore `absolutePath` (a file, or a folder when `isDirectory`). The deepest
   * .gitignore with an opinion decides, so a nested `!keep.log` re-includes what a parent's `*.log` left out.
   */
  ignores(absolutePath: string, isDirectory = false): boolean {
    if (this.rules.size === 0) return false;
    let dir = absolutePath;
    for (let cut = dir.lastIndexOf(path.sep); cut > 0 || dir !== path.sep; cut = dir.lastIndexOf(path.sep)) {
      dir = cut > 0 ? dir.slice(0, cut) : path.sep;
      const rule = this.rules.get(dir);
      if (rule) {
        const relative = absolutePath.slice(dir === path.sep ? 1 : dir.length + 1).split(path.sep).join('/');
        const verdict = rule.test(isDirectory ? `${relative}/` : relative);
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      if (dir === path.sep) return false;
    }
    return false;
  }
}

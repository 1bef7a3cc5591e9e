import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * The .gitignore files that govern a tree, nested ones included, each applied to paths relative to its own
 * folder as git does. Rules from folders above the scanned root (up to the repository root) apply too.
 */
export class GitignoreRules {
  private readonly rules = new Map<string, Ignore>();
  private readonly folderOnly = new Set<string>();

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
    this.chains.clear();
    this.fileChains.clear();
    const file = path.join(dir, '.gitignore');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    this.rules.set(dir, ignore().add(text));
    // A file of folder-only patterns (`dist/`, `build/`) can never exclude a file the walk reaches, since the
    // walk does not enter ignored folders: such rules are skipped for files, which saves a test per file.
    const patterns = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    if (patterns.every((line) => line.endsWith('/') && !line.startsWith('!'))) this.folderOnly.add(dir);
  }

  /** Per folder, the rule files that govern its entries, deepest first (computed once per folder). */
  private readonly chains = new Map<string, readonly (readonly [string, Ignore])[]>();
  /** The same without the folder-only rule files, for the folder's files: most trees have none left. */
  private readonly fileChains = new Map<string, readonly (readonly [string, Ignore])[]>();

  private chainFor(dir: string): readonly (readonly [string, Ignore])[] {
    let chain = this.chains.get(dir);
    if (!chain) {
      const own = this.rules.get(dir);
      const parent = path.dirname(dir);
      const above = parent === dir ? [] : this.chainFor(parent);
      chain = own ? [[dir, own] as const, ...above] : above;
      this.chains.set(dir, chain);
    }
    return chain;
  }

  /**
   * Whether git would ignore `absolutePath` (a file, or a folder when `isDirectory`). The deepest
   * .gitignore with an opinion decides, so a nested `!keep.log` re-includes what a parent's `*.log` left out.
   * Call `load` for a folder before asking about its entries. `parent` is the folder holding it, when the caller
   * knows (a walk does), which saves computing it per file.
   */
  ignores(absolutePath: string, isDirectory = false, parent?: string): boolean {
    if (this.rules.size === 0) return false;
    const folder = parent || path.dirname(absolutePath);
    let chain = isDirectory ? this.chainFor(folder) : this.fileChains.get(folder);
    if (!chain) {
      chain = this.chainFor(folder).filter(([dir]) => !this.folderOnly.has(dir));
      this.fileChains.set(folder, chain);
    }
    for (let i = 0; i < chain.length; i++) {
      const [dir, rule] = chain[i];
      let relative = absolutePath.slice(dir.length === 1 ? 1 : dir.length + 1);
      if (path.sep !== '/') relative = relative.split(path.sep).join('/');
      const verdict = rule.test(isDirectory ? `${relative}/` : relative);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }

  /**
   * For a file reached without a walk (a glob match): whether it or any folder above it is ignored. Load the
   * ancestors' rules first (`loadAncestors`).
   */
  ignoresAnywhere(absolutePath: string): boolean {
    for (let dir = path.dirname(absolutePath); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      if (this.ignores(dir, true)) return true;
    }
    return this.ignores(absolutePath);
  }
}

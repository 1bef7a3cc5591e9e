import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { FsCache } from './fs-cache.js';

/**
 * Whether a path lies in a folder the build produces: an explicit output folder (tsconfig `outDir`) or anything
 * .gitignore'd. An import of `../dist/client.js` is then a build-order question, not a moved module.
 * Nested .gitignore files decide as git does: the deepest file with a rule for the path wins.
 */
export class GeneratedFolders {
  private readonly rules = new Map<string, Ignore | undefined>();
  private readonly outputDirs = new Set<string>();

  constructor(private readonly fsCache: FsCache) {}

  addOutputDir(dir: string): void {
    this.outputDirs.add(path.resolve(dir));
  }

  private rulesOf(dir: string): Ignore | undefined {
    if (this.rules.has(dir)) return this.rules.get(dir);
    const text = this.fsCache.readFile(path.join(dir, '.gitignore'));
    const rules = text === undefined ? undefined : ignore().add(text);
    this.rules.set(dir, rules);
    return rules;
  }

  contains(target: string): boolean {
    for (const dir of this.outputDirs) {
      if (target === dir || target.startsWith(dir + path.sep)) return true;
    }
    let dir = path.dirname(target);
    for (;;) {
      const rules = this.rulesOf(dir);
      if (rules) {
        const relative = path.relative(dir, target).split(path.sep).join('/');
        // `dist/` only matches folders; a folder import (`../dist`) has no trailing slash, so test both forms.
        for (const candidate of [relative, `${relative}/`]) {
          const verdict = rules.test(candidate);
          if (verdict.ignored) return true;
          if (verdict.unignored) return false;
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir || this.fsCache.directoryExists(path.join(dir, '.git'))) return false;
      dir = parent;
    }
  }
}

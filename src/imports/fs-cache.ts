import fs from 'node:fs';

/**
 * Memoised file-system probes for one run. Module resolution asks the same questions many times (every import of
 * `../lib/util` from one folder, every candidate extension, every package.json up the tree); the tree is not
 * expected to change while `renamer imports` reads it.
 */
export class FsCache {
  private readonly stats = new Map<string, 'file' | 'dir' | undefined>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly listings = new Map<string, ReadonlySet<string>>();
  private readonly realpaths = new Map<string, string>();

  private kind(path: string): 'file' | 'dir' | undefined {
    if (this.stats.has(path)) return this.stats.get(path);
    let kind: 'file' | 'dir' | undefined;
    try {
      const stat = fs.statSync(path, { throwIfNoEntry: false });
      kind = stat?.isFile() ? 'file' : stat?.isDirectory() ? 'dir' : undefined;
    } catch {
      kind = undefined;
    }
    this.stats.set(path, kind);
    return kind;
  }

  readonly fileExists = (path: string): boolean => this.kind(path) === 'file';

  readonly directoryExists = (path: string): boolean => this.kind(path) === 'dir';

  readonly readFile = (path: string): string | undefined => {
    if (this.texts.has(path)) return this.texts.get(path);
    let text: string | undefined;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    this.texts.set(path, text);
    return text;
  };

  /** Entry names of a folder; empty when it cannot be read. */
  readonly list = (dir: string): ReadonlySet<string> => {
    let names = this.listings.get(dir);
    if (!names) {
      try {
        names = new Set(fs.readdirSync(dir));
      } catch {
        names = new Set();
      }
      this.listings.set(dir, names);
    }
    return names;
  };

  readonly realpath = (path: string): string => {
    let real = this.realpaths.get(path);
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(path);
      } catch {
        real = path;
      }
      this.realpaths.set(path, real);
    }
    return real;
  };
}

import path from 'node:path';
import { FsCache } from '../imports/fs-cache.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The tree as it will be once `apply --files` has renamed its files, read from the tree as it is: module
 * resolution (TypeScript's, the Python layout) asks it whether a renamed import resolves before anything moves.
 * A rename keeps the tree's shape (only names change), so each renamed folder maps to one folder of today's.
 */
export class MovedView extends FsCache {
  /** New absolute path → today's, for every moved file and renamed folder. */
  private readonly back = new Map<string, string>();
  /** Today's absolute path → new, for every moved file and renamed folder. */
  private readonly forward = new Map<string, string>();

  constructor(fileMoves: ReadonlyMap<string, string>) {
    super();
    for (const [from, to] of fileMoves) {
      for (let old = from, next = to; old !== next && !this.forward.has(old); old = path.dirname(old), next = path.dirname(next)) {
        this.forward.set(old, next);
        this.back.set(next, old);
      }
    }
    const disk = { fileExists: this.fileExists, directoryExists: this.directoryExists, readFile: this.readFile, list: this.list, realpath: this.realpath };
    const self = this as Mutable<FsCache>;
    self.fileExists = (file) => {
      const old = this.today(file);
      return old !== undefined && disk.fileExists(old);
    };
    self.directoryExists = (dir) => {
      const old = this.today(dir);
      return old !== undefined && disk.directoryExists(old);
    };
    self.readFile = (file) => {
      const old = this.today(file);
      return old === undefined ? undefined : disk.readFile(old);
    };
    self.list = (dir) => {
      const old = this.today(dir);
      if (old === undefined) return new Set();
      return new Set([...disk.list(old)].map((name) => path.basename(this.forward.get(path.join(old, name)) ?? name)));
    };
    self.realpath = (file) => {
      const old = this.today(file);
      if (old === undefined) return file;
      const real = disk.realpath(old);
      return real === old ? file : (this.forward.get(real) ?? real);
    };
  }

  /** Where a path of the renamed tree is today; undefined when nothing will be there. */
  private today(file: string): string | undefined {
    const exact = this.back.get(file);
    if (exact !== undefined) return exact;
    // The deepest renamed folder above it carries it; below that, a name that is renamed itself is gone.
    let above = path.dirname(file);
    while (!this.back.has(above) && path.dirname(above) !== above) above = path.dirname(above);
    const base = this.back.get(above) ?? '';
    const candidate = this.back.has(above) ? base + file.slice(above.length) : file;
    for (let at = candidate; at.length > base.length && path.dirname(at) !== at; at = path.dirname(at)) {
      if (this.forward.has(at)) return undefined;
    }
    return candidate;
  }
}

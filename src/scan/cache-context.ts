import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

/**
 * What a TypeScript or JavaScript file's findings depend on besides its text: whether each bare import names a
 * dependency, which src/lang/typescript/dependencies.ts answers from the `package.json` files and `node_modules`
 * folders of every folder above the file. The fingerprint covers all of those inputs (each manifest's bytes, each
 * `node_modules` listing with scopes and without broken links), so an install or a manifest edit misses the cache.
 */
export class DependencyContext {
  private readonly chains = new Map<string, string>();

  /** Every folder fingerprinted so far (the folders of files and those above them), by folder. */
  get fingerprints(): ReadonlyMap<string, string> {
    return this.chains;
  }

  /** The fingerprint of the folders from `dir` up to the file-system root. */
  of(dir: string): string {
    let chain = this.chains.get(dir);
    if (chain === undefined) {
      const parent = path.dirname(dir);
      const own = folderFingerprint(dir);
      chain = parent === dir ? own : own === '' ? this.of(parent) : sha256(`${own}\n${this.of(parent)}`);
      this.chains.set(dir, chain);
    }
    return chain;
  }
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** One folder's share: '' when it has neither a manifest nor a `node_modules` folder (most folders). */
function folderFingerprint(dir: string): string {
  let manifest = '';
  const file = path.join(dir, 'package.json');
  try {
    // Most folders have neither file: a stat that finds nothing throws no error, which costs ~20 µs apiece.
    if (statSync(file, { throwIfNoEntry: false })) manifest = sha256(readFileSync(file));
  } catch (error) {
    // An unreadable manifest that exists (a folder so named) declares nothing, as dependencies.ts reads it.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') manifest = 'unreadable';
  }
  const installed = installedNames(path.join(dir, 'node_modules'));
  if (manifest === '' && installed === undefined) return '';
  // Where the folder is does not count, only what it holds, in order from the file up: a checkout in another
  // place (CI runners, a staged snapshot) keys the same.
  return sha256(`${manifest}\0${installed?.join('\0') ?? 'none'}`);
}

const entriesOf = (dir: string): Dirent[] | undefined => {
  try {
    return statSync(dir, { throwIfNoEntry: false }) ? readdirSync(dir, { withFileTypes: true }) : undefined;
  } catch {
    return undefined;
  }
};

/** The names `existsSync(node_modules/NAME)` holds for, `@scope/name` included, sorted; undefined without the folder. */
function installedNames(nodeModules: string): string[] | undefined {
  const entries = entriesOf(nodeModules);
  if (!entries) return undefined;
  const names: string[] = [];
  const add = (folder: string, entry: Dirent, name: string) => {
    // existsSync follows links: a broken one (a half-removed pnpm store) is not installed.
    if (!entry.isSymbolicLink() || existsSync(path.join(folder, entry.name))) names.push(name);
  };
  for (const entry of entries) {
    add(nodeModules, entry, entry.name);
    if (entry.name.startsWith('@')) {
      const scope = path.join(nodeModules, entry.name);
      for (const inner of entriesOf(scope) ?? []) add(scope, inner, `${entry.name}/${inner.name}`);
    }
  }
  return names.sort();
}

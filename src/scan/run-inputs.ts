import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { ALWAYS_SKIPPED } from '../discover/skipped.js';
import type { Signature } from './quiet-files.js';

/**
 * Everything a scan's findings were made from, as check's run record (src/check/run-record.ts) needs it to tell
 * later that none of it changed: each walked folder's entries, each file's stat signature as it was before its
 * bytes were read, and the dependency fingerprints TypeScript and JavaScript findings hang on. `complete` is false
 * when something the scan read is not covered (a folder it could not list, a file without a trustworthy signature).
 */
export class RunInputs {
  /** By walked folder (absolute path): a hash of its entries' names and types, less the folders the walk skips. */
  readonly listings = new Map<string, string>();
  /** By absolute path: the signature taken before the read; undefined when the file changed too recently (racy). */
  readonly signatures = new Map<string, Signature | undefined>();
  /** By folder: its dependency fingerprint (src/scan/cache-context.ts). */
  contexts: ReadonlyMap<string, string> = new Map();
  /** The .gitignore files of walked folders: read by discovery, so inputs too. */
  readonly gitignores: string[] = [];
  complete = true;

  /** A walked folder's entries; undefined when it could not be listed. */
  folder(dir: string, entries: readonly Dirent[] | undefined): void {
    if (!entries) {
      this.complete = false;
      return;
    }
    this.listings.set(dir, listingOf(entries));
    if (entries.some((entry) => entry.name === '.gitignore')) this.gitignores.push(path.join(dir, '.gitignore'));
  }
}

/**
 * One hash per listing, order-free (readdir's order is the file system's). The folders the walk never enters are
 * left out: check's own cache folder comes and goes in the tree's top folder.
 */
export function listingOf(entries: readonly Dirent[]): string {
  const names: string[] = [];
  for (const entry of entries) {
    const directory = entry.isDirectory();
    if (directory && ALWAYS_SKIPPED.has(entry.name)) continue;
    names.push(`${directory ? 'd' : entry.isFile() ? 'f' : 'o'}${entry.name}`);
  }
  return createHash('sha256').update(names.sort().join('\0')).digest('base64');
}

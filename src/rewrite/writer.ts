import { readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { InputError } from '../errors.js';
import type { FileRewrite } from './plan.js';

const BOM = '\uFEFF';

const encode = (text: string, bom: boolean): Buffer => Buffer.from(bom ? BOM + text : text, 'utf8');

/**
 * Writes every rewrite, or nothing: each file is re-read first and compared with what was planned from, so a file
 * changed by someone else since the scan stops the whole run before any byte is written. Each file is replaced
 * atomically (temp file + rename) through its symlink, keeping its mode; edits never touch line endings, and the
 * BOM the file had is put back.
 */
export async function writeRewrites(files: readonly FileRewrite[]): Promise<void> {
  const changed = files.filter((file) => {
    let current: Buffer;
    try {
      current = readFileSync(file.absolutePath);
    } catch {
      return true;
    }
    return !current.equals(encode(file.original, file.bom));
  });
  if (changed.length > 0) {
    throw new InputError(`${changed.map((file) => file.path).join(', ')} changed since it was read; nothing was written (run apply again)`);
  }
  for (const file of files) {
    // write-file-atomic resolves symlinks to their target and keeps the existing file's mode.
    await writeFileAtomic(file.absolutePath, encode(file.updated, file.bom));
  }
}

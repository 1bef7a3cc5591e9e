import { closeSync, openSync, readSync } from 'node:fs';
import type { Language } from './analyzer.js';

/** As many bytes as a `#!` line needs to name its interpreter. */
const HEAD_BYTES = 64;
/** `#!/usr/bin/env node`, `#!/usr/local/bin/node --flags`, `#!/usr/bin/env -S node --x`. */
const NODE_SHEBANG = /^#![^\n]*?\bnode(?:js)?(?:\s|$)/;

/** The language a script's `#!` line names (Node only: pyright reads .py and .pyi files, never a bare script). */
export function scriptLanguageOfText(text: string): Language | undefined {
  return text.startsWith('#!') && NODE_SHEBANG.test(text.slice(0, HEAD_BYTES)) ? 'javascript' : undefined;
}

/** As scriptLanguageOfText, from the first bytes of a file on disk; undefined when it cannot be read. */
export function scriptLanguageOf(absolutePath: string): Language | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, 'r');
    const head = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, head, 0, HEAD_BYTES, 0);
    return read >= 2 && head[0] === 0x23 && head[1] === 0x21 ? scriptLanguageOfText(head.toString('latin1', 0, read)) : undefined;
  } catch {
    return undefined; // Unreadable: the scan reports such a file when it opens it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether a file's name has no extension, so that only its `#!` line can tell its language. */
export const hasNoExtension = (fileName: string): boolean => !fileName.slice(fileName.lastIndexOf('/') + 1).includes('.');

import { closeSync, openSync, readSync } from 'node:fs';
import type { Language } from './analyzer.js';

/** As many bytes as a `#!` line needs to name its interpreter. */
const HEAD_BYTES = 64;
/** `#!/usr/bin/env node`, `#!/usr/local/bin/node --flags`, `#!/usr/bin/env -S node --x`. */
const NODE_SHEBANG = /^#![^\n]*?\bnode(?:js)?(?:\s|$)/;
/** `#!/usr/bin/env python3`, `#!/usr/bin/python3.11 -u`, `#!/usr/bin/env -S python -X utf8`. */
const PYTHON_SHEBANG = /^#![^\n]*?\bpython(?:\d+(?:\.\d+)?)?(?:\s|$)/;

/**
 * The language a script's `#!` line names: Node, Python, or any other interpreter (sh, bash, perl), whose script is
 * read as text. An installed command has no extension (`bin/deploy`), and a script the scan skipped was a name the
 * gate could not see.
 */
export function scriptLanguageOfText(text: string): Language | undefined {
  if (!text.startsWith('#!')) return undefined;
  const head = text.slice(0, HEAD_BYTES);
  return NODE_SHEBANG.test(head) ? 'javascript' : PYTHON_SHEBANG.test(head) ? 'python' : 'text';
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

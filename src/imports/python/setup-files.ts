import path from 'node:path';
import type { FsCache } from '../fs-cache.js';

/**
 * Import roots that setup.cfg and setup.py declare: `package_dir` with an empty key (`=src`, `{"": "src"}`) and
 * `find_packages("src")` / `where = src`. Read as text: running setup.py to learn its layout would execute the
 * project's code, and these few spellings cover the layouts seen in practice.
 */
export function readSetupRoots(fsCache: FsCache, projectDir: string): string[] {
  const roots: string[] = [];
  const cfg = fsCache.readFile(path.join(projectDir, 'setup.cfg'));
  if (cfg !== undefined) {
    const packageDir = /^package_dir\s*=\s*(?:\n\s+)?=\s*([^\s#]+)/m.exec(cfg)?.[1];
    if (packageDir) roots.push(packageDir);
    const where = /\[options\.packages\.find\][^[]*?^where\s*=\s*([^\s#]+)/m.exec(cfg)?.[1];
    if (where) roots.push(where);
  }
  const setup = fsCache.readFile(path.join(projectDir, 'setup.py'));
  if (setup !== undefined) {
    const packageDir = /package_dir\s*=\s*\{\s*['"]{2}\s*:\s*['"]([^'"]+)['"]/.exec(setup)?.[1];
    if (packageDir) roots.push(packageDir);
    const where = /find(?:_namespace)?_packages\(\s*(?:where\s*=\s*)?['"]([^'"]+)['"]/.exec(setup)?.[1];
    if (where) roots.push(where);
  }
  return [...new Set(roots.map((root) => path.resolve(projectDir, root)))];
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import type { ModuleMapping } from '../../src/config/options.js';
import type { BrokenImport } from '../../src/findings/model.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (name: string): string => path.join(ROOT, 'fixtures', name);

/** Every file of a fixture, as discovery hands them over (node_modules never read as sources). */
export const filesOf = (cwd: string, pattern = '**/*'): Promise<string[]> =>
  fg(pattern, { cwd, absolute: true, dot: true, ignore: ['**/node_modules/**'] });

/** No interpreter's site-packages: what counts as installed is then only what a fixture holds in-tree. */
export const NO_INTERPRETER = { sitePackages: [] } as const;

export const mapping = (from: string, to: string, baseDir = '/repo'): ModuleMapping => ({ from, to, baseDir });

export const bySpecifier = (broken: readonly BrokenImport[]): Map<string, BrokenImport> =>
  new Map(broken.map((entry) => [entry.specifier, entry]));

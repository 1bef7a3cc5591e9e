import path from 'node:path';
import type { BrokenImport, FileError } from '../findings/model.js';
import type { FsCache } from './fs-cache.js';
import type { GeneratedFolders } from './generated.js';
import type { ModuleMap } from './module-map.js';

/** One file's text, read once and shared by the per-language checks. */
export interface Source {
  readonly absolutePath: string;
  readonly text: string;
}

/** What every per-language check receives. */
export interface CheckContext {
  readonly cwd: string;
  readonly fsCache: FsCache;
  readonly moduleMap: ModuleMap;
  readonly generated: GeneratedFolders;
  readonly includeGenerated: boolean;
}

export interface LanguageCheck {
  readonly brokenImports: BrokenImport[];
  readonly importsChecked: number;
  readonly filesChecked: number;
  readonly errors: FileError[];
}

/** Relative to the current directory, with `/` (CONTRACT.md, "Reports"). */
export const displayPath = (cwd: string, file: string): string => path.relative(cwd, file).split(path.sep).join('/');

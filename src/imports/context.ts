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
  /** Python: the interpreter's site-packages (probed once per run when not given) and extra import roots. */
  readonly python?: PythonEnvironmentInput;
}

export interface PythonEnvironmentInput {
  /** site-packages folders whose installed names count as installed; probed from the interpreter when absent. */
  readonly sitePackages?: readonly string[];
  /** Extra import roots (the config's `pythonPaths`), absolute. */
  readonly extraRoots?: readonly string[];
  /** The environment the interpreter is chosen from (VIRTUAL_ENV, PATH); process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A third-party module that is neither first-party nor installed: not checked, so not broken (README, `renamer imports`). */
export interface UnresolvedThirdParty {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly module: string;
  readonly language: 'python';
  /** Whether the importing file's project (or one around it) declares it as a requirement. */
  readonly declared: boolean;
}

export interface LanguageCheck {
  readonly brokenImports: BrokenImport[];
  readonly importsChecked: number;
  readonly filesChecked: number;
  readonly errors: FileError[];
  readonly unresolvedThirdParty?: UnresolvedThirdParty[];
}

/** Relative to the current directory, with `/` (CONTRACT.md, "Reports"). */
export const displayPath = (cwd: string, file: string): string => path.relative(cwd, file).split(path.sep).join('/');

import type { Rename } from '../words/index.js';
import { KINDS, type Kind } from '../findings/model.js';

/** A module move: `skill_fleet.api.*=skill_fleet.app.*`, `src/api/*=src/app/*`, or a bare specifier. */
export interface ModuleMapping {
  readonly from: string;
  readonly to: string;
  /** Path-form patterns are relative to this folder: the config file's, or the current directory for flags. */
  readonly baseDir: string;
}

/** The database plan as written in the config's `database` section or a `--plan` file; src/sql validates it. */
export interface DatabasePlanInput {
  readonly drop?: readonly string[];
  readonly rename?: Readonly<Record<string, string>>;
  readonly keep?: readonly string[];
}

/** The one fully-defaulted, frozen plan every command works from. */
export interface RenamerOptions {
  readonly cwd: string;
  /** Absolute paths to scan: files or folders. */
  readonly paths: readonly string[];
  readonly renames: readonly Rename[];
  /** The kinds that count for check and are rewritten by apply. */
  readonly kinds: ReadonlySet<Kind>;
  readonly map: readonly ModuleMapping[];
  readonly allow: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly database?: DatabasePlanInput;
  /** The config file the plan was read from, if any. */
  readonly configFile?: string;
  /** renamer's own files (the config file, check's baseline), absolute: discovery never lists them. */
  readonly ownFiles: readonly string[];
  /** Files larger than this are reported as skipped, never read. */
  readonly maxFileSize: number;
  /** Check imports during a scan (`--imports`, or implied by `map` entries). */
  readonly imports: boolean;
  /** Extra Python import roots (config `pythonPaths`, `--python-path`), absolute, each an existing folder. */
  readonly pythonPaths?: readonly string[];
  /** apply renames family-named files and folders too (`--files`, config `files: true`). */
  readonly files: boolean;
}

/** Code kinds counted by default; `sql` and `text` are opt-in (CONTRACT.md, "The rename plan"). */
export const DEFAULT_KINDS: readonly Kind[] = KINDS.filter((kind) => kind !== 'sql' && kind !== 'text');

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { InputError, UsageError } from '../errors.js';
import { KINDS, type Kind } from '../findings/model.js';
import { splitWords, type Rename } from '../words/index.js';
import { loadConfigFile } from './config-file.js';
import { checkNewName, checkRename, planLanguages, type CodeLanguage } from './target-names.js';
import { GitignoreRules } from '../discover/gitignore.js';
import {
  DEFAULT_KINDS,
  DEFAULT_MAX_FILE_SIZE,
  type DatabasePlanInput,
  type ModuleMapping,
  type RenamerOptions,
} from './options.js';

/** The plan options as they come from the command line, before the config file is merged in. */
export interface PlanFlags {
  readonly paths?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly rename?: readonly string[];
  readonly kinds?: string;
  readonly map?: readonly string[];
  readonly allow?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly config?: string;
  readonly imports?: boolean;
  /** `--python-path DIR` (imports): extra Python import roots, relative to the current directory. */
  readonly pythonPaths?: readonly string[];
  /** `--files` (apply): also rename family-named files and folders. */
  readonly files?: boolean;
  /** A database plan already read from --plan; it replaces the config's `database` section. */
  readonly database?: DatabasePlanInput;
  /** scan and check need only the old name: `--from` without `--to` is allowed (CONTRACT.md, "The rename plan"). */
  readonly fromAlone?: boolean;
  /** renamer's own files besides the config (check's baseline): never read as sources, never rewritten. */
  readonly ownFiles?: readonly string[];
}

/** Extra Python import roots: each must be a folder, named as written when it is not. */
function resolvePythonPaths(fromConfig: readonly string[], configDir: string, fromFlags: readonly string[], cwd: string): string[] {
  const entries = [...fromConfig.map((dir) => ({ dir, base: configDir, where: 'config pythonPaths' })), ...fromFlags.map((dir) => ({ dir, base: cwd, where: '--python-path' }))];
  return entries.map(({ dir, base, where }) => {
    const absolute = path.resolve(base, dir);
    if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) throw new InputError(`${where}: ${dir} is not a folder`);
    return absolute;
  });
}

function splitPair(value: string, flag: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new UsageError(`${flag} expects OLD=NEW, got "${value}"`);
  return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
}

function checkName(name: string, where: string): string {
  if (splitWords(name).length === 0) throw new UsageError(`${where}: "${name}" has no words to match`);
  return name;
}

interface PlannedRename {
  readonly rename: Rename;
  /** The flag or config key that named it, for error messages. */
  readonly where: string;
}

function resolveRenames(flags: PlanFlags, fromConfig: readonly PlannedRename[], languages: readonly CodeLanguage[]): Rename[] {
  const planned = [...fromConfig];
  if (flags.to !== undefined && flags.from === undefined) throw new UsageError('--to needs --from');
  if (flags.from !== undefined && flags.to === undefined && !flags.fromAlone) throw new UsageError('--from needs --to');
  if (flags.from !== undefined) {
    const rename = { from: checkName(flags.from, '--from'), ...(flags.to !== undefined ? { to: flags.to } : {}) };
    planned.push({ rename, where: '--to' });
  }
  for (const value of flags.rename ?? []) {
    const [from, to] = splitPair(value, '--rename');
    planned.push({ rename: { from: checkName(from, '--rename'), to }, where: '--rename' });
  }
  for (const { rename, where } of planned) {
    if (rename.to === undefined) continue;
    checkNewName(rename.to, where, languages);
    checkRename(rename, where === '--to' ? '--from and --to' : where);
  }
  const seen = new Set<string>();
  return planned
    .map(({ rename }) => rename)
    .filter((rename) => {
      const key = splitWords(rename.from).join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** `--kinds parameter,property` selects exactly those; `--kinds +sql,-comment` adjusts the default. */
export function resolveKinds(entries: readonly string[], where: string): Set<Kind> {
  const relative = entries.length > 0 && entries.every((entry) => entry.startsWith('+') || entry.startsWith('-'));
  const kinds = new Set<Kind>(relative || entries.length === 0 ? DEFAULT_KINDS : []);
  for (const entry of entries) {
    const sign = entry.startsWith('-') ? '-' : '+';
    const name = entry.replace(/^[+-]/, '');
    if (!(KINDS as readonly string[]).includes(name)) {
      throw new UsageError(`${where}: unknown kind "${name}" (expected one of ${KINDS.join(', ')})`);
    }
    if (sign === '-') kinds.delete(name as Kind);
    else kinds.add(name as Kind);
  }
  return kinds;
}

function parseKindsFlag(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function resolveMap(flags: PlanFlags, configMap: Readonly<Record<string, string>>, configDir: string, cwd: string): ModuleMapping[] {
  const mappings: ModuleMapping[] = Object.entries(configMap).map(([from, to]) => ({ from, to, baseDir: configDir }));
  for (const value of flags.map ?? []) {
    const [from, to] = splitPair(value, '--map');
    mappings.push({ from, to, baseDir: cwd });
  }
  return mappings;
}

/**
 * A path argument names a file or folder; one that does not exist but holds glob characters is expanded
 * (`renamer scan 'src/**\/*.ts'` when the shell did not), outside node_modules and .git.
 */
function resolvePath(cwd: string, entry: string): string[] {
  const absolute = path.resolve(cwd, entry);
  if (existsSync(absolute)) return [absolute];
  // fast-glob is loaded only for a glob argument: it takes ~25 ms to load, a tenth of a scan's budget.
  const fg = createRequire(import.meta.url)('fast-glob') as typeof import('fast-glob');
  if (fg.isDynamicPattern(entry)) {
    const rules = new GitignoreRules();
    // Links are not followed, as the folder walk follows none: a link loop would otherwise be expanded until the
    // system's path limit (~40 levels), each level listing the whole tree again.
    const matches = fg
      .sync(entry, { cwd, absolute: true, onlyFiles: true, dot: true, followSymbolicLinks: false, ignore: ['**/node_modules/**', '**/.git/**'] })
      .map((match) => path.normalize(match))
      // A glob is not a file named on purpose: like a folder walk, it leaves out what .gitignore excludes.
      .filter((file) => {
        rules.loadAncestors(path.dirname(file));
        return !rules.ignoresAnywhere(file);
      });
    if (matches.length > 0) return matches.sort();
    throw new UsageError(`no files match ${entry} (outside .gitignore'd files)`);
  }
  throw new UsageError(`path not found: ${entry}`);
}

/** Globs in a config file are relative to its folder; the commands match paths relative to the current directory. */
function rebaseGlobs(globs: readonly string[] | undefined, configDir: string, cwd: string): string[] {
  const prefix = path.relative(cwd, configDir).split(path.sep).join('/');
  if (!globs) return [];
  if (!prefix) return [...globs];
  return globs.map((glob) => (glob.startsWith('!') ? `!${prefix}/${glob.slice(1)}` : `${prefix}/${glob}`));
}

/**
 * Merges the config file and the flags into the one frozen plan. Flags add to the file; `--kinds` and
 * `--plan` replace theirs.
 */
export function resolveOptions(cwd: string, flags: PlanFlags): RenamerOptions {
  const { config, file } = loadConfigFile(cwd, flags.config);
  const configDir = file ? path.dirname(file) : cwd;
  const configWhere = `${file ? path.relative(cwd, file) || file : 'config'}: renames`;
  const configRenames: PlannedRename[] = (
    Array.isArray(config.renames)
      ? config.renames.map((rename) => ({ from: rename.from, to: rename.to }))
      : Object.entries(config.renames ?? {}).map(([from, to]) => ({ from, to }))
  ).map((rename) => ({ rename: { ...rename, from: checkName(rename.from, configWhere) }, where: configWhere }));
  const paths = (flags.paths?.length ? flags.paths : ['.']).flatMap((entry) => resolvePath(cwd, entry));
  const kinds = flags.kinds !== undefined ? resolveKinds(parseKindsFlag(flags.kinds), '--kinds') : resolveKinds(config.kinds ?? [], 'config kinds');
  const map = resolveMap(flags, config.map ?? {}, configDir, cwd);
  const include = [...rebaseGlobs(config.include, configDir, cwd), ...(flags.include ?? [])];
  const options: RenamerOptions = {
    cwd,
    paths,
    renames: resolveRenames(flags, configRenames, planLanguages(kinds, paths, include)),
    kinds,
    map,
    allow: [...rebaseGlobs(config.allow, configDir, cwd), ...(flags.allow ?? [])],
    include,
    exclude: [...rebaseGlobs(config.exclude, configDir, cwd), ...(flags.exclude ?? [])],
    database: flags.database ?? config.database,
    configFile: file,
    ownFiles: [...(file ? [file] : []), ...(flags.ownFiles ?? []).map((own) => path.resolve(cwd, own))],
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    imports: Boolean(flags.imports) || map.length > 0,
    pythonPaths: resolvePythonPaths(config.pythonPaths ?? [], configDir, flags.pythonPaths ?? [], cwd),
    files: Boolean(flags.files) || config.files === true,
  };
  return Object.freeze(options);
}

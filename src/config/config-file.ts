import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
// ajv's code for schema/renamer.config.schema.json, generated ahead of time: compiling the schema on each run cost
// ~0.35 s of CPU, more than the rest of a small scan (scripts/generate-config-validator.mjs).
import { validate as generatedValidator } from './config-validator.generated.js';
import type { DatabasePlanInput } from './options.js';

const validator = generatedValidator as ValidateFunction;

export const DEFAULT_CONFIG_NAME = 'renamer.config.json';

/** renamer.config.json as written, validated against the published JSON Schema. */
export interface ConfigFile {
  readonly renames?: readonly { from: string; to: string }[] | Readonly<Record<string, string>>;
  readonly kinds?: readonly string[];
  readonly map?: Readonly<Record<string, string>>;
  readonly allow?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly maxFileSize?: number;
  readonly pythonPaths?: readonly string[];
  readonly files?: boolean;
  readonly database?: DatabasePlanInput;
}

export interface LoadedConfig {
  readonly config: ConfigFile;
  /** Absolute path of the file read; undefined when there is none. */
  readonly file?: string;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '(top level)';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `unknown key "${where === '(top level)' ? key : `${where}.${key}`}"`;
  }
  return `"${where}" ${error.message ?? 'is invalid'}`;
}

/** Validates parsed JSON against the schema; the message names the first key at fault. */
export function validateConfig(value: unknown, source: string): ConfigFile {
  if (!validator(value)) {
    // oneOf reports each branch; the deepest error names the key the user got wrong.
    const errors = [...(validator.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
    throw new InputError(`${source}: ${describe(errors[0])}`);
  }
  return value as ConfigFile;
}

/**
 * Reads `explicit` (from --config) or `./renamer.config.json` when it exists. A missing explicit file,
 * malformed JSON or a schema violation is an InputError naming the file and key.
 */
export function loadConfigFile(cwd: string, explicit?: string): LoadedConfig {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, DEFAULT_CONFIG_NAME);
  if (!explicit && !existsSync(file)) return { config: {} };
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${shown}: cannot read config file (${code === 'ENOENT' ? 'no such file' : code})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${shown}: invalid JSON (${(error as Error).message})`, { cause: error });
  }
  return { config: validateConfig(parsed, shown), file };
}

import { readFileSync } from 'node:fs';
import { loadConfigFile } from '../config/config-file.js';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { Rename } from '../words/index.js';
import type { DatabasePlanInput } from '../config/options.js';
import { validatePlanInput } from './plan.js';

export interface SqlConfig {
  readonly file?: string;
  readonly database?: DatabasePlanInput;
  readonly renames: readonly Rename[];
}

/** What `renamer sql` needs from the shared config file (src/config): its `database` section and `renames`. */
export function readSqlConfig(cwd: string, explicit?: string): SqlConfig {
  const { config, file } = loadConfigFile(cwd, explicit);
  if (!file) return { renames: [] };
  const shown = path.relative(cwd, file) || file;
  const renames: Rename[] = Array.isArray(config.renames)
    ? config.renames.map(({ from, to }) => ({ from, to }))
    : Object.entries(config.renames ?? {}).map(([from, to]) => ({ from, to }));
  const database = config.database === undefined ? undefined : validatePlanInput(config.database, `${shown} (database)`);
  return { file, database, renames };
}

export function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${shown}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${shown}: invalid JSON (${(error as Error).message})`);
  }
}

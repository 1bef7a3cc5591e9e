import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { DatabasePlanInput } from '../config/options.js';

const KEYS = new Set(['drop', 'rename', 'keep']);

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Checks the shape of a database plan (`{ drop, rename, keep }`) from a --plan file or the config's
 * `database` section. src/sql validates it fully for migrations; check only needs the column names, and
 * keeps its own small reader so that it never loads the SQL toolchain.
 */
export function validateDatabasePlan(value: unknown, where: string): DatabasePlanInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${where}: expected an object with "drop", "rename" and/or "keep"`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key)) throw new InputError(`${where}: unknown key "${key}" (expected drop, rename, keep)`);
  }
  if (record.drop !== undefined && !isStringArray(record.drop)) throw new InputError(`${where}: "drop" must be a list of "table.column" strings`);
  if (record.keep !== undefined && !isStringArray(record.keep)) throw new InputError(`${where}: "keep" must be a list of "table.column" strings`);
  const rename = record.rename;
  if (rename !== undefined) {
    const ok = typeof rename === 'object' && rename !== null && !Array.isArray(rename) && Object.values(rename).every((to) => typeof to === 'string');
    if (!ok) throw new InputError(`${where}: "rename" must map "table.column" to a new column name`);
  }
  return {
    ...(record.drop ? { drop: record.drop as string[] } : {}),
    ...(rename ? { rename: rename as Record<string, string> } : {}),
    ...(record.keep ? { keep: record.keep as string[] } : {}),
  };
}

/** Reads `--plan FILE` (JSON), relative to the current directory. */
export function readPlanFile(cwd: string, file: string): DatabasePlanInput {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new InputError(`--plan: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`--plan: ${file} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return validateDatabasePlan(value, `--plan ${file}`);
}

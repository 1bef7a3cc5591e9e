import { existsSync, readFileSync } from 'node:fs';
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

/**
 * Reads only what `renamer sql` needs from renamer.config.json (`database`, `renames`). Temporary: kept here so this
 * command does not depend on src/config while it is being written; the shared loader should replace it.
 */
export function readSqlConfig(cwd: string, explicit?: string): SqlConfig {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : path.join(cwd, 'renamer.config.json');
  if (explicit === undefined && !existsSync(file)) return { renames: [] };
  const shown = explicit ?? 'renamer.config.json';
  const json = readJson(file, explicit !== undefined ? `--config ${shown}` : shown);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(`${shown}: the config must be a JSON object`);
  const record = json as Record<string, unknown>;
  const renames: Rename[] = [];
  if (record.renames !== undefined) {
    if (!Array.isArray(record.renames)) throw new InputError(`${shown}: "renames" must be an array of {"from", "to"}`);
    for (const [i, item] of record.renames.entries()) {
      const r = item as Record<string, unknown> | null;
      if (!r || typeof r.from !== 'string' || typeof r.to !== 'string' || r.from === '' || r.to === '') {
        throw new InputError(`${shown}: renames[${i}] must be {"from": "old_name", "to": "new_name"}`);
      }
      renames.push({ from: r.from, to: r.to });
    }
  }
  const database = record.database === undefined ? undefined : validatePlanInput(record.database, `${shown} (database)`);
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

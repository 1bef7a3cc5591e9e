import { InputError } from '../errors.js';
import type { DatabasePlanInput } from '../config/options.js';
import type { ColumnName, Decision } from './model.js';

/**
 * Splits a dotted SQL name into parts with SQL's rules: unquoted parts fold to lower case, `"Users"` is exact and
 * `""` inside quotes is one quote. Written by hand because libpg-query only parses whole statements.
 */
export function splitSqlName(text: string, where: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i <= text.length) {
    let part = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new InputError(`${where}: unterminated quote in "${text}"`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') { part += '"'; i += 2; continue; }
          i++;
          break;
        }
        part += text[i++];
      }
    } else {
      const start = i;
      while (i < text.length && text[i] !== '.' && text[i] !== '"') i++;
      part = text.slice(start, i).trim().toLowerCase();
      if (part === '' || /\s/.test(part)) throw new InputError(`${where}: "${text}" is not a valid SQL name (quote parts with spaces)`);
    }
    parts.push(part);
    if (i >= text.length) break;
    if (text[i] !== '.') throw new InputError(`${where}: "${text}" is not a valid SQL name`);
    i++;
    if (i === text.length) throw new InputError(`${where}: "${text}" ends with a dot`);
  }
  return parts;
}

export function parseColumnName(text: string, where: string): ColumnName {
  const parts = splitSqlName(text.trim(), where);
  if (parts.length === 2) return { table: parts[0], column: parts[1], text };
  if (parts.length === 3) return { schema: parts[0], table: parts[1], column: parts[2], text };
  throw new InputError(`${where}: "${text}" must be table.column or schema.table.column`);
}

export function parseNewColumnName(text: string, where: string): string {
  const parts = splitSqlName(text.trim(), where);
  if (parts.length !== 1) throw new InputError(`${where}: new column name "${text}" must be a single name`);
  return parts[0];
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Validates a `--plan` file or a config's `database` section; unknown keys are errors so typos do not vanish. */
export function validatePlanInput(value: unknown, origin: string): DatabasePlanInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${origin}: the database plan must be an object`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['drop', 'rename', 'keep'].includes(key)) throw new InputError(`${origin}: unknown key "${key}" in the database plan (expected drop, rename, keep)`);
  }
  if (record.drop !== undefined && !isStringArray(record.drop)) throw new InputError(`${origin}: "drop" must be an array of "table.column" strings`);
  if (record.keep !== undefined && !isStringArray(record.keep)) throw new InputError(`${origin}: "keep" must be an array of "table.column" strings`);
  const rename = record.rename;
  if (rename !== undefined) {
    if (typeof rename !== 'object' || rename === null || Array.isArray(rename) || !Object.values(rename).every((v) => typeof v === 'string')) {
      throw new InputError(`${origin}: "rename" must be an object of "table.column": "new_name"`);
    }
  }
  return record as DatabasePlanInput;
}

export function decisionsFromInput(input: DatabasePlanInput, origin: string): Decision[] {
  const decisions: Decision[] = [];
  for (const text of input.drop ?? []) decisions.push({ action: 'drop', target: parseColumnName(text, origin), origin });
  for (const [text, to] of Object.entries(input.rename ?? {})) {
    decisions.push({ action: 'rename', target: parseColumnName(text, origin), to: parseNewColumnName(to, origin), origin });
  }
  for (const text of input.keep ?? []) decisions.push({ action: 'keep', target: parseColumnName(text, origin), origin });
  return decisions;
}

/** `T.C=NEW` from --rename-column. */
export function parseRenameFlag(text: string): Decision {
  const eq = text.lastIndexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new InputError(`--rename-column: "${text}" must be table.column=new_name`);
  const origin = '--rename-column';
  return { action: 'rename', target: parseColumnName(text.slice(0, eq), origin), to: parseNewColumnName(text.slice(eq + 1), origin), origin };
}

import { InputError } from '../errors.js';
import type { DatabasePlanInput } from '../config/options.js';

/** One column the plan decides about, with SQL's folding applied to each name part. */
export interface PlannedColumn {
  /** As written in the plan, for messages: `assets.session_id`. */
  readonly qualified: string;
  readonly schema?: string;
  readonly table: string;
  readonly column: string;
  readonly action: 'drop' | 'rename' | 'keep';
  /** rename: the new column name. */
  readonly to?: string;
}

/** Splits `schema.table.column` on dots outside double quotes; unquoted parts fold to lower case (SQL). */
export function parseQualifiedName(name: string, where: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === '"') {
      if (quoted && name[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
        wasQuoted = true;
      }
    } else if (ch === '.' && !quoted) {
      parts.push(wasQuoted ? current : current.trim().toLowerCase());
      current = '';
      wasQuoted = false;
    } else {
      current += ch;
    }
  }
  parts.push(wasQuoted ? current : current.trim().toLowerCase());
  if (quoted || parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new InputError(`${where}: "${name}" is not "table.column" or "schema.table.column"`);
  }
  return parts;
}

function planned(name: string, action: PlannedColumn['action'], where: string, to?: string): PlannedColumn {
  const parts = parseQualifiedName(name, where);
  const [column, table, schema] = parts.reverse();
  return { qualified: name, table, column, action, ...(schema ? { schema } : {}), ...(to !== undefined ? { to } : {}) };
}

/** Every column the plan names, dropped, renamed or kept. */
export function plannedColumns(plan: DatabasePlanInput | undefined): PlannedColumn[] {
  if (!plan) return [];
  return [
    ...(plan.drop ?? []).map((name) => planned(name, 'drop', 'database plan "drop"')),
    ...Object.entries(plan.rename ?? {}).map(([name, to]) => planned(name, 'rename', 'database plan "rename"', to)),
    ...(plan.keep ?? []).map((name) => planned(name, 'keep', 'database plan "keep"')),
  ];
}

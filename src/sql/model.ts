import type { Grant } from './grants.js';
import type { QualifiedName } from './quote.js';

/** A column as a plan names it: `table.column` or `schema.table.column`, parts already folded as SQL folds them. */
export interface ColumnName {
  readonly schema?: string;
  readonly table: string;
  readonly column: string;
  /** The text the user wrote, for messages. */
  readonly text: string;
}

export type DecisionAction = 'drop' | 'rename' | 'keep';

export interface Decision {
  readonly action: DecisionAction;
  readonly target: ColumnName;
  /** The new column name, for `rename`. */
  readonly to?: string;
  /** Where the decision came from (a file or a flag), for messages. */
  readonly origin: string;
}

export interface ResolvedColumn {
  readonly table: QualifiedName;
  readonly tableOid: number;
  readonly column: string;
  readonly attnum: number;
  /** r, p: a table; v, m: a view whose output column is renamed (ALTER VIEW ... RENAME COLUMN). */
  readonly relkind?: string;
}

/** One column the migration touches, with everything the generator needs to know about it. */
export interface ColumnFacts extends ResolvedColumn {
  /** format_type() with only pg_catalog on search_path: schema-qualified, so it means the same under any path. */
  readonly type: string;
  /** atttypmod (-1: none): a type's text names it, but only format_type() can print the modifier back. */
  readonly typmod: number;
  /** The NOT NULL domains the type is built on, when none of them gives a default: the column cannot be re-added empty. */
  readonly notNullDomains?: readonly string[];
  readonly collation?: string;
  readonly notNull: boolean;
  readonly default?: string;
  /** The expression of a generated column. */
  readonly generated?: string;
  readonly identity?: 'a' | 'd';
  /** The identity column's sequence as it was, so down.sql recreates it with its options and position. */
  readonly identitySequence?: IdentitySequence;
  readonly comment?: string;
  /** ALTER COLUMN ... SET STATISTICS target, when set. */
  readonly statistics?: number;
  /** ALTER COLUMN ... SET STORAGE, when it differs from the type's default. */
  readonly storage?: 'PLAIN' | 'EXTERNAL' | 'EXTENDED' | 'MAIN';
  /** The column is inherited from a parent (partition or INHERITS): it can only be changed there. */
  readonly inherited: boolean;
  readonly partitionKey: boolean;
  /** Key columns to restore dropped data by (the primary key, or a unique not-null key without this column). */
  readonly restoreKey: readonly string[];
  readonly relkind: string;
  readonly grants: readonly Grant[];
}

export interface IdentitySequence extends QualifiedName {
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** The last value handed out when the plan was made (null: never used). */
  readonly lastValue: string | null;
}

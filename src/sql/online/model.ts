import type { FunctionRewrite } from '../function-bodies.js';
import type { Grant } from '../grants.js';
import type { QualifiedName } from '../quote.js';
import type { Timeouts } from '../render.js';

/** An index on the old column, and its twin on the new one (built CONCURRENTLY during expand). */
export interface OnlineIndex {
  readonly schema: string;
  readonly name: string;
  /** pg_get_indexdef of the original, for contract's down. */
  readonly definition: string;
  /** The twin's name during expand: the word family's name when it differs, else a temporary one renamed at contract. */
  readonly twin: string;
  readonly twinDefinition: string;
  readonly comment?: string;
}

/** A CHECK or FOREIGN KEY constraint on the old column, re-added on the new one NOT VALID and validated after backfill. */
export interface OnlineConstraint {
  readonly name: string;
  readonly definition: string;
  readonly twin: string;
  readonly twinDefinition: string;
  readonly comment?: string;
}

/**
 * A view that reads the old column: it keeps reading it (kept in sync) until contract, which replaces it, in the
 * transaction that drops the old column, with a definition reading the new one under the same output names.
 */
export interface OnlineView {
  readonly schema: string;
  readonly name: string;
  /** reloptions (security_barrier, check_option, ...): CREATE OR REPLACE VIEW sets exactly the ones it is given. */
  readonly options: readonly string[];
  /** pg_get_viewdef as it was, for contract's down. */
  readonly definition: string;
  /** What contract installs: every renamed column of the plan read under its new name, output names unchanged. */
  readonly switched: string;
}

export interface KeyColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * Everything the phases of one column rename need, as plain JSON: expand stores it in the backup schema, so that a
 * later phase (or its down, once the old column is gone) is generated from what the column was, not from what is left.
 */
export interface OnlineRename {
  readonly table: QualifiedName;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly collation?: string;
  readonly default?: string;
  readonly notNull: boolean;
  readonly comment?: string;
  readonly grants: readonly Grant[];
  /** The primary key the backfill walks in batches. */
  readonly key: readonly KeyColumn[];
  readonly indexes: readonly OnlineIndex[];
  readonly constraints: readonly OnlineConstraint[];
  /** Bodies that name the old column: re-created with the new name at contract, the original at its down. */
  readonly functions: readonly FunctionRewrite[];
  /** Views that name the old column, switched to the new one at contract. */
  readonly views: readonly OnlineView[];
}

export interface OnlineMigration {
  readonly renames: readonly OnlineRename[];
  readonly backupSchema: string;
  /** Backup schema did not exist: expand's down drops it once it is empty. */
  readonly createsBackupSchema: boolean;
  readonly blockers: readonly string[];
  readonly warnings: readonly string[];
  readonly timeouts: Timeouts;
}

/**
 * Online steps wait at most this long for a lock (then back off and retry): a statement of the application queued
 * behind the migration's lock request waits no longer than that plus the step's catalog-only work.
 */
export const ONLINE_LOCK_TIMEOUT = '100ms';

export const PHASES = ['expand', 'backfill', 'contract'] as const;
export type PhaseName = (typeof PHASES)[number];

/**
 * One step of a phase. A transaction runs as one unit with SET LOCAL timeouts; `each` statements run one at a time
 * outside any transaction (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT); a backfill copies values in batches.
 */
export type Step =
  | { readonly kind: 'transaction'; readonly title: string; readonly statements: readonly string[] }
  | { readonly kind: 'each'; readonly title: string; readonly statements: readonly string[] }
  | { readonly kind: 'backfill'; readonly title: string; readonly rename: OnlineRename; readonly reverse: boolean };

export interface Phase {
  readonly name: PhaseName;
  readonly up: readonly Step[];
  readonly down: readonly Step[];
}

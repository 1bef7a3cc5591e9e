import path from 'node:path';
import type { RenamerOptions } from '../config/options.js';
import { InputError } from '../errors.js';
import type { Report } from '../findings/model.js';
import type { BindProgress } from '../lang/engines.js';
import { scan } from '../scan/scan.js';
import { planRewrites, type RewritePlan } from './plan.js';
import { uncommittedFiles } from './git.js';
import { writeRewrites } from './writer.js';

export interface ApplyOptions {
  /** Plan and return the rewrites; write nothing. */
  readonly dryRun?: boolean;
  /** Rewrite files with uncommitted git changes too. */
  readonly allowDirty?: boolean;
  /** Rewrite sites whose owner could not be established (`--rename-unattributed`). */
  readonly renameUnattributed?: boolean;
  /** Rewrite external contracts too (`--rename-external`). */
  readonly renameExternal?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onBindProgress?: BindProgress;
}

export interface ApplyResult {
  readonly report: Report;
  readonly plan: RewritePlan;
  readonly written: boolean;
}

/** Whether apply left anything the user must see to: conflicts, unattributed sites, code files it could not parse. */
export const applyFailed = (plan: RewritePlan): boolean => plan.conflicts.length > 0 || plan.unattributed.length > 0 || plan.unparsed.length > 0;

/**
 * `apply`: scans, binds every site to its symbol, computes every edit, and (unless dry-run) writes them all or none.
 * Refuses with an InputError when a file to rewrite has uncommitted changes (unless allowDirty) or changed since it
 * was read.
 */
export async function applyRename(options: RenamerOptions, applyOptions: ApplyOptions = {}): Promise<ApplyResult> {
  const result = await scan(options, { onProgress: applyOptions.onProgress, imports: false });
  // Module resolution (TypeScript's) is loaded only when there is a module map to apply.
  const extraEdits = options.map.length > 0 ? await (await import('./import-paths.js')).moduleMapEdits(options, result) : undefined;
  const plan = await planRewrites(options, result, {
    extraEdits,
    renameUnattributed: applyOptions.renameUnattributed,
    renameExternal: applyOptions.renameExternal,
    onBindProgress: applyOptions.onBindProgress,
  });
  if (applyOptions.dryRun || plan.files.length === 0) return { report: result.report, plan, written: false };
  if (!applyOptions.allowDirty) {
    const dirty = uncommittedFiles(plan.files.map((file) => file.absolutePath));
    if (dirty.length > 0) {
      const names = dirty.map((file) => path.relative(options.cwd, file).split(path.sep).join('/'));
      throw new InputError(`uncommitted changes in ${names.join(', ')}; commit or stash them, or pass --allow-dirty`);
    }
  }
  await writeRewrites(plan.files);
  return { report: result.report, plan, written: true };
}

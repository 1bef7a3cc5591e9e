import type { RenamerOptions } from '../config/options.js';
import { discoverFiles, type DiscoveredFile, type DiscoveryOptions } from '../discover/discover.js';
import type { Reference } from '../findings/model.js';
import { languageOf } from '../lang/registry.js';
import { planPathRenames, type PathPlan } from './paths-plan.js';

/** Every file under the plan's paths, .gitignore and globs, whatever its language; `onFolder` sees each folder listed. */
export const discoverAll = (options: RenamerOptions, onFolder?: DiscoveryOptions['onFolder']): DiscoveredFile[] =>
  discoverFiles({ ...options, accept: () => true, ...(onFolder ? { onFolder } : {}) }).files;

/**
 * The file-name half of the plan: every file the run may read, whatever its language (a family-named image or
 * document moves with `apply --files` too), under the plan's paths, .gitignore and globs.
 */
export function planPaths(
  options: RenamerOptions,
  checkTargets = true,
  /** Every file of the run when the caller has listed them already (`discoverAll`): one walk instead of two. */
  discovered?: readonly DiscoveredFile[],
): PathPlan & { readonly files: readonly string[] } {
  const files = (discovered ?? discoverAll(options)).map((file) => file.absolutePath);
  return { ...planPathRenames({ cwd: options.cwd, roots: options.paths, files, renames: options.renames, allow: options.allow, checkTargets }), files };
}

/**
 * The plan's family-named paths as findings of kind `path`: `file` is the path (a folder's ends in `/`), `text`
 * and `replacement` its own name. They have no line: line and column are 1, and `lineText` is empty.
 */
export function pathReferences(plan: PathPlan): Reference[] {
  return plan.entries.map((entry) => ({
    file: entry.folder ? `${entry.path}/` : entry.path,
    line: 1,
    column: 1,
    text: entry.text,
    replacement: entry.replacement,
    kind: 'path',
    language: (entry.folder ? undefined : languageOf(entry.path)) ?? 'text',
    allowed: entry.allowed,
    ...(entry.allowed ? { allowedBy: 'allow-list' as const } : {}),
    start: 0,
    end: 0,
    lineText: '',
  }));
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RenamerOptions } from '../config/options.js';
import type { PathConflict, PathEntry, PathPlan, PathStep } from '../scan/paths-plan.js';
import { planPaths } from '../scan/paths.js';

/** `apply --files`: what moves, as the summary and the dry run show it. */
export interface FileRenames {
  /** Family-named paths that move, as `path → target` (relative, `/`; a folder's end in `/`). */
  readonly renames: readonly { readonly from: string; readonly to: string }[];
  /** Family-named paths an `--allow` glob keeps (relative). */
  readonly kept: readonly string[];
  /** Renames that would overwrite or merge: while there is one, nothing moves (exit 1). */
  readonly conflicts: readonly PathConflict[];
  /** The renames to perform, in order (absolute). */
  readonly steps: readonly PathStep[];
  /** Every file that moves, absolute old path → new. */
  readonly fileMoves: ReadonlyMap<string, string>;
  /** The same by relative path (`/`): file-system routes take their segments from the new names. */
  readonly movedPaths: ReadonlyMap<string, string>;
  /** Lines of config files that name a renamed path and that this run does not rewrite: `file:line names path`. */
  readonly configMentions: readonly string[];
}

const slash = (entry: PathEntry, relative: string): string => (entry.folder ? `${relative}/` : relative);

/** Config files that name paths as text (entry points, aliases, includes); code files are rewritten as code. */
const CONFIG_FILE = /^(?:package\.json|[tj]sconfig(?:\.[\w.-]+)?\.json|pyproject\.toml|setup\.cfg)$/;

/**
 * Lines of the project's config files that name a renamed path (package.json `main`/`exports`/`bin`, tsconfig
 * `paths`/`include`, pyproject's package lists), relative to the config's folder, with or without `./` or the
 * extension. With `--kinds +text` their words are rewritten like any text, so they are not listed.
 */
function configMentions(options: RenamerOptions, files: readonly string[], plan: PathPlan): string[] {
  if (options.kinds.has('text') || plan.steps.length === 0) return [];
  const moved = plan.entries.filter((entry) => !entry.allowed && entry.target !== '');
  const mentions: string[] = [];
  for (const config of files.filter((file) => CONFIG_FILE.test(path.basename(file)))) {
    let text: string;
    try {
      text = readFileSync(config, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    const shown = path.relative(options.cwd, config).split(path.sep).join('/');
    for (const entry of moved) {
      const relative = path.relative(path.dirname(config), path.join(options.cwd, entry.path)).split(path.sep).join('/');
      if (relative.startsWith('..')) continue;
      const bare = entry.folder ? relative : relative.replace(/\.[^./]+$/, '');
      const pattern = new RegExp(`(?:^|[\\s"'\\[,=:])(?:\\./)?${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\.[\\w]+)?(?=$|[\\s"'/\\],*])`);
      lines.forEach((line, index) => {
        if (pattern.test(line)) mentions.push(`${shown}:${index + 1} names ${entry.path}${entry.folder ? '/' : ''} (renamed to ${entry.target}${entry.folder ? '/' : ''})`);
      });
    }
  }
  return mentions;
}

export function fileRenamesOf(options: RenamerOptions, plan: PathPlan, files: readonly string[] = []): FileRenames {
  const relative = (file: string): string => path.relative(options.cwd, file).split(path.sep).join('/');
  const moving = plan.steps.length > 0;
  return {
    renames: moving ? plan.entries.filter((entry) => !entry.allowed && entry.target !== '').map((entry) => ({ from: slash(entry, entry.path), to: slash(entry, entry.target) })) : [],
    kept: plan.entries.filter((entry) => entry.allowed).map((entry) => slash(entry, entry.path)),
    conflicts: plan.conflicts,
    steps: plan.steps,
    fileMoves: plan.fileMoves,
    movedPaths: new Map([...plan.fileMoves].map(([from, to]) => [relative(from), relative(to)])),
    configMentions: configMentions(options, files, plan),
  };
}

/** The renames cancelled by route keys that keep their names (`file:line:column`): listed as path conflicts. */
export function withoutMoves(renames: FileRenames, stuck: readonly { file: string; line: number; column: number; text: string; reason: string }[]): FileRenames {
  const conflicts = stuck.map((key) => ({ path: key.file, target: renames.movedPaths.get(key.file) ?? key.file, reason: `${key.file}:${key.line}:${key.column}: ${key.reason}; the segment and the key are one name` }));
  return { ...renames, renames: [], steps: [], fileMoves: new Map(), movedPaths: new Map(), configMentions: [], conflicts: [...renames.conflicts, ...conflicts] };
}

/** The renames `apply --files` performs for this plan (none while a rename conflicts). */
export function planFileRenames(options: RenamerOptions): FileRenames {
  const plan = planPaths(options);
  return fileRenamesOf(options, plan, plan.files);
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The dry run's first lines: each rename, before the content diff. */
export const renameLines = (renames: FileRenames): string => renames.renames.map((entry) => `rename ${entry.from} → ${entry.to}\n`).join('');

/** The summary's lines for the renames: how many, what an allow glob kept, and the conflicts that stopped them. */
export function fileRenamesSummary(renames: FileRenames, dryRun: boolean): string {
  const lines: string[] = [];
  if (renames.renames.length > 0 || renames.conflicts.length > 0) lines.push(`${dryRun ? 'Would rename' : 'Renamed'} ${plural(renames.renames.length, 'path')}.`);
  if (renames.conflicts.length > 0) {
    lines.push(`Path conflicts: ${plural(renames.conflicts.length, 'rename')} cannot be made; no path was renamed:`);
    for (const conflict of renames.conflicts) lines.push(`  ${conflict.path} → ${conflict.target}: ${conflict.reason}`);
  }
  if (renames.configMentions.length > 0) {
    // Not a failure: a config's paths are text, which this run does not rewrite; they need a look.
    const one = renames.configMentions.length === 1;
    lines.push(`Config files: ${plural(renames.configMentions.length, 'line')} ${one ? 'names a renamed path and was' : 'name renamed paths and were'} not rewritten (--kinds +text rewrites them):`);
    for (const mention of renames.configMentions) lines.push(`  ${mention}`);
  }
  if (renames.kept.length > 0) {
    const one = renames.kept.length === 1;
    lines.push(`Kept paths: ${plural(renames.kept.length, 'path')} named by --allow ${one ? 'keeps its name' : 'keep their names'}:`, ...renames.kept.map((kept) => `  ${kept}`));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

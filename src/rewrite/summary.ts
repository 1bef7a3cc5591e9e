import type { Conflict, Report } from '../findings/model.js';
import type { RewritePlan } from './plan.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Code files apply did not read (binary, over the size limit, refused by the system): they fail the run like unparsed ones. */
export const unreadCodeFiles = (report: Report): string[] =>
  (report.skipped ?? []).filter((entry) => /\.(py|pyi|[cm]?[jt]sx?)$/.test(entry.file)).map((entry) => entry.file);

const listed = (entries: readonly Conflict[]): string[] => entries.map((entry) => `  ${entry.file}:${entry.line}:${entry.column}  ${entry.text}: ${entry.reason}`);

/**
 * The closing summary of `apply`: a warning first when sites could not be attributed (the usual cause is
 * dependencies that are not installed), then files, rewrites by kind, persisted-data keys, and every site left.
 */
export function applySummary(plan: RewritePlan, report: Report, dryRun: boolean): string {
  const lines: string[] = [];
  if (plan.unattributed.length > 0) {
    // Two causes with different cures: dependencies not installed, or files the project's pyright configuration
    // leaves out (its `include`), which no install changes (the reason symbols-sites.ts gives those sites).
    const leftOut = plan.unattributed.filter((entry) => entry.reason.startsWith('pyright does not analyse ')).length;
    const cures = [
      ...(leftOut < plan.unattributed.length ? ['install dependencies so renamer can tell your names from theirs'] : []),
      ...(leftOut > 0 ? [`add the files the project's pyright configuration leaves out to its include (${plural(leftOut, 'site')})`] : []),
    ];
    lines.push(`${plural(plan.unattributed.length, 'site')} could not be attributed: ${cures.join('; ')}; none of them was rewritten.`);
  }
  const rewrites = Object.values(plan.byKind).reduce((sum, count) => sum + (count ?? 0), 0);
  lines.push(`${dryRun ? 'Would rewrite' : 'Rewrote'} ${plural(rewrites, 'reference')} in ${plural(plan.files.length, 'file')}.`);
  const kinds = Object.entries(plan.byKind).sort(([a], [b]) => (a < b ? -1 : 1));
  if (kinds.length > 0) lines.push(`  by kind: ${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  if (plan.persisted.length > 0) {
    const one = plan.persisted.length === 1;
    lines.push(`Persisted data: ${plural(plan.persisted.length, 'rewrite')} ${one ? 'changes a key' : 'change keys'} that stored data or API payloads may use (migrate the data and tell the consumers):`);
    for (const entry of plan.persisted) lines.push(`  ${entry.file}:${entry.line}:${entry.column}  ${entry.literal}  (${entry.text} → ${entry.replacement})`);
  }
  if (plan.conflicts.length > 0) {
    lines.push(`Conflicts: ${plural(plan.conflicts.length, 'site')} left unrewritten:`, ...listed(plan.conflicts));
  }
  if (plan.unattributed.length > 0) {
    lines.push(`Unattributed: ${plural(plan.unattributed.length, 'site')} whose owner could not be established (--rename-unattributed rewrites them anyway):`, ...listed(plan.unattributed));
  }
  if (plan.external.length > 0) {
    // Not a failure: an external contract is somebody else's name; renaming it is a decision (--rename-external).
    lines.push(`External contracts: ${plural(plan.external.length, 'site')} left as they are (--rename-external rewrites them):`, ...listed(plan.external));
  }
  if (plan.kept.length > 0) {
    // Listed apart from conflicts: these follow from --allow or a suppression comment, the user's own choice.
    lines.push(`Kept: ${plural(plan.kept.length, 'site')} left as they are for allowed files (not a failure):`, ...listed(plan.kept));
  }
  const skipped = [...report.errors.map((error) => ({ file: error.file, reason: error.message })), ...(report.skipped ?? [])];
  if (skipped.length > 0) {
    skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    lines.push(`Skipped: ${plural(skipped.length, 'file')} could not be read, decoded or parsed; nothing in them was rewritten:`);
    for (const entry of skipped) lines.push(`  ${entry.file}: ${entry.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

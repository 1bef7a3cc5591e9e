import type { Report } from '../findings/model.js';
import type { RewritePlan } from './plan.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The closing summary of `apply`: files, rewrites by kind, persisted-data keys apart, conflicts and errors. */
export function applySummary(plan: RewritePlan, report: Report, dryRun: boolean): string {
  const rewrites = Object.values(plan.byKind).reduce((sum, count) => sum + (count ?? 0), 0);
  const lines = [`${dryRun ? 'Would rewrite' : 'Rewrote'} ${plural(rewrites, 'reference')} in ${plural(plan.files.length, 'file')}.`];
  const kinds = Object.entries(plan.byKind).sort(([a], [b]) => (a < b ? -1 : 1));
  if (kinds.length > 0) lines.push(`  by kind: ${kinds.map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  if (plan.persisted.length > 0) {
    lines.push(`Persisted data: ${plural(plan.persisted.length, 'string rewrite')} change keys that stored data may use (migrate the data too):`);
    for (const entry of plan.persisted) lines.push(`  ${entry.file}:${entry.line}:${entry.column}  ${entry.literal}  (${entry.text} → ${entry.replacement})`);
  }
  if (plan.conflicts.length > 0) {
    lines.push(`Conflicts: ${plural(plan.conflicts.length, 'site')} left unrewritten:`);
    for (const conflict of plan.conflicts) lines.push(`  ${conflict.file}:${conflict.line}:${conflict.column}  ${conflict.text}: ${conflict.reason}`);
  }
  if (plan.kept.length > 0) {
    // Listed apart from conflicts: these follow from --allow, the user's own choice, and do not fail the run.
    lines.push(`Kept: ${plural(plan.kept.length, 'site')} left as they are for allowed files (not a failure):`);
    for (const site of plan.kept) lines.push(`  ${site.file}:${site.line}:${site.column}  ${site.text}: ${site.reason}`);
  }
  if (report.errors.length > 0) {
    lines.push(`Skipped: ${plural(report.errors.length, 'file')} could not be read or parsed:`);
    for (const error of report.errors) lines.push(`  ${error.file}: ${error.message}`);
  }
  return `${lines.join('\n')}\n`;
}

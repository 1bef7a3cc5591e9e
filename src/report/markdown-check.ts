import type { Reference, Report } from '../findings/model.js';
import { isFailing, replacementOf, type ReportContext } from './reporter.js';

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('`', "'").replaceAll('\n', ' ');
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');

function countBy(items: readonly Reference[], key: (item: Reference) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * check's pull-request comment: the verdict, totals, the failing sites by folder and by kind, then the
 * first N of them. Baseline-covered and allowed sites are counted, not listed: the comment is about what
 * this change must fix.
 */
export function markdownCheck(report: Report, context: ReportContext, limit: number): string {
  const failing = report.references.filter((r) => isFailing(r, context));
  const covered = report.references.filter((r) => !r.allowed).length - failing.length;
  const stale = context.baseline?.stale ?? [];
  const gone = stale.reduce((sum, entry) => sum + entry.missing, 0);
  const unreadable = context.unreadable ?? [];
  const passed = failing.length === 0 && gone === 0 && unreadable.length === 0;
  const out = [`### renamer check: ${passed ? 'passed' : 'failed'}`, ''];
  const totals = [`**${failing.length}** ${failing.length === 1 ? 'reference fails' : 'references fail'} the check in **${plural(new Set(failing.map((r) => r.file)).size, 'file')}**`];
  if (covered) totals.push(`${covered} covered by the baseline`);
  if (report.summary.allowed) totals.push(`${report.summary.allowed} allowed`);
  totals.push(`${plural(report.summary.filesScanned, 'file')} scanned`);
  out.push(totals.join(' · '), '');
  if (failing.length) {
    out.push('| Folder | Failing |', '| --- | ---: |');
    for (const [folder, count] of countBy(failing, (r) => folderOf(r.file))) out.push(`| \`${cell(folder)}\` | ${count} |`);
    out.push('', '| Kind | Failing |', '| --- | ---: |');
    for (const [kind, count] of countBy(failing, (r) => (r.databaseColumn ? `${r.kind} (database column)` : r.kind))) out.push(`| ${kind} | ${count} |`);
    const listed = failing.slice(0, limit);
    // A plan that names only the old name (`--from` alone) has nothing to say a site should be.
    const fixOf = (r: Reference): string | undefined => {
      const replacement = replacementOf(r);
      return r.reason ? cell(r.reason) : replacement === undefined ? undefined : `\`${cell(replacement)}\``;
    };
    const fixes = listed.some((r) => fixOf(r) !== undefined);
    out.push('', `First ${listed.length} of ${failing.length}:`, '', row(['File', 'Line', 'Kind', 'Found', ...(fixes ? ['Should be'] : [])]), row(['---', '---:', '---', '---', ...(fixes ? ['---'] : [])]));
    for (const r of listed) out.push(row([`\`${cell(r.file)}\``, r.kind === 'path' ? '' : `${r.line}:${r.column}`, r.kind, `\`${cell(r.text)}\``, ...(fixes ? [fixOf(r) ?? ''] : [])]));
    if (failing.length > limit) out.push('', `…and ${failing.length - limit} more.`);
    out.push('');
  }
  if (gone) {
    const file = cell(context.baseline!.file);
    out.push(`**${gone}** baselined ${gone === 1 ? 'reference is' : 'references are'} gone: run \`renamer check --update-baseline ${file}\` and commit \`${file}\`, so the count only goes down.`, '');
    for (const entry of stale.slice(0, limit)) out.push(`- \`${cell(entry.file)}\` ${entry.kind} \`${cell(entry.text)}\`${entry.missing > 1 ? ` ×${entry.missing}` : ''}: \`${cell(entry.code)}\``);
    out.push('');
  }
  if (unreadable.length) {
    out.push(`**${unreadable.length}** ${unreadable.length === 1 ? 'file' : 'files'} that may hold a retired name could not be read:`, '');
    for (const u of unreadable) out.push(`- \`${cell(u.file)}\`: ${cell(u.reason)}`);
    out.push('');
  }
  if (report.errors.length) {
    out.push(`**${report.errors.length}** ${report.errors.length === 1 ? 'file' : 'files'} could not be analysed (a file that does not parse is checked word by word)`, '');
    for (const e of report.errors) out.push(`- \`${cell(e.file)}\`: ${cell(e.message)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

import type { Reference, Report } from '../findings/model.js';
import { markdownCheck } from './markdown-check.js';
import { replacementOf, type Reporter } from './reporter.js';

const DEFAULT_LIMIT = 50;

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('`', "'").replaceAll('\n', ' ');
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');

/** A pull-request comment: totals, by folder, by kind, then the first sites. */
export const markdownReporter: Reporter = (report, context) => {
  const limit = context.limit ?? DEFAULT_LIMIT;
  if (context.command === 'check') return markdownCheck(report, context, limit);
  const s = report.summary;
  const title = context.command === 'imports' ? 'renamer imports' : `renamer ${context.command}`;
  const out = [`### ${title}`, ''];
  if (context.command !== 'imports') {
    out.push(`**${s.references}** references in **${s.files}** files (${s.allowed} allowed) · ${s.filesScanned} files scanned`, '');
    if (report.references.length) {
      out.push('| Folder | References |', '| --- | ---: |');
      for (const [folder, count] of countBy(report.references, (r) => folderOf(r.file))) out.push(`| \`${cell(folder)}\` | ${count} |`);
      out.push('', '| Kind | References |', '| --- | ---: |');
      for (const [kind, count] of countBy(report.references, (r) => r.kind)) out.push(`| ${kind} | ${count} |`);
      const listed = report.references.slice(0, limit);
      // A plan that names only the old name (`--from` alone) gives no replacement: the column is left out.
      const replacements = listed.some((r) => replacementOf(r) !== undefined);
      const replacementCell = (r: Reference): string[] => {
        if (!replacements) return [];
        const replacement = replacementOf(r);
        return [replacement === undefined ? '' : `\`${cell(replacement)}\``];
      };
      out.push('', row(['File', 'Line', 'Kind', 'Found', ...(replacements ? ['Replacement'] : []), 'Allowed']), row(['---', '---:', '---', '---', ...(replacements ? ['---'] : []), '---']));
      for (const r of listed) out.push(row([`\`${cell(r.file)}\``, `${r.line}:${r.column}`, r.kind, `\`${cell(r.text)}\``, ...replacementCell(r), r.allowed ? 'yes' : 'no']));
      if (report.references.length > limit) out.push('', `…and ${report.references.length - limit} more.`);
      out.push('');
    }
  }
  if (report.paths?.length) {
    out.push(`**${report.paths.length}** family-named paths (\`apply --files\` renames them)`, '');
    for (const p of report.paths.slice(0, limit)) {
      const replacement = replacementOf(p);
      out.push(`- \`${cell(p.file)}\`${replacement === undefined ? '' : ` → \`${cell(replacement)}\``}${p.allowed ? ' (allowed)' : ''}`);
    }
    if (report.paths.length > limit) out.push('', `…and ${report.paths.length - limit} more.`);
    out.push('');
  }
  if (context.command === 'imports' || report.brokenImports.length) {
    out.push(`**${s.brokenImports}** broken imports in **${new Set(report.brokenImports.map((b) => b.file)).size}** files · ${s.importsChecked} imports checked`, '');
    if (report.brokenImports.length) {
      out.push('| File | Line | Import | Suggestion |', '| --- | ---: | --- | --- |');
      for (const b of report.brokenImports.slice(0, limit)) {
        const suggestion = b.suggestion ? `\`${cell(b.suggestion)}\`${b.suggestionResolves ? '' : ' (does not resolve)'}` : '';
        out.push(`| \`${cell(b.file)}\` | ${b.line}:${b.column} | \`${cell(b.specifier)}\` | ${suggestion} |`);
      }
      out.push('');
    }
  }
  if (report.conflicts.length) {
    out.push(`**${report.conflicts.length}** conflicts left unrewritten`, '');
    for (const c of report.conflicts.slice(0, limit)) out.push(`- \`${cell(c.file)}:${c.line}:${c.column}\` \`${cell(c.text)}\`: ${cell(c.reason)}`);
    out.push('');
  }
  if (report.errors.length) {
    out.push(`**${report.errors.length}** files could not be analysed`, '');
    for (const e of report.errors) out.push(`- \`${cell(e.file)}\`: ${cell(e.message)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
};

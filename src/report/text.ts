import { Chalk } from 'chalk';
import type { Reference, Report } from '../findings/model.js';
import { checkVerdict, replacementOf, type ReportContext, type Reporter } from './reporter.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function groupByFile<T extends { file: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.file);
    if (group) group.push(item);
    else groups.set(item.file, [item]);
  }
  return groups;
}

/** For a terminal: grouped by file, each site with its line, coloured only when asked. */
export const textReporter: Reporter = (report, context) => {
  const c = new Chalk({ level: context.color ? 1 : 0 });
  const out: string[] = [];
  const showReferences = context.command !== 'imports';
  if (showReferences) {
    for (const [file, references] of groupByFile(report.references)) {
      out.push(c.underline(file));
      for (const reference of references) out.push(formatReference(reference, c, context.failing));
      out.push('');
    }
  }
  if (report.paths?.length) {
    out.push(c.bold('Paths (apply --files renames them)'));
    for (const entry of report.paths) {
      const replacement = replacementOf(entry);
      const allowed = entry.allowed ? c.dim(' (allowed)') : '';
      out.push(`  ${c.red(entry.file)}${replacement === undefined ? '' : ` → ${c.green(replacement)}`}${allowed}`);
    }
    out.push('');
  }
  if (report.brokenImports.length) {
    out.push(c.bold('Broken imports'));
    for (const broken of report.brokenImports) {
      const where = c.dim(`${broken.file}:${broken.line}:${broken.column}`);
      const suggestion = broken.suggestion
        ? ` → ${broken.suggestionResolves ? c.green(broken.suggestion) : c.yellow(`${broken.suggestion} (does not resolve either)`)}`
        : '';
      out.push(`  ${where}  ${c.red(broken.specifier)}${suggestion}`);
    }
    out.push('');
  }
  if (report.conflicts.length) {
    out.push(c.bold('Conflicts (not rewritten)'));
    for (const conflict of report.conflicts) {
      out.push(`  ${c.dim(`${conflict.file}:${conflict.line}:${conflict.column}`)}  ${c.yellow(conflict.text)}  ${conflict.reason}`);
    }
    out.push('');
  }
  if (report.errors.length) {
    out.push(c.bold('Errors'));
    for (const error of report.errors) out.push(`  ${c.red(error.file)}: ${error.message}`);
    out.push('');
  }
  for (const skipped of report.skipped ?? []) {
    const line = `skipped ${skipped.file}: ${skipped.reason}`;
    out.push(context.unreadable?.includes(skipped) ? c.red(`${line} (fails the check)`) : c.dim(line));
  }
  const stale = context.baseline?.stale ?? [];
  if (stale.length) {
    out.push(c.bold(`Gone from ${context.baseline!.file} (update it: renamer check --update-baseline ${context.baseline!.file})`));
    for (const entry of stale) out.push(`  ${c.dim(entry.file)}  ${entry.kind}  ${c.yellow(entry.text)}${entry.missing > 1 ? ` ×${entry.missing}` : ''}  ${c.dim('│')} ${entry.code}`);
    out.push('');
  }
  out.push(summaryLine(report, context.command));
  if (context.command === 'check') out.push(checkVerdict(report, context));
  return `${out.join('\n')}\n`;
};

/** Padded to width, and always followed by at least two spaces, so that a long value never runs into the next column. */
const column = (text: string, width: number): string => (text.length + 2 > width ? `${text}  ` : text.padEnd(width));

function formatReference(reference: Reference, c: InstanceType<typeof Chalk>, failing?: ReadonlySet<object>): string {
  const position = c.dim(column(`${reference.line}:${reference.column}`, 8));
  const kind = column(reference.kind, 16);
  const replacement = replacementOf(reference);
  const rename = reference.reason
    ? `${c.red(reference.text)}  ${reference.reason}`
    : replacement === undefined ? c.red(reference.text) : `${c.red(reference.text)} → ${c.green(replacement)}`;
  const marker = reference.allowed ? c.dim(` (allowed: ${reference.allowedBy ?? 'allow-list'})`) : failing && !failing.has(reference) ? c.dim(' (baseline)') : '';
  // A path has no line: its name is the finding.
  if (reference.kind === 'path') return `  ${' '.repeat(8)}${c.cyan(kind)}${rename}${marker}`;
  const line = reference.lineText.trim();
  return `  ${position}${c.cyan(kind)}${rename}${marker}\n  ${' '.repeat(8)}${c.dim('│')} ${line.length > 160 ? `${line.slice(0, 157)}...` : line}`;
}

export function summaryLine(report: Report, command: ReportContext['command']): string {
  const s = report.summary;
  if (command === 'imports') {
    return [`Files checked: ${s.filesScanned}`, `Imports checked: ${s.importsChecked}`, `Broken imports found: ${s.brokenImports}`, `Files with issues: ${new Set(report.brokenImports.map((b) => b.file)).size}`].join('\n');
  }
  const parts = [`${plural(s.references, 'reference')} in ${plural(s.files, 'file')}`];
  if (s.allowed) parts.push(`${s.allowed} allowed`);
  parts.push(`${plural(s.filesScanned, 'file')} scanned`);
  if (s.importsChecked || s.brokenImports) parts.push(plural(s.brokenImports, 'broken import'));
  if (report.conflicts.length) parts.push(plural(report.conflicts.length, 'conflict'));
  if (s.errors) parts.push(plural(s.errors, 'error'));
  return parts.join(' · ');
}

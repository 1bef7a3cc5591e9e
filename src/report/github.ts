import type { Reporter } from './reporter.js';

/** Workflow commands escape `%`, CR and LF in messages, and also `:` and `,` in properties. */
const escapeData = (text: string): string => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string): string => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** GitHub Actions annotations: one `::error` line per failing site. */
export const githubReporter: Reporter = (report, context) => {
  const lines: string[] = [];
  for (const r of report.references) {
    if (r.allowed || (context.failing && !context.failing.has(r))) continue;
    const props = `file=${escapeProperty(r.file)},line=${r.line},col=${r.column},endColumn=${r.column + r.text.length},title=${escapeProperty(`renamer: ${r.kind}`)}`;
    lines.push(`::error ${props}::${escapeData(`"${r.text}" should be "${r.replacement}"`)}`);
  }
  for (const b of report.brokenImports) {
    const props = `file=${escapeProperty(b.file)},line=${b.line},col=${b.column},title=${escapeProperty('renamer: broken import')}`;
    lines.push(`::error ${props}::${escapeData(`import "${b.specifier}" does not resolve${b.suggestion ? `; suggestion: ${b.suggestion}` : ''}`)}`);
  }
  for (const e of report.errors) lines.push(`::warning file=${escapeProperty(e.file)},title=${escapeProperty('renamer: file error')}::${escapeData(e.message)}`);
  const s = report.summary;
  lines.push(`renamer: ${s.references - s.allowed} references outside allowed files, ${s.brokenImports} broken imports`);
  return `${lines.join('\n')}\n`;
};

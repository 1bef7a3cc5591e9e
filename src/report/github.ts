import { checkVerdict, describeReference, isFailing, type Reporter } from './reporter.js';

/** Workflow commands escape `%`, CR and LF in messages, and also `:` and `,` in properties. */
const escapeData = (text: string): string => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string): string => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/**
 * GitHub Actions annotations: one `::error` line per failing site
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message).
 */
export const githubReporter: Reporter = (report, context) => {
  const lines: string[] = [];
  for (const r of report.references) {
    if (!isFailing(r, context)) continue;
    const title = r.databaseColumn ? `renamer: database column ${r.databaseColumn}` : `renamer: ${r.kind}`;
    // A path has no line: the annotation is on the file.
    const at = r.kind === 'path' ? '' : `,line=${r.line},col=${r.column},endColumn=${r.column + r.text.length}`;
    const props = `file=${escapeProperty(r.file)}${at},title=${escapeProperty(title)}`;
    lines.push(`::error ${props}::${escapeData(describeReference(r))}`);
  }
  for (const b of report.brokenImports) {
    const props = `file=${escapeProperty(b.file)},line=${b.line},col=${b.column},title=${escapeProperty('renamer: broken import')}`;
    lines.push(`::error ${props}::${escapeData(`import "${b.specifier}" does not resolve${b.suggestion ? `; suggestion: ${b.suggestion}` : ''}`)}`);
  }
  for (const u of context.unreadable ?? []) lines.push(`::error file=${escapeProperty(u.file)},title=${escapeProperty('renamer: unreadable file')}::${escapeData(`${u.reason}; it may hold a retired name`)}`);
  for (const e of report.errors) lines.push(`::warning file=${escapeProperty(e.file)},title=${escapeProperty('renamer: file error')}::${escapeData(e.message)}`);
  const stale = context.baseline?.stale ?? [];
  if (stale.length) {
    const file = context.baseline!.file;
    const gone = stale.reduce((sum, entry) => sum + entry.missing, 0);
    const message = `${gone} baselined ${gone === 1 ? 'reference is' : 'references are'} gone; run renamer check --update-baseline ${file} and commit it`;
    lines.push(`::error file=${escapeProperty(file)},title=${escapeProperty('renamer: stale baseline')}::${escapeData(message)}`);
  }
  const s = report.summary;
  if (context.command === 'check') lines.push(checkVerdict(report, context));
  else lines.push(`renamer: ${s.references - s.allowed} references outside allowed files, ${s.brokenImports} broken imports`);
  return `${lines.join('\n')}\n`;
};

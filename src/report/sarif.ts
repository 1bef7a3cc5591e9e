import type { Reference, Report, SkippedFile } from '../findings/model.js';
import { describeReference, replacementOf, type ReportContext, type Reporter } from './reporter.js';

const INFORMATION_URI = 'https://github.com/renamer/renamer';

const RULES = [
  { id: 'renamer/reference', shortDescription: { text: 'A retired name is still referenced' } },
  { id: 'renamer/broken-import', shortDescription: { text: 'An import path does not resolve' } },
  { id: 'renamer/conflict', shortDescription: { text: 'A reference that cannot be renamed safely' } },
  { id: 'renamer/file-error', shortDescription: { text: 'A file could not be analysed' } },
];

// Listed only when used, so that reports without a database plan (or a baseline) keep their rule list.
const DATABASE_RULE = { id: 'renamer/database-column', shortDescription: { text: 'Code still names a column the database plan drops or renames' } };
const STALE_BASELINE_RULE = { id: 'renamer/stale-baseline', shortDescription: { text: 'The baseline lists references that are gone' } };
const UNREADABLE_RULE = { id: 'renamer/unreadable', shortDescription: { text: 'A file that may hold a retired name could not be read' } };

/** A relative URI reference (RFC 3986) for a posix path: each segment percent-encoded (spaces, #, %, non-ASCII). */
export const fileUri = (file: string): string => file.split('/').map(encodeURIComponent).join('/');

const artifact = (file: string) => ({ artifactLocation: { uri: fileUri(file), uriBaseId: '%SRCROOT%' } });

const location = (file: string, line: number, column: number, length?: number) => ({
  physicalLocation: {
    ...artifact(file),
    region: { startLine: line, startColumn: column, ...(length ? { endLine: line, endColumn: column + length } : {}) },
  },
});

/** A plan that names only the old name gives no replacement: the property is left out rather than empty. */
const withReplacement = (r: Reference): { replacement?: string } => {
  const replacement = replacementOf(r);
  return replacement === undefined ? {} : { replacement };
};

/**
 * Files the scan could not read (binary, over maxFileSize, refused): check fails on those it counts (`unreadable`),
 * as on a reference, so each is an error located at the file; the rest (allowed, --allow-unreadable) are notes.
 * scan has no gate: a warning, as for a file that could not be analysed.
 */
function unreadableResults(skipped: readonly SkippedFile[], context: ReportContext) {
  return skipped.map((entry) => ({
    ruleId: UNREADABLE_RULE.id,
    level: context.command !== 'check' ? 'warning' : context.unreadable?.includes(entry) ? 'error' : 'note',
    message: { text: `${entry.reason}; it may hold a retired name` },
    locations: [{ physicalLocation: artifact(entry.file) }],
    ...('cause' in entry ? { properties: { cause: entry.cause } } : {}),
  }));
}

/** SARIF 2.1.0, as GitHub code scanning reads it; columns are UTF-16 code units like ours. */
export const sarifReporter: Reporter = (report, context) => {
  const results = [
    ...[...report.references, ...(report.paths ?? [])].map((r) => ({
      ruleId: r.databaseColumn ? DATABASE_RULE.id : 'renamer/reference',
      level: r.allowed || (context.failing && !context.failing.has(r)) ? 'note' : 'error',
      message: { text: r.reason ?? `${r.kind} ${describeReference(r)}` },
      ...(context.baseline && !r.allowed ? { baselineState: context.failing?.has(r) ? 'new' : 'unchanged' } : {}),
      // A path has no region: the file (or folder) itself is the finding.
      locations: [r.kind === 'path' ? { physicalLocation: artifact(r.file) } : location(r.file, r.line, r.column, r.text.length)],
      properties: { kind: r.kind, language: r.language, ...withReplacement(r), allowed: r.allowed, ...(r.databaseColumn ? { databaseColumn: r.databaseColumn } : {}) },
      ...(r.allowed ? { suppressions: [{ kind: r.allowedBy === 'suppression' ? 'inSource' : 'external' }] } : {}),
    })),
    ...report.brokenImports.map((b) => ({
      ruleId: 'renamer/broken-import',
      level: 'error',
      message: { text: `import "${b.specifier}" does not resolve${b.suggestion ? `; did it move to "${b.suggestion}"?` : ''}` },
      locations: [location(b.file, b.line, b.column, b.specifier.length)],
    })),
    ...report.conflicts.map((c) => ({
      ruleId: 'renamer/conflict',
      level: 'warning',
      message: { text: `"${c.text}": ${c.reason}` },
      locations: [location(c.file, c.line, c.column, c.text.length)],
    })),
    ...report.errors.map((e) => ({
      ruleId: 'renamer/file-error',
      level: 'warning',
      message: { text: e.message },
      locations: [{ physicalLocation: artifact(e.file) }],
    })),
    ...unreadableResults(report.skipped ?? [], context),
    // check fails on these as on a new reference: the baseline must shrink with the code, so the count only goes down.
    ...(context.baseline?.stale ?? []).map((entry) => ({
      ruleId: STALE_BASELINE_RULE.id,
      level: 'error',
      message: {
        text: `${entry.missing === 1 ? 'a' : entry.missing} baselined ${entry.kind} "${entry.text}" in ${entry.file} ${entry.missing === 1 ? 'is' : 'are'} gone; run renamer check --update-baseline ${context.baseline!.file} and commit it`,
      },
      locations: [{ physicalLocation: artifact(context.baseline!.file) }],
      properties: { file: entry.file, kind: entry.kind, text: entry.text, code: entry.code, missing: entry.missing },
    })),
  ];
  const rules = [
    ...RULES,
    ...(report.references.some((r) => r.databaseColumn) ? [DATABASE_RULE] : []),
    ...(context.baseline?.stale.length ? [STALE_BASELINE_RULE] : []),
    ...(report.skipped?.length ? [UNREADABLE_RULE] : []),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'renamer', informationUri: INFORMATION_URI, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};

import type { Report } from '../findings/model.js';
import type { Reporter } from './reporter.js';

const INFORMATION_URI = 'https://github.com/renamer/renamer';

const RULES = [
  { id: 'renamer/reference', shortDescription: { text: 'A retired name is still referenced' } },
  { id: 'renamer/broken-import', shortDescription: { text: 'An import path does not resolve' } },
  { id: 'renamer/conflict', shortDescription: { text: 'A reference that cannot be renamed safely' } },
  { id: 'renamer/file-error', shortDescription: { text: 'A file could not be analysed' } },
];

// Listed only when used, so that reports without a database plan keep their rule list.
const DATABASE_RULE = { id: 'renamer/database-column', shortDescription: { text: 'Code still names a column the database plan drops or renames' } };

const location = (file: string, line: number, column: number, length?: number) => ({
  physicalLocation: {
    artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' },
    region: { startLine: line, startColumn: column, ...(length ? { endLine: line, endColumn: column + length } : {}) },
  },
});

/** SARIF 2.1.0, as GitHub code scanning reads it; columns are UTF-16 code units like ours. */
export const sarifReporter: Reporter = (report, context) => {
  const results = [
    ...report.references.map((r) => ({
      ruleId: r.databaseColumn ? DATABASE_RULE.id : 'renamer/reference',
      level: r.allowed || (context.failing && !context.failing.has(r)) ? 'note' : 'error',
      message: { text: r.reason ?? `${r.kind} "${r.text}" should be "${r.replacement}"` },
      ...(context.baseline && !r.allowed ? { baselineState: context.failing?.has(r) ? 'new' : 'unchanged' } : {}),
      locations: [location(r.file, r.line, r.column, r.text.length)],
      properties: { kind: r.kind, language: r.language, replacement: r.replacement, allowed: r.allowed, ...(r.databaseColumn ? { databaseColumn: r.databaseColumn } : {}) },
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
      locations: [{ physicalLocation: { artifactLocation: { uri: e.file, uriBaseId: '%SRCROOT%' } } }],
    })),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'renamer', informationUri: INFORMATION_URI, rules: report.references.some((r) => r.databaseColumn) ? [...RULES, DATABASE_RULE] : RULES } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};

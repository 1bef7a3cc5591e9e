import type { Kind, Reference, Report } from '../../src/findings/model.js';
import { summarise } from '../../src/findings/summary.js';

/** A reference as the scanner makes one; only what the reporters read. */
export function reference(file: string, line: number, column: number, kind: Kind = 'variable', text = 'session_id'): Reference {
  return { file, line, column, text, replacement: 'flow_id', kind, language: 'python', allowed: false, start: 0, end: text.length, lineText: `${text} = 1` };
}

export function reportOf(references: readonly Reference[], errors: Report['errors'] = []): Report {
  const summary = summarise({ filesScanned: 1, references, brokenImports: [], importsChecked: 0, errors });
  return { version: 1, summary, references, brokenImports: [], conflicts: [], errors };
}

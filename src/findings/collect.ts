import type { Conflict, Language, RawReference, Reference } from './model.js';
import type { RawConflict } from '../lang/analyzer.js';
import { LineIndex } from './positions.js';
import { suppressedLines } from './suppression.js';
import { toolDirectiveAt } from './directives.js';

export interface FileFindings {
  readonly references: Reference[];
  readonly conflicts: Conflict[];
}

/** Turns one file's raw offsets into positioned findings, marking allow-listed and suppressed ones. */
export function collectFileFindings(
  file: { readonly path: string; readonly text: string; readonly language: Language },
  raw: readonly RawReference[],
  rawConflicts: readonly RawConflict[],
  allowListed: boolean,
): FileFindings {
  const lines = new LineIndex(file.text);
  const suppressed = suppressedLines(file.text, lines);
  const directives: Conflict[] = [];
  const kept = raw.filter((reference) => {
    if (reference.kind !== 'comment') return true;
    const line = lines.lineOf(reference.start);
    const { column } = lines.position(reference.start);
    const directive = toolDirectiveAt(lines.lineText(line), column);
    if (directive) directives.push({ file: file.path, line: line + 1, column, text: reference.text, reason: `part of a tool directive (${directive}), not prose` });
    return !directive;
  });
  const references = kept.map((reference): Reference => {
    const line = lines.lineOf(reference.start);
    const { column } = lines.position(reference.start);
    const allowedBy = allowListed ? 'allow-list' : suppressed.has(line) ? 'suppression' : undefined;
    return {
      file: file.path,
      line: line + 1,
      column,
      text: reference.text,
      replacement: reference.replacement,
      kind: reference.kind,
      language: file.language,
      allowed: allowedBy !== undefined,
      ...(allowedBy ? { allowedBy } : {}),
      start: reference.start,
      end: reference.end,
      lineText: lines.lineText(line),
      ...(reference.owned ? { owned: true as const } : {}),
      ...(reference.foreign ? { foreign: reference.foreign } : {}),
    };
  });
  const conflicts = rawConflicts.map((conflict): Conflict => {
    const { line, column } = lines.position(conflict.start);
    return { file: file.path, line, column, text: conflict.text, reason: conflict.reason };
  });
  return { references, conflicts: [...conflicts, ...directives] };
}

type Positioned = { readonly file: string; readonly line: number; readonly column: number };

/** Reports list findings by file, line and column so that they diff cleanly. */
export function byPosition(a: Positioned, b: Positioned): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

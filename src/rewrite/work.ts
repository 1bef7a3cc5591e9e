import type { Conflict, Reference } from '../findings/model.js';
import type { LineIndex } from '../findings/positions.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import type { ScannedSource } from '../scan/scan.js';

/** What planning knows about one file with references: shared by the planner and its per-site checks. */
export interface FileWork {
  readonly source: ScannedSource;
  readonly references: Reference[];
  readonly tree?: Tree;
  /** The identifier node each reference stands in, when it stands in one. */
  readonly nodes: Map<Reference, SyntaxNode>;
}

export const DECLARATION_KINDS = new Set<string>(['parameter', 'variable', 'function', 'class', 'type', 'property']);
export const IDENTIFIERS = new Set(['identifier', 'property_identifier', 'type_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);

/** A conflict at a site of the file, positioned like every finding. */
export const conflictAt = (source: ScannedSource, lines: LineIndex, at: { start: number; text: string }, reason: string): Conflict => {
  const { line, column } = lines.position(at.start);
  return { file: source.path, line, column, text: at.text, reason };
};


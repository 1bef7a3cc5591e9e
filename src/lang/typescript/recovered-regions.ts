import type { SyntaxNode } from '../tree-sitter.js';

/** A span of the text, end exclusive. */
export interface Region {
  readonly start: number;
  readonly end: number;
}

/** Nodes that hold a sequence of independent parts: an error among them leaves its parent's structure intact. */
const SEQUENCES = new Set([
  'program',
  'statement_block',
  'class_body',
  'switch_body',
  'switch_case',
  'switch_default',
  'jsx_element',
  'jsx_fragment',
  'object',
  'array',
  'arguments',
  'formal_parameters',
  'object_type',
  'interface_body',
  'enum_body',
  'named_imports',
  'export_clause',
  'template_string',
]);

/**
 * Where tree-sitter recovered from an error, and so where its tree may be wrong about structure. tree-sitter wraps
 * what it skipped in ERROR (or inserts a MISSING token) and builds the tokens before it into whatever it could
 * complete: `f<typeof import('m')>()` becomes the comparison `f < typeof import('m')` followed by ERROR `>()`. So
 * the region is the error's parent, or, when the parent is a sequence (a block, an object, JSX children), the
 * error with the part before it. Outside these regions the tree is what a clean parse would give.
 */
export function recoveredRegions(root: SyntaxNode): Region[] {
  const regions: Region[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.children) {
      if (child.isError || child.isMissing) regions.push(regionOf(child, node));
      else if (child.hasError) visit(child);
    }
  };
  if (root.isError) regions.push({ start: root.startIndex, end: root.endIndex });
  else if (root.hasError) visit(root);
  return regions;
}

function regionOf(error: SyntaxNode, parent: SyntaxNode): Region {
  if (!SEQUENCES.has(parent.type)) return { start: parent.startIndex, end: parent.endIndex };
  const before = error.previousNamedSibling;
  return { start: before ? before.startIndex : error.startIndex, end: error.endIndex };
}

/** Whether [start, end) overlaps one of the regions. */
export function inRegions(regions: readonly Region[], start: number, end: number): boolean {
  return regions.some((region) => start < region.end && end > region.start);
}

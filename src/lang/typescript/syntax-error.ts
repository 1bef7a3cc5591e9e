import { LineIndex } from '../../findings/positions.js';
import type { SyntaxNode } from '../tree-sitter.js';

/** The first ERROR or MISSING node in document order, descending only into subtrees that hold one. */
function firstErrorNode(root: SyntaxNode): SyntaxNode {
  let node = root;
  for (;;) {
    let next: SyntaxNode | undefined;
    for (const child of node.children) {
      if (child.isError || child.isMissing) return child;
      if (child.hasError) {
        next = child;
        break;
      }
    }
    if (!next) return node;
    node = next;
  }
}

/**
 * `syntax error at line L, column C` (1-based, UTF-16 columns) when tree-sitter recovered from an error, or
 * undefined for a clean tree. A recovered tree would give kinds for guessed structure, so the file is skipped.
 */
export function syntaxError(root: SyntaxNode, text: string): string | undefined {
  if (!root.hasError) return undefined;
  const { line, column } = new LineIndex(text).position(firstErrorNode(root).startIndex);
  return `syntax error at line ${line}, column ${column}`;
}

import type { SyntaxNode, Tree } from '../tree-sitter.js';
import type { LineIndex } from '../../findings/positions.js';

/** Python 2 statements tree-sitter-python still accepts; Python 3 rejects them. */
const PYTHON2_ONLY = ['print_statement', 'exec_statement'];
const PYTHON2_KEYWORDS = /\b(?:print|exec)\b/;

function firstErrorNode(root: SyntaxNode): SyntaxNode | undefined {
  if (!root.hasError) return undefined;
  let node = root;
  for (;;) {
    if (node.isError || node.isMissing) return node;
    const next = node.children.find((child) => child.hasError || child.isMissing);
    if (!next) return node;
    node = next;
  }
}

/**
 * tree-sitter recovers from errors silently; CPython would refuse the file. Returns the first ERROR or
 * MISSING node, or Python 2 statement, as `syntax error at line L, column C` (1-based, UTF-16 column).
 */
export function findSyntaxError(tree: Tree, text: string, lines: () => LineIndex): { offset: number; message: string } | undefined {
  const root = tree.rootNode;
  // The search for Python 2 statements walks every node of the tree; only a file that spells one of the keywords
  // can hold one (most files do not: 28 of moto's 873 files with `region_name`).
  const python2 = PYTHON2_KEYWORDS.test(text) ? root.descendantsOfType(PYTHON2_ONLY)[0] : undefined;
  const candidates = [firstErrorNode(root), python2].filter(
    (node): node is SyntaxNode => node !== undefined && node !== null,
  );
  if (candidates.length === 0) return undefined;
  const offset = Math.min(...candidates.map((node) => node.startIndex));
  const { line, column } = lines().position(offset);
  return { offset, message: `syntax error at line ${line}, column ${column}` };
}

import type { Kind } from '../analyzer.js';
import type { SyntaxNode } from '../tree-sitter.js';
import { enclosingClassOfStatement, firstStatement, isField } from './nodes.js';

const SLOT_CONTAINERS = new Set(['tuple', 'list', 'set', 'expression_list', 'parenthesized_expression', 'pair', 'dictionary']);

function isFString(string: SyntaxNode): boolean {
  const start = string.firstChild;
  return start?.type === 'string_start' && /f/i.test(start.text);
}

/** PEP 257: the first statement of a module, class or function body, when it is a (non-f) string literal. */
function isDocstring(string: SyntaxNode): boolean {
  let literal = string;
  if (literal.parent?.type === 'concatenated_string') literal = literal.parent;
  const statement = literal.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const container = statement.parent;
  if (!container) return false;
  if (container.type === 'block') {
    const owner = container.parent?.type;
    if (owner !== 'function_definition' && owner !== 'class_definition') return false;
  } else if (container.type !== 'module') return false;
  if (firstStatement(container)?.id !== statement.id) return false;
  return literal.type === 'concatenated_string' ? !literal.namedChildren.some(isFString) : !isFString(literal);
}

/** `__slots__ = ("session_id", ...)` in a class body: each string declares an instance attribute. */
function isSlotEntry(string: SyntaxNode): boolean {
  let node = string;
  let parent = string.parent;
  while (parent && SLOT_CONTAINERS.has(parent.type)) {
    // In a dict of slots only the keys are names; the values are their docstrings.
    if (parent.type === 'pair' && !isField(parent, 'key', node)) return false;
    node = parent;
    parent = parent.parent;
  }
  if (parent?.type !== 'assignment' || !isField(parent, 'right', node)) return false;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' && left.text === '__slots__' && enclosingClassOfStatement(parent) !== null;
}

/** A match in the literal part of a string: a docstring is documentation, a slot a declared attribute. */
export function stringKind(string: SyntaxNode): Kind {
  if (isDocstring(string)) return 'comment';
  if (isSlotEntry(string)) return 'property';
  return 'string';
}

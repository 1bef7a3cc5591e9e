import type { SyntaxNode } from '../tree-sitter.js';

/** Whether `child` is the node `parent` holds under `field`. */
export function isField(parent: SyntaxNode | null, field: string, child: SyntaxNode): boolean {
  if (!parent) return false;
  for (const held of parent.childrenForFieldName(field)) if (held.id === child.id) return true;
  return false;
}

/** Nodes that only group the names of a binding target: `a, (b, *c) = ...`, `for x, y in ...`, `with ... as (a, b)`. */
export const TARGET_CONTAINERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'list_splat_pattern',
  'tuple',
  'list',
  'expression_list',
  'parenthesized_expression',
  'as_pattern_target',
  'list_splat',
]);

/** Statements that bind the names of their target: the binder and the field holding the target. */
const BINDERS: Readonly<Record<string, string>> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  as_pattern: 'alias',
  named_expression: 'name',
};

/**
 * The statement a node is the binding target of (climbing through tuple and list targets), or null when the
 * node is read, not bound.
 */
export function binderOf(node: SyntaxNode): SyntaxNode | null {
  let current = node;
  let parent = node.parent;
  while (parent && TARGET_CONTAINERS.has(parent.type)) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return null;
  const field = BINDERS[parent.type];
  return field && isField(parent, field, current) ? parent : null;
}

/** The class a statement stands in directly (its body's own statements), not through a nested function. */
export function enclosingClassOfStatement(statement: SyntaxNode): SyntaxNode | null {
  let node: SyntaxNode | null = statement;
  // An assignment is wrapped in an expression statement; chained assignments nest further.
  while (node && (node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'expression_statement')) {
    node = node.parent;
  }
  const block = node;
  if (block?.type !== 'block') return null;
  const owner = block.parent;
  return owner?.type === 'class_definition' ? owner : null;
}

/** The first statement of a module or a block, skipping comments. */
export function firstStatement(container: SyntaxNode): SyntaxNode | null {
  for (let i = 0; i < container.namedChildCount; i++) {
    const child = container.namedChild(i);
    if (child && child.type !== 'comment') return child;
  }
  return null;
}

/** `SessionKey: TypeAlias = str` (PEP 613) declares a type, not a variable. */
export function isTypeAliasAssignment(node: SyntaxNode): boolean {
  if (node.type !== 'assignment') return false;
  const annotation = node.childForFieldName('type')?.text;
  return annotation === 'TypeAlias' || annotation === 'typing.TypeAlias' || annotation === 'typing_extensions.TypeAlias';
}

import type { SyntaxNode, Tree } from '../tree-sitter.js';
import { isField } from './nodes.js';

/**
 * Class bodies as syntax sees them, for what pyright leaves to its client: a subclass that redefines a member
 * (an override, or `self.x = ...` again in its own `__init__`) is a new symbol to pyright, but renaming one
 * without the other changes which code runs. The adapter walks bases and subclasses with these helpers.
 */
export interface ClassMember {
  /** Offset of the class's name. */
  readonly classOffset: number;
  readonly name: string;
}

/** The class whose body a statement (or a decorated definition) stands in directly. */
function classOfStatement(statement: SyntaxNode): SyntaxNode | null {
  let node: SyntaxNode | null = statement;
  if (node.parent?.type === 'decorated_definition') node = node.parent;
  const block = node.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : null;
}

/** The class a method belongs to, and the name its instance parameter has (`self` by convention only). */
function methodClass(method: SyntaxNode): { cls: SyntaxNode; self: string } | null {
  const cls = classOfStatement(method);
  const first = method.childForFieldName('parameters')?.namedChildren[0];
  const self = first?.type === 'identifier' ? first.text : first?.childForFieldName('name')?.text ?? first?.namedChildren[0]?.text;
  return cls && self ? { cls, self } : null;
}

/** A nested def or class has its own `self`: its assignments are not this method's. */
const NESTED_SCOPES = new Set(['function_definition', 'class_definition']);

const nameOffset = (cls: SyntaxNode): number => cls.childForFieldName('name')?.startIndex ?? cls.startIndex;

/** Whether `identifier` declares a member of a class; which class and which name. */
export function memberAt(tree: Tree, offset: number): ClassMember | undefined {
  const identifier = tree.rootNode.descendantForIndex(offset, offset + 1);
  const parent = identifier?.parent;
  if (!identifier || identifier.type !== 'identifier' || !parent) return undefined;
  let cls: SyntaxNode | null = null;
  if (parent.type === 'function_definition' && isField(parent, 'name', identifier)) cls = classOfStatement(parent);
  else if (parent.type === 'assignment' && isField(parent, 'left', identifier)) cls = parent.parent && classOfStatement(parent.parent);
  else if (parent.type === 'attribute' && isField(parent, 'attribute', identifier)) {
    const assignment = parent.parent;
    let method: SyntaxNode | null = parent;
    while (method && method.type !== 'function_definition') method = method.parent;
    const owner = method && methodClass(method);
    const object = parent.childForFieldName('object');
    if (assignment?.type === 'assignment' && isField(assignment, 'left', parent) && owner && object?.text === owner.self) cls = owner.cls;
  }
  return cls ? { classOffset: nameOffset(cls), name: identifier.text } : undefined;
}

export function classAt(tree: Tree, classOffset: number): SyntaxNode | undefined {
  const name = tree.rootNode.descendantForIndex(classOffset, classOffset + 1);
  return name?.parent?.type === 'class_definition' ? name.parent : undefined;
}

/**
 * Where a class declares `name`: a method, a class-level assignment or field, or `self.name = ...` in a method;
 * with `fieldsOnly`, class-level assignments alone (the fields a dataclass-like constructor takes).
 */
export function findMember(cls: SyntaxNode, name: string, fieldsOnly = false): number | undefined {
  let selfAssigned: number | undefined;
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (!definition) continue;
    if (definition.type === 'function_definition' && !fieldsOnly) {
      const fnName = definition.childForFieldName('name');
      if (fnName?.text === name) return fnName.startIndex;
      selfAssigned ??= selfAssignment(definition, name);
    }
    const assignment = definition.type === 'expression_statement' ? definition.namedChildren[0] : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    if (left?.type === 'identifier' && left.text === name) return left.startIndex;
  }
  return selfAssigned;
}

function selfAssignment(method: SyntaxNode, name: string): number | undefined {
  const self = methodClass(method)?.self;
  let found: number | undefined;
  const visit = (node: SyntaxNode): void => {
    if (found !== undefined) return;
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const attribute = left?.type === 'attribute' ? left.childForFieldName('attribute') : null;
      if (attribute?.text === name && left?.childForFieldName('object')?.text === self) found = attribute.startIndex;
    }
    for (const child of node.namedChildren) if (child && !NESTED_SCOPES.has(child.type)) visit(child);
  };
  if (self) visit(method.childForFieldName('body') ?? method);
  return found;
}

/** The offsets to ask for each base class's definition (`Base`, `models.Base`, `Generic[T]` → `Generic`). */
export function baseOffsets(cls: SyntaxNode): number[] {
  const offsets: number[] = [];
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base || base.type === 'keyword_argument' || base.type.endsWith('splat')) continue;
    let expression: SyntaxNode | null = base.type === 'subscript' ? base.childForFieldName('value') : base;
    if (expression?.type === 'attribute') expression = expression.childForFieldName('attribute');
    if (expression?.type === 'identifier') offsets.push(expression.startIndex);
  }
  return offsets;
}

/** When a reference to a class stands in another class's bases, that subclass's name offset. */
export function subclassAt(tree: Tree, offset: number): number | undefined {
  let node = tree.rootNode.descendantForIndex(offset, offset + 1);
  while (node && (node.type === 'identifier' || node.type === 'attribute' || node.type === 'subscript')) {
    const parent: SyntaxNode | null = node.parent;
    if (parent?.type === 'argument_list' && parent.parent?.type === 'class_definition') return nameOffset(parent.parent);
    node = parent;
  }
  return undefined;
}

import type { Language } from '../findings/model.js';
import type { SyntaxNode } from '../lang/tree-sitter.js';

/**
 * A rename that cannot be made safely: the new name is already declared in the same type or object, or already
 * used in the scope the renamed binding lives in (a redeclaration, a shadowed outer name, or a captured one).
 */
export interface ScopeConflict {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly reason: string;
  /** The identifier that keeps its name, and the span of this file where its references must stay too. */
  readonly name: string;
  readonly from: number;
  readonly to: number;
  /** A member of a type: its accesses elsewhere stay too (found by type in TS/JS, by name in Python). */
  readonly member: boolean;
  /** The string literal a kept enum (or class) member is initialised with: `SessionId = 'session_id'`. */
  readonly value?: { readonly start: number; readonly end: number };
  /** Only identifiers in the span keep the name; strings and comments that mention it are still renamed. */
  readonly identifiersOnly?: boolean;
}

interface Declaration {
  readonly container: SyntaxNode;
  readonly member: boolean;
  readonly taken: (container: SyntaxNode) => Set<string>;
  readonly where: string;
  readonly value?: SyntaxNode | null;
}

const TS_BINDING_NAMES = new Set(['identifier', 'type_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);
const TS_MEMBERS = new Set(['property_signature', 'public_field_definition', 'method_signature', 'method_definition', 'abstract_method_signature']);
const TS_BINDINGS = new Set(['variable_declarator', 'function_declaration', 'class_declaration', 'interface_declaration', 'type_alias_declaration', 'enum_declaration']);
const TS_PARAMETERS = new Set(['required_parameter', 'optional_parameter']);
const TS_FUNCTIONS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function', 'generator_function_declaration']);
const TS_SCOPES = new Set(['statement_block', 'program', 'class_body', 'for_statement', 'for_in_statement', 'switch_body']);
const PY_FUNCTIONS = new Set(['function_definition', 'lambda']);

function namesIn(root: SyntaxNode, types: ReadonlySet<string>, skip?: (node: SyntaxNode) => boolean): Set<string> {
  const names = new Set<string>();
  const cursor = root.walk();
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    if (types.has(node.type) && !skip?.(node)) names.add(node.text);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || cursor.currentNode.id === root.id) {
        done = true;
        break;
      }
    }
  }
  // web-tree-sitter's finalizer for an undeleted cursor frees the wrong address: always delete it here.
  cursor.delete();
  return names;
}

const memberNames = (container: SyntaxNode): Set<string> =>
  new Set(container.namedChildren.map((member) => member?.childForFieldName('name')?.text ?? (member?.type === 'property_identifier' ? member.text : undefined)).filter((name): name is string => Boolean(name)));

const objectKeys = (object: SyntaxNode): Set<string> =>
  new Set(
    object.namedChildren
      .map((entry) => (entry?.type === 'shorthand_property_identifier' ? entry.text : (entry?.childForFieldName('key') ?? entry?.childForFieldName('name'))?.text))
      .filter((name): name is string => Boolean(name)),
  );

const closestOf = (node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined => {
  for (let current = node.parent; current; current = current.parent) if (types.has(current.type)) return current;
  return undefined;
};

function typescriptDeclaration(node: SyntaxNode): Declaration | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  const isName = (owner: SyntaxNode, field: string): boolean => owner.childForFieldName(field)?.id === node.id;
  if (TS_MEMBERS.has(parent.type) && isName(parent, 'name') && parent.parent) {
    return { container: parent.parent, member: true, taken: memberNames, where: 'type' };
  }
  if (parent.type === 'enum_body' || (parent.type === 'enum_assignment' && isName(parent, 'name'))) {
    const body = parent.type === 'enum_body' ? parent : parent.parent!;
    return { container: body, member: true, taken: memberNames, where: 'enum', value: parent.type === 'enum_assignment' ? parent.childForFieldName('value') : null };
  }
  if (parent.type === 'pair' && isName(parent, 'key') && parent.parent?.type === 'object') {
    return { container: parent.parent, member: false, taken: objectKeys, where: 'object literal' };
  }
  const bindingNames = (scope: SyntaxNode) => namesIn(scope, TS_BINDING_NAMES);
  if (TS_PARAMETERS.has(parent.type) && isName(parent, 'pattern')) {
    const fn = closestOf(parent, TS_FUNCTIONS);
    if (fn) return { container: fn, member: false, taken: bindingNames, where: 'function' };
  }
  if (TS_BINDINGS.has(parent.type) && isName(parent, 'name')) {
    const scope = closestOf(parent, TS_SCOPES);
    if (scope) return { container: scope, member: false, taken: bindingNames, where: 'scope' };
  }
  return undefined;
}

/** Python identifiers that name a variable; `obj.attr` and `f(kw=...)` names do not. */
const pythonBindingNames = (scope: SyntaxNode): Set<string> =>
  namesIn(scope, new Set(['identifier']), (node) => {
    const parent = node.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) return true;
    return parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id;
  });

function classBodyNames(body: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const statement of body.namedChildren) {
    if (!statement) continue;
    const inner = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (inner?.type === 'function_definition' || inner?.type === 'class_definition') names.add(inner.childForFieldName('name')?.text ?? '');
    const target = inner?.type === 'expression_statement' ? inner.namedChildren[0] : undefined;
    if (target?.type === 'assignment') names.add(target.childForFieldName('left')?.text ?? '');
  }
  return names;
}

function pythonDeclaration(node: SyntaxNode): Declaration | undefined {
  const parent = node.parent;
  if (!parent || node.type !== 'identifier') return undefined;
  const inParameters = parent.type === 'parameters' || (parent.parent?.type === 'parameters' && parent.namedChildren[0]?.id === node.id);
  if (inParameters) {
    const fn = closestOf(node, PY_FUNCTIONS);
    if (fn) return { container: fn, member: false, taken: pythonBindingNames, where: 'function' };
  }
  if (parent.type !== 'assignment' || parent.childForFieldName('left')?.id !== node.id) return undefined;
  const body = parent.parent?.parent;
  if (body?.type === 'block' && body.parent?.type === 'class_definition') {
    return { container: body, member: true, taken: classBodyNames, where: `class ${body.parent.childForFieldName('name')?.text}`, value: parent.childForFieldName('right') };
  }
  const scope = closestOf(node, PY_FUNCTIONS) ?? node.tree.rootNode;
  return { container: scope, member: false, taken: pythonBindingNames, where: 'scope' };
}

/** Conflicts among the declarations being renamed in one file. `renamed` maps an identifier node to its new name. */
export function findConflicts(
  language: Language,
  declarations: ReadonlyArray<{ node: SyntaxNode; newName: string }>,
): ScopeConflict[] {
  const conflicts: ScopeConflict[] = [];
  const cache = new Map<number, Set<string>>();
  for (const { node, newName } of declarations) {
    const declaration = language === 'python' ? pythonDeclaration(node) : typescriptDeclaration(node);
    if (!declaration) continue;
    let taken = cache.get(declaration.container.id);
    if (!taken) cache.set(declaration.container.id, (taken = declaration.taken(declaration.container)));
    if (!taken.has(newName)) continue;
    conflicts.push({
      start: node.startIndex,
      end: node.endIndex,
      text: node.text,
      reason: `${newName} is already declared or used in the same ${declaration.where}; renaming ${node.text} would clash with it`,
      name: node.text,
      from: declaration.container.startIndex,
      to: declaration.container.endIndex,
      member: declaration.member,
      // Renamed, the value of a member that keeps its name would likely duplicate its counterpart's ('flow_id' twice).
      ...(declaration.value?.type === 'string' ? { value: { start: declaration.value.startIndex, end: declaration.value.endIndex } } : {}),
    });
  }
  return conflicts;
}

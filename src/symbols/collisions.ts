import type { Kind, Language } from '../findings/model.js';
import type { SyntaxNode } from '../lang/tree-sitter.js';

/**
 * A declaration whose new name is already taken where it lives: declared in the same class, interface, object type,
 * enum or object literal, or declared or used in the scope its binding lives in (a redeclaration, a shadowed outer
 * name, a captured one). Syntax alone, so that scan shows what apply refuses without starting an engine.
 */
export interface Collision {
  /** The declaring identifier. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** `flow_id is already declared in class UserSession`. */
  readonly reason: string;
  /** The identifier that keeps its name, and the span of this file where its references must stay too. */
  readonly name: string;
  readonly from: number;
  readonly to: number;
  /** A member of a type: its accesses elsewhere stay too. */
  readonly member: boolean;
  /** Only identifiers in the span keep the name; strings and comments that mention it are still renamed. */
  readonly identifiersOnly?: boolean;
}

/** A declaration being renamed: its identifier node and the whole new name. */
export interface RenamedDeclaration {
  readonly node: SyntaxNode;
  readonly newName: string;
}

interface Container {
  readonly node: SyntaxNode;
  readonly member: boolean;
  readonly taken: (container: SyntaxNode) => Set<string>;
  /** `class UserSession`, `function load`, `this module`. */
  readonly where: string;
}

const TS_BINDING_NAMES = new Set(['identifier', 'type_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);
const TS_MEMBERS = new Set(['property_signature', 'public_field_definition', 'method_signature', 'method_definition', 'abstract_method_signature']);
const TS_BINDINGS = new Set(['variable_declarator', 'function_declaration', 'class_declaration', 'abstract_class_declaration', 'interface_declaration', 'type_alias_declaration', 'enum_declaration']);
const TS_PARAMETERS = new Set(['required_parameter', 'optional_parameter']);
const TS_FUNCTIONS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function', 'generator_function_declaration', 'generator_function']);
const TS_SCOPES = new Set(['statement_block', 'program', 'class_body', 'for_statement', 'for_in_statement', 'switch_body']);
const PY_FUNCTIONS = new Set(['function_definition', 'lambda']);
/** Identifier nodes that can declare something; a quoted key or a string never collides by name. */
const IDENTIFIERS = new Set(['identifier', 'property_identifier', 'type_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);
const DECLARATION_KINDS = new Set<Kind>(['parameter', 'variable', 'function', 'class', 'type', 'property']);

/** Every text of a node of `types` under `root`, except those `skip` rejects. */
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

const isParameterProperty = (parameter: SyntaxNode): boolean => parameter.children.some((child) => child.type === 'accessibility_modifier' || child.type === 'readonly' || child.type === 'override_modifier');

/** The names a class body, interface body or object type declares; a class also declares its parameter properties. */
function memberNames(container: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const member of container.namedChildren) {
    const name = member.childForFieldName('name')?.text ?? (member.type === 'property_identifier' ? member.text : undefined);
    if (name) names.add(name);
    if (member.type === 'method_definition' && name === 'constructor') {
      for (const parameter of member.childForFieldName('parameters')?.namedChildren ?? []) {
        const pattern = parameter.childForFieldName('pattern');
        if (pattern && isParameterProperty(parameter)) names.add(pattern.text);
      }
    }
  }
  return names;
}

const objectKeys = (object: SyntaxNode): Set<string> =>
  new Set(
    object.namedChildren
      .map((entry) => (entry.type === 'shorthand_property_identifier' ? entry.text : (entry.childForFieldName('key') ?? entry.childForFieldName('name'))?.text))
      .filter((name): name is string => Boolean(name)),
  );

const closestOf = (node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined => {
  for (let current = node.parent; current; current = current.parent) if (types.has(current.type)) return current;
  return undefined;
};

const named = (label: string, owner: SyntaxNode | null | undefined): string => {
  const name = owner?.childForFieldName('name')?.text;
  return name ? `${label} ${name}` : `this ${label}`;
};

/** `class Session`, `interface Session`, `type Session`, or `this object type`, for the body of members. */
function typeOwner(body: SyntaxNode): string {
  const owner = body.parent;
  switch (owner?.type) {
    case 'class_declaration':
    case 'abstract_class_declaration':
    case 'class':
      return named('class', owner);
    case 'interface_declaration':
      return named('interface', owner);
    case 'type_alias_declaration':
      return named('type', owner);
    default:
      return 'this object type';
  }
}

function scopeOwner(scope: SyntaxNode): string {
  if (scope.type === 'program' || scope.type === 'module') return 'this module';
  if (scope.type === 'class_body') return typeOwner(scope);
  if (TS_FUNCTIONS.has(scope.type) || PY_FUNCTIONS.has(scope.type)) return named('function', scope);
  const owner = scope.parent;
  if (scope.type === 'statement_block' && owner && TS_FUNCTIONS.has(owner.type)) return named('function', owner);
  return 'this block';
}

function typescriptContainer(node: SyntaxNode): Container | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  const isName = (owner: SyntaxNode, field: string): boolean => owner.childForFieldName(field)?.id === node.id;
  if (TS_MEMBERS.has(parent.type) && isName(parent, 'name') && parent.parent) {
    return { node: parent.parent, member: true, taken: memberNames, where: typeOwner(parent.parent) };
  }
  if (parent.type === 'enum_body' || (parent.type === 'enum_assignment' && isName(parent, 'name'))) {
    const body = parent.type === 'enum_body' ? parent : parent.parent!;
    return { node: body, member: true, taken: memberNames, where: named('enum', body.parent) };
  }
  if (parent.type === 'pair' && isName(parent, 'key') && parent.parent?.type === 'object') {
    return { node: parent.parent, member: false, taken: objectKeys, where: 'this object literal' };
  }
  const bindingNames = (scope: SyntaxNode) => namesIn(scope, TS_BINDING_NAMES);
  if (TS_PARAMETERS.has(parent.type) && isName(parent, 'pattern')) {
    // `constructor(private sessionId: string)` declares a member of the class too.
    const body = isParameterProperty(parent) ? closestOf(parent, new Set(['class_body'])) : undefined;
    if (body) return { node: body, member: true, taken: memberNames, where: typeOwner(body) };
    const fn = closestOf(parent, TS_FUNCTIONS);
    if (fn) return { node: fn, member: false, taken: bindingNames, where: scopeOwner(fn) };
  }
  if (TS_BINDINGS.has(parent.type) && isName(parent, 'name')) {
    const scope = closestOf(parent, TS_SCOPES);
    if (scope) return { node: scope, member: false, taken: bindingNames, where: scopeOwner(scope) };
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

/** Methods, nested classes and fields (`flow_id: str`, `flow_id = None`) of a class body. */
function classBodyNames(body: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const statement of body.namedChildren) {
    const inner = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (inner?.type === 'function_definition' || inner?.type === 'class_definition') names.add(inner.childForFieldName('name')?.text ?? '');
    const target = inner?.type === 'expression_statement' ? inner.namedChildren[0] : undefined;
    if (target?.type === 'assignment') names.add(target.childForFieldName('left')?.text ?? '');
  }
  return names;
}

function pythonContainer(node: SyntaxNode): Container | undefined {
  const parent = node.parent;
  if (!parent || node.type !== 'identifier') return undefined;
  const inParameters = parent.type === 'parameters' || (parent.parent?.type === 'parameters' && parent.namedChildren[0]?.id === node.id);
  if (inParameters) {
    const fn = closestOf(node, PY_FUNCTIONS);
    if (fn) return { node: fn, member: false, taken: pythonBindingNames, where: scopeOwner(fn) };
  }
  if (parent.type !== 'assignment' || parent.childForFieldName('left')?.id !== node.id) return undefined;
  const body = parent.parent?.parent;
  if (body?.type === 'block' && body.parent?.type === 'class_definition') {
    return { node: body, member: true, taken: classBodyNames, where: named('class', body.parent) };
  }
  const scope = closestOf(node, PY_FUNCTIONS) ?? node.tree.rootNode;
  return { node: scope, member: false, taken: pythonBindingNames, where: scopeOwner(scope) };
}

/**
 * The collisions among the declarations being renamed in one file (TypeScript, JavaScript or Python tree-sitter
 * nodes). A node that declares nothing (a use, an access) is passed over.
 */
export function findCollisions(language: Language, declarations: readonly RenamedDeclaration[]): Collision[] {
  const collisions: Collision[] = [];
  const cache = new Map<number, Set<string>>();
  /** The new names earlier declarations of this run take, by container: the old name that takes each. */
  const renamedTo = new Map<number, Map<string, SyntaxNode>>();
  for (const { node, newName } of [...declarations].sort((a, b) => a.node.startIndex - b.node.startIndex)) {
    const container = language === 'python' ? pythonContainer(node) : typescriptContainer(node);
    if (!container) continue;
    // Two of the run's names may end as one where the target's plural is itself (`--to data`: parameter `width`
    // and local `widths` both became `data` in more-itertools and boltons): the first keeps its rename, a later
    // one with another old name is a collision. A TypeScript function's parameters and body are one scope.
    const scope = container.node.type === 'statement_block' && container.node.parent && TS_FUNCTIONS.has(container.node.parent.type) ? container.node.parent : container.node;
    let takers = renamedTo.get(scope.id);
    if (!takers) renamedTo.set(scope.id, (takers = new Map()));
    const earlier = takers.get(newName);
    if (!earlier) takers.set(newName, node);
    const merged = earlier !== undefined && earlier.text !== node.text;
    // Most new names appear nowhere in their container: a text search spares the walk over its nodes.
    if (!merged && !container.node.text.includes(newName)) continue;
    let taken = cache.get(container.node.id);
    if (!merged && !taken) cache.set(container.node.id, (taken = container.taken(container.node)));
    if (!merged && !taken!.has(newName)) continue;
    const verb = container.member ? 'is already declared in' : 'is already declared or used in';
    const line = merged ? earlier.startPosition.row + 1 : 0;
    collisions.push({
      start: node.startIndex,
      end: node.endIndex,
      text: node.text,
      reason: merged ? `${newName} is also the new name of ${earlier.text} (line ${line}) in ${container.where}: renamed, the two would be one` : `${newName} ${verb} ${container.where}`,
      name: node.text,
      from: container.node.startIndex,
      to: container.node.endIndex,
      member: container.member,
    });
  }
  return collisions;
}

/** A match the syntax pass classified, with the node it stands in. */
export interface ClassifiedMatch {
  readonly node: SyntaxNode;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  readonly kind: Kind;
}

/** A span of text (starting at `start` in its file) with every match inside it replaced: `getSessionId` → `getFlowId`. */
export function respelled(text: string, start: number, matches: readonly { readonly start: number; readonly end: number; readonly replacement: string }[]): string {
  let result = '';
  let at = 0;
  for (const match of [...matches].sort((x, y) => x.start - y.start)) {
    result += text.slice(at, match.start - start) + match.replacement;
    at = match.end - start;
  }
  return result + text.slice(at);
}

/** The identifier with every match inside it replaced: `validationSessionId` → `validationFlowId`. */
export function renamedText(node: SyntaxNode, matches: readonly { readonly start: number; readonly end: number; readonly replacement: string }[]): string {
  return respelled(node.text, node.startIndex, matches);
}

/** `__exit__`, `__iter__`, `__init__`: Python's own names (PEP 8's "magic" names), dunder on both sides. */
export const DUNDER = /^__[A-Za-z0-9][A-Za-z0-9_]*[A-Za-z0-9]__$|^__[A-Za-z0-9]__$/;

/**
 * A dunder the project declares is the language's protocol, not the project's name: `with` calls `__exit__`, `for`
 * calls `__iter__`, so renaming a word inside one (`--from exit`: `__exit__` → `__leave__`, found on more-itertools
 * and boltons) leaves a method nothing calls. Held as a collision is, so scan, check and apply agree.
 */
function dunderCollision(match: ClassifiedMatch): Collision {
  const { node } = match;
  // Reported at the match, as the site of a symbol held whole is, so that scan's and apply's lists name one site.
  return {
    start: match.start,
    end: match.end,
    text: node.text.slice(match.start - node.startIndex, match.end - node.startIndex),
    reason: `held: ${node.text} is a dunder name, which Python itself calls by that name (the language's protocol)`,
    name: node.text,
    from: node.startIndex,
    to: node.endIndex,
    member: true,
  };
}

/**
 * The collisions a scan reports: matches that declare something (by kind, in an identifier), grouped by identifier
 * so that the new name is the whole renamed identifier.
 */
export function collisionsOf(language: Language, matches: readonly ClassifiedMatch[]): Collision[] {
  const byNode = new Map<number, { node: SyntaxNode; matches: ClassifiedMatch[] }>();
  const protocol = new Map<number, Collision>();
  for (const match of matches) {
    // Held whatever the new name, so that check's gate (`--from` alone) lists it as scan and apply do.
    if (language === 'python' && DECLARATION_KINDS.has(match.kind) && match.node.type === 'identifier' && DUNDER.test(match.node.text)) {
      if (!protocol.has(match.node.id)) protocol.set(match.node.id, dunderCollision(match));
      continue;
    }
    // A plan with `--from` alone has no new name (every replacement is empty), so nothing can collide with it.
    if (match.replacement === '') continue;
    if (!DECLARATION_KINDS.has(match.kind) || !IDENTIFIERS.has(match.node.type)) continue;
    const entry = byNode.get(match.node.id);
    if (entry) entry.matches.push(match);
    else byNode.set(match.node.id, { node: match.node, matches: [match] });
  }
  if (byNode.size === 0) return [...protocol.values()];
  return [...protocol.values(), ...findCollisions(language, [...byNode.values()].map(({ node, matches: inNode }) => ({ node, newName: renamedText(node, inNode) })))];
}

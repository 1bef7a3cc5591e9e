import type { SyntaxNode, Tree } from '../tree-sitter.js';
import { isField } from './nodes.js';

/** Where to ask the engine about a call's callee: the offset of its last name (`requests.post` → `post`). */
export interface Callee {
  readonly offset: number;
  readonly text: string;
  /** `x.__class__(…)` and `type(x)(…)`: the offset of `x`, whose class is what is called. */
  readonly instanceOf?: number;
  /**
   * The call's positional arguments that name a function or class (`assertRaises(ValueError, parse, …)`,
   * `pool.submit(parse, …)`): a callee that takes a callable hands its other arguments on to it.
   */
  readonly passes?: readonly Callee[];
}

/**
 * What syntax says a site is, so the engine is asked the right question. pyright binds identifiers itself; the
 * strings Python ties to a symbol (getattr names, `**` dict keys) need the adapter to find the symbol first.
 */
export type SiteContext =
  | { readonly type: 'identifier'; readonly keywordOf?: Callee; readonly attributeOf?: string; readonly importFrom?: string }
  | { readonly type: 'reflection'; readonly objectOffset: number; readonly objectText: string; readonly name: string }
  | { readonly type: 'splat-key'; readonly callees: readonly Callee[]; readonly name: string }
  /**
   * A name in `@pytest.mark.parametrize("session_id, expected", …)` (a comma-separated string, or a tuple or list of
   * strings): pytest passes each value to the decorated test's parameter of that name, so the word is that
   * parameter's. `parameters` are the test function's, by name, at the offsets of their names.
   */
  | { readonly type: 'parametrize'; readonly parameters: ReadonlyMap<string, number> }
  /**
   * Any other string. `name` when the literal is a whole identifier (what a symbol could be called); `dictKey` for
   * a key of a dict literal (a TypedDict's key, to pyright); `subscriptOf` for `obj["name"]`.
   */
  | {
      readonly type: 'string';
      readonly argumentOf?: Callee;
      readonly name?: string;
      readonly dictKey?: boolean;
      readonly subscriptOf?: { readonly offset: number; readonly text: string };
    }
  | { readonly type: 'other' };

const REFLECTION = new Set(['getattr', 'setattr', 'hasattr', 'delattr']);
/** Nodes a literal passes through on its way into a call's argument list: `f(json={"k": [("v",)]})`. */
const CONTAINERS = new Set([
  'pair',
  'dictionary',
  'list',
  'tuple',
  'set',
  'parenthesized_expression',
  'concatenated_string',
  'keyword_argument',
]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function calleeOf(call: SyntaxNode): Callee | undefined {
  const fn = call.childForFieldName('function');
  const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : fn;
  return fn && name?.type === 'identifier' ? { offset: name.startIndex, text: fn.text } : undefined;
}

/** A call's positional arguments that are names (`parse`, `pkg.core.Parser`), as callees to ask pyright about. */
function passedCallables(call: SyntaxNode): Callee[] {
  const callees: Callee[] = [];
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    const name = arg?.type === 'attribute' ? arg.childForFieldName('attribute') : arg;
    if (arg && name?.type === 'identifier') callees.push({ offset: name.startIndex, text: arg.text });
  }
  return callees;
}

/** The literal text of a plain string (no f-string parts, no escapes), or undefined. */
function literalText(string: SyntaxNode): string | undefined {
  if (/f/i.test(string.firstChild?.text ?? '')) return undefined;
  const contents = string.namedChildren.filter((child) => child?.type !== 'string_start' && child?.type !== 'string_end');
  if (contents.length !== 1 || contents[0]?.type !== 'string_content') return contents.length === 0 ? '' : undefined;
  return contents[0].text;
}

export function siteContext(tree: Tree, offset: number): SiteContext {
  const leaf = tree.rootNode.descendantForIndex(offset, offset + 1);
  if (!leaf) return { type: 'other' };
  if (leaf.type === 'identifier') return identifierContext(leaf);
  let string: SyntaxNode | null = leaf;
  while (string && string.type !== 'string') string = string.type === 'interpolation' ? null : string.parent;
  return string ? stringContext(string) : { type: 'other' };
}

function identifierContext(identifier: SyntaxNode): SiteContext {
  const parent = identifier.parent;
  if (parent?.type === 'keyword_argument' && isField(parent, 'name', identifier)) {
    const call = parent.parent?.parent;
    const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
    const instanceOf = fn ? instanceCallee(fn) : undefined;
    const callee = call?.type === 'call' ? calleeOf(call) : undefined;
    const passes = call?.type === 'call' ? passedCallables(call) : [];
    const keywordOf = { ...(callee ?? { offset: -1, text: fn?.text ?? '?' }), ...(passes.length > 0 ? { passes } : {}) };
    return { type: 'identifier', keywordOf: instanceOf === undefined ? keywordOf : { ...keywordOf, instanceOf } };
  }
  if (parent?.type === 'attribute' && isField(parent, 'attribute', identifier)) {
    return { type: 'identifier', attributeOf: parent.childForFieldName('object')?.text };
  }
  for (let node: SyntaxNode | null = parent; node; node = node.parent) {
    if (node.type === 'import_from_statement') return { type: 'identifier', importFrom: node.childForFieldName('module_name')?.text };
    if (node.type === 'import_statement') return { type: 'identifier', importFrom: identifier.parent?.text };
    if (node.type.endsWith('statement') || node.type === 'module') break;
  }
  return { type: 'identifier' };
}

/** The parameters of the test a `parametrize` decorator's argument names belong to, or undefined elsewhere. */
function parametrizedParameters(string: SyntaxNode): Map<string, number> | undefined {
  let node = string;
  while (node.parent && (node.parent.type === 'tuple' || node.parent.type === 'list')) node = node.parent;
  const args = node.parent;
  // The argument names are the first argument, or the `argnames=` keyword.
  const named = args?.type === 'keyword_argument' && args.childForFieldName('name')?.text === 'argnames' ? args : undefined;
  const list = named ? named.parent : args;
  if (list?.type !== 'argument_list' || (!named && list.namedChildren[0]?.id !== node.id)) return undefined;
  const call = list.parent;
  if (call?.type !== 'call' || !/(?:^|\.)mark\.parametrize$/.test(call.childForFieldName('function')?.text ?? '')) return undefined;
  const decorated = call.parent?.type === 'decorator' ? call.parent.parent : null;
  const fn = decorated?.type === 'decorated_definition' ? decorated.childForFieldName('definition') : null;
  if (fn?.type !== 'function_definition') return undefined;
  const parameters = new Map<string, number>();
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = parameter?.type === 'identifier' ? parameter : (parameter?.childForFieldName('name') ?? null);
    if (id?.type === 'identifier') parameters.set(id.text, id.startIndex);
  }
  return parameters;
}

function stringContext(string: SyntaxNode): SiteContext {
  const text = literalText(string);
  const parent = string.parent;
  const parameters = parametrizedParameters(string);
  if (parameters) return { type: 'parametrize', parameters };
  if (text !== undefined && IDENTIFIER.test(text) && parent?.type === 'argument_list' && parent.namedChildren[1]?.id === string.id) {
    const call = parent.parent;
    const fn = call?.childForFieldName('function');
    const object = parent.namedChildren[0];
    if (fn?.type === 'identifier' && REFLECTION.has(fn.text) && object && object.type !== 'keyword_argument') {
      return { type: 'reflection', objectOffset: lastNameOffset(object), objectText: object.text, name: text };
    }
  }
  if (text !== undefined && IDENTIFIER.test(text) && parent?.type === 'pair' && isField(parent, 'key', string)) {
    const callees = splatCallees(parent.parent);
    if (callees.length > 0) return { type: 'splat-key', callees, name: text };
  }
  if (text === undefined) return { type: 'string' };
  const argumentOf = argumentCallee(string);
  if (!IDENTIFIER.test(text)) return { type: 'string', argumentOf };
  const dictKey = parent?.type === 'pair' && isField(parent, 'key', string);
  const subscript = parent?.type === 'subscript' && isField(parent, 'subscript', string) ? parent.childForFieldName('value') : null;
  const subscriptOf = subscript ? { offset: lastNameOffset(subscript), text: subscript.text } : undefined;
  return { type: 'string', argumentOf, name: text, ...(dictKey ? { dictKey } : {}), ...(subscriptOf ? { subscriptOf } : {}) };
}

/** An expression's last name, where pyright reports its type: `self.req` → `req`, `req` → `req`. */
/** `x.__class__` or `type(x)` as a callee: the offset of `x` (the instance whose class is called). */
function instanceCallee(fn: SyntaxNode): number | undefined {
  if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === '__class__') {
    const object = fn.childForFieldName('object');
    return object ? lastNameOffset(object) : undefined;
  }
  if (fn.type === 'call' && fn.childForFieldName('function')?.text === 'type') {
    const args = fn.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length === 1 && args[0] && args[0].type !== 'keyword_argument') return lastNameOffset(args[0]);
  }
  return undefined;
}

function lastNameOffset(expression: SyntaxNode): number {
  const name = expression.type === 'attribute' ? expression.childForFieldName('attribute') : null;
  return (name ?? expression).startIndex;
}

/** The call a literal is an argument of, through containers and keyword values; nested calls stop the climb. */
function argumentCallee(string: SyntaxNode): Callee | undefined {
  let node = string;
  let parent = string.parent;
  while (parent && CONTAINERS.has(parent.type)) {
    if (parent.type === 'keyword_argument' && !isField(parent, 'value', node)) return undefined;
    node = parent;
    parent = parent.parent;
  }
  return parent?.type === 'argument_list' && parent.parent?.type === 'call' ? calleeOf(parent.parent) : undefined;
}

/**
 * Calls a dict literal is spread into: `f(**{...})`, or `payload = {...}` then `f(**payload)` in the same function
 * (any later rebinding of the name is not tracked: the literal is the only shape syntax can vouch for).
 */
function splatCallees(dictionary: SyntaxNode | null): Callee[] {
  if (dictionary?.type !== 'dictionary') return [];
  const parent = dictionary.parent;
  if (parent?.type === 'dictionary_splat') {
    const call = parent.parent?.parent;
    const callee = call?.type === 'call' ? calleeOf(call) : undefined;
    return callee ? [callee] : [];
  }
  const left = parent?.type === 'assignment' && isField(parent, 'right', dictionary) ? parent.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return [];
  let scope: SyntaxNode | null = parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  const callees: Callee[] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.type === 'dictionary_splat' && node.namedChildren[0]?.type === 'identifier' && node.namedChildren[0].text === left.text) {
      const call = node.parent?.parent;
      const callee = call?.type === 'call' && node.startIndex > dictionary.endIndex ? calleeOf(call) : undefined;
      if (callee) callees.push(callee);
    }
    // Nested functions and classes have their own scope: their `**payload` is another name.
    for (const child of node.namedChildren) {
      if (child && child.type !== 'function_definition' && child.type !== 'class_definition') visit(child);
    }
  };
  if (scope) visit(scope.type === 'function_definition' ? (scope.childForFieldName('body') ?? scope) : scope);
  return callees;
}

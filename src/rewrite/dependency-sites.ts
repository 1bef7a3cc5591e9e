import type { RenamerOptions } from '../config/options.js';
import type { Reference } from '../findings/model.js';
import { isField } from '../lang/typescript/bindings.js';
import type { SyntaxNode } from '../lang/tree-sitter.js';
import type { MemberSite } from './dependency-members.js';
import { isShorthand } from './shorthand.js';
import type { FileWork } from './work.js';

/**
 * Which TS/JS sites may name a dependency's member and so need the type checker: member accesses, keys of
 * object literals and destructurings, JSX attributes. The project declaring the same name proves nothing (ky
 * declares its own `searchParams` option, yet `url.searchParams` is the DOM's). Only sites that syntax alone proves
 * to be the project's are left out, because building the checker costs far more than the rest of a run.
 */
export function memberSitesToCheck(work: readonly FileWork[], options: RenamerOptions): MemberSite[] {
  const keys = options.kinds.has('property') || options.kinds.has('member');
  const sites: MemberSite[] = [];
  for (const file of work) {
    if (file.source.language !== 'typescript' && file.source.language !== 'javascript') continue;
    const jsDocTypes = file.source.language === 'javascript' && /@(type|satisfies)\b/.test(file.source.text);
    for (const [reference, node] of file.nodes) {
      if (!needsCheck(reference, node, options, keys, jsDocTypes)) continue;
      sites.push({ absolutePath: file.source.absolutePath, start: node.startIndex, end: node.endIndex, text: node.text, reference: reference.start });
    }
  }
  return sites;
}

function needsCheck(reference: Reference, node: SyntaxNode, options: RenamerOptions, keys: boolean, jsDocTypes: boolean): boolean {
  const parent = node.parent;
  if (!parent) return false;
  // `const { searchParams } = url`: the key side is the destructured type's member.
  if (node.type === 'shorthand_property_identifier_pattern') return keys;
  if (isShorthand(node)) return keys && !lacksContextualType(parent, jsDocTypes);
  if (!options.kinds.has(reference.kind)) return false;
  if (reference.kind === 'member') return !ownClassMember(node);
  const objectKey = (parent.type === 'pair' && isField(parent, 'key', node)) || (parent.type === 'method_definition' && isField(parent, 'name', node));
  if (objectKey && parent.parent?.type === 'object') return !lacksContextualType(parent.parent, jsDocTypes);
  return parent.type === 'jsx_attribute';
}

/**
 * An object literal TypeScript gives no contextual type, so that its keys declare themselves: the value of a
 * `const`/`let` without annotation (or nested in one). In JS a JSDoc `@type` could type it, so files mentioning one
 * are always checked.
 */
function lacksContextualType(object: SyntaxNode, jsDocTypes: boolean): boolean {
  if (jsDocTypes) return false;
  for (let node = object; ; ) {
    const parent = node.parent;
    if (!parent) return false;
    if (parent.type === 'parenthesized_expression') node = parent;
    else if (parent.type === 'pair' && isField(parent, 'value', node) && parent.parent?.type === 'object') node = parent.parent;
    else {
      return parent.type === 'variable_declarator' && isField(parent, 'value', node) && parent.parent?.type === 'lexical_declaration' &&
        !parent.childForFieldName('type') && parent.childForFieldName('name')?.type === 'identifier';
    }
  }
}

const FUNCTION_BOUNDARIES = new Set(['function_declaration', 'function_expression', 'function', 'generator_function_declaration', 'generator_function', 'class_body', 'program']);
const CLASS_MEMBERS = new Set(['method_definition', 'public_field_definition']);
const isStatic = (member: SyntaxNode): boolean => member.children.some((child) => child.type === 'static');

/**
 * `this.sessionId` in an instance method or field of a class that extends nothing and declares `sessionId` itself
 * (as an instance member or a constructor parameter property): TypeScript resolves it to that declaration.
 */
function ownClassMember(name: SyntaxNode): boolean {
  const access = name.parent;
  if (access?.type !== 'member_expression' || access.childForFieldName('object')?.type !== 'this') return false;
  let member: SyntaxNode | null = access;
  while (member && !CLASS_MEMBERS.has(member.type) && !FUNCTION_BOUNDARIES.has(member.type)) member = member.parent;
  const body = member?.parent;
  if (!member || !CLASS_MEMBERS.has(member.type) || body?.type !== 'class_body' || isStatic(member)) return false;
  // A base class may declare the member: `class Client extends EventEmitter { … this.emit() }`.
  const heritage = body.parent?.children.find((child) => child.type === 'class_heritage');
  if (heritage?.children.some((child) => child.type === 'extends_clause')) return false;
  return body.namedChildren.some((declared) => {
    if (CLASS_MEMBERS.has(declared.type) && !isStatic(declared) && declared.childForFieldName('name')?.text === name.text) return true;
    if (declared.type !== 'method_definition' || declared.childForFieldName('name')?.text !== 'constructor') return false;
    return (declared.childForFieldName('parameters')?.namedChildren ?? []).some((parameter) =>
      parameter.children.some((child) => child.type === 'accessibility_modifier' || child.type === 'readonly') && parameter.childForFieldName('pattern')?.text === name.text);
  });
}

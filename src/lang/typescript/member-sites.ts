import type { Kind, Language } from '../../findings/model.js';
import type { SyntaxNode } from '../tree-sitter.js';
import { isField } from './bindings.js';

/**
 * Which TS/JS names may stand for a member some dependency (or the platform) declares, so that only TypeScript's
 * checker can say whose they are: member accesses, keys of object literals and destructurings, JSX attributes. The
 * project declaring the same name proves nothing (ky declares its own `searchParams` option, yet `url.searchParams`
 * is the DOM's). Only sites that syntax alone proves to be the project's are left out, because building the checker
 * costs far more than the rest of a run. The analyzer marks the references this clears (`owned`), so that check
 * asks the checker only when something is left; the rewrite planner picks the sites it checks with the same rules.
 *
 * - `'key'`: the key side of a shorthand (`{ searchParams }`, `const { searchParams } = url`); it matters when keys
 *   (properties or members) are renamed, whatever the reference's own kind.
 * - `'site'`: the name itself is the member; it matters when the reference's kind is renamed.
 */
export type MemberCheck = 'key' | 'site';

const NAMES = new Set(['identifier', 'property_identifier', 'type_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);

/** In JS a JSDoc `@type` or `@satisfies` can type an object literal that syntax alone would leave untyped. */
export const mentionsJsDocTypes = (language: Language, text: string): boolean => language === 'javascript' && /@(type|satisfies)\b/.test(text);

/** Whether (and how) the name `node`, reported with `kind`, may name a member declared outside the project. */
export function memberCheckOf(node: SyntaxNode, kind: Kind, jsDocTypes: boolean): MemberCheck | undefined {
  const parent = node.parent;
  if (!parent || !NAMES.has(node.type)) return undefined;
  // `const { searchParams } = url`: the key side is the destructured type's member.
  if (node.type === 'shorthand_property_identifier_pattern') return 'key';
  if (node.type === 'shorthand_property_identifier') return lacksContextualType(parent, jsDocTypes) ? undefined : 'key';
  if (kind === 'member') return ownClassMember(node) ? undefined : 'site';
  const objectKey = (parent.type === 'pair' && isField(parent, 'key', node)) || (parent.type === 'method_definition' && isField(parent, 'name', node));
  if (objectKey && parent.parent?.type === 'object') return lacksContextualType(parent.parent, jsDocTypes) ? undefined : 'site';
  return parent.type === 'jsx_attribute' ? 'site' : undefined;
}

/**
 * Whether the reference itself is renamed whatever the checker says of members: nothing in it may name a
 * dependency's member, or (a destructuring shorthand) it is the project's binding and only the key beside it might.
 */
export function isOwnedReference(node: SyntaxNode, kind: Kind, jsDocTypes: boolean): boolean {
  return node.type === 'shorthand_property_identifier_pattern' || memberCheckOf(node, kind, jsDocTypes) === undefined;
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

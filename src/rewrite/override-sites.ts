import type { RenamerOptions } from '../config/options.js';
import type { Reference } from '../findings/model.js';
import type { SyntaxNode } from '../lang/tree-sitter.js';
import type { FileWork } from './work.js';

/** A member declared in a class or interface that extends or implements something: it may override a base's. */
export interface OverrideCandidate {
  readonly file: FileWork;
  readonly reference: Reference;
  readonly absolutePath: string;
  /** The member's name node. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The class or interface body, where uses of the name stay with the declaration. */
  readonly from: number;
  readonly to: number;
}

const MEMBERS = new Set(['method_definition', 'public_field_definition', 'method_signature', 'property_signature', 'abstract_method_signature']);
const OWNERS = new Set(['class_declaration', 'class', 'abstract_class_declaration', 'interface_declaration']);
const HERITAGE = new Set(['class_heritage', 'extends_type_clause']);
const isStatic = (member: SyntaxNode): boolean => member.children.some((child) => child?.type === 'static');

/** The class or interface declaring the member named by `node`; a constructor parameter property counts. */
function ownerOf(node: SyntaxNode): { owner: SyntaxNode; body: SyntaxNode } | undefined {
  let member = node.parent;
  if (member && (member.type === 'required_parameter' || member.type === 'optional_parameter') && member.childForFieldName('pattern')?.id === node.id) {
    const isProperty = member.children.some((child) => child?.type === 'accessibility_modifier' || child?.type === 'readonly');
    const constructor = member.parent?.parent;
    if (!isProperty || constructor?.type !== 'method_definition' || constructor.childForFieldName('name')?.text !== 'constructor') return undefined;
    member = constructor;
  } else if (!member || !MEMBERS.has(member.type) || member.childForFieldName('name')?.id !== node.id || isStatic(member)) {
    return undefined;
  }
  const body = member.parent;
  const owner = body?.parent;
  return body && owner && OWNERS.has(owner.type) ? { owner, body } : undefined;
}

/** The names a class or interface extends or implements: `extends Base<T> implements A, B`. */
function baseNames(owner: SyntaxNode): Array<string | undefined> {
  const names: Array<string | undefined> = [];
  for (const heritage of owner.namedChildren.filter((child) => child !== null && HERITAGE.has(child.type))) {
    const clauses = heritage!.type === 'class_heritage' ? heritage!.namedChildren : [heritage];
    for (const clause of clauses) {
      for (const base of clause?.namedChildren ?? []) {
        if (!base || base.type === 'type_arguments') continue;
        const name = base.type === 'generic_type' ? base.childForFieldName('name') : base;
        names.push(name && (name.type === 'identifier' || name.type === 'type_identifier') ? name.text : undefined);
      }
    }
  }
  return names;
}

/** Top-level classes and interfaces of the file, by name (exported or not). */
function localTypes(root: SyntaxNode): Map<string, SyntaxNode> {
  const found = new Map<string, SyntaxNode>();
  for (const statement of root.namedChildren) {
    const declaration = statement?.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
    const name = declaration && OWNERS.has(declaration.type) ? declaration.childForFieldName('name')?.text : undefined;
    // Interfaces merge across declarations; a second one of the same name is not followed here.
    if (name && declaration) found.set(name, found.has(name) ? root : declaration);
  }
  return found;
}

/**
 * Proven the project's own without the checker: every base is declared in this file (and so on up the chain),
 * so no member can come from a dependency. Anything imported or computed (`extends mixin(Base)`) is not proven.
 */
function provablyLocal(owner: SyntaxNode, types: Map<string, SyntaxNode>, seen = new Set<number>()): boolean {
  if (seen.has(owner.id)) return true;
  seen.add(owner.id);
  return baseNames(owner).every((name) => {
    const base = name === undefined ? undefined : types.get(name);
    return base !== undefined && OWNERS.has(base.type) && provablyLocal(base, types, seen);
  });
}

/**
 * Member declarations to be renamed in classes and interfaces with `extends`/`implements` clauses whose bases are
 * not all declared in the same file: only these can override a dependency's member, and only these go to the
 * checker (see overrides.ts).
 */
export function overrideCandidates(work: readonly FileWork[], options: RenamerOptions): OverrideCandidate[] {
  const candidates: OverrideCandidate[] = [];
  for (const file of work) {
    if (!file.tree || (file.source.language !== 'typescript' && file.source.language !== 'javascript')) continue;
    let types: Map<string, SyntaxNode> | undefined;
    for (const [reference, node] of file.nodes) {
      if (!options.kinds.has(reference.kind)) continue;
      const found = ownerOf(node);
      if (!found || baseNames(found.owner).length === 0) continue;
      types ??= localTypes(file.tree.rootNode);
      if (provablyLocal(found.owner, types)) continue;
      const { body } = found;
      candidates.push({ file, reference, absolutePath: file.source.absolutePath, start: node.startIndex, end: node.endIndex, text: node.text, from: body.startIndex, to: body.endIndex });
    }
  }
  return candidates;
}

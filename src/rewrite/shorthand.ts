import type { Kind, Reference } from '../findings/model.js';
import type { SyntaxNode } from '../lang/tree-sitter.js';
import type { Edit } from './edits.js';

/** `{ sessionId }` in an object literal, and `const { sessionId } = o` / `({ sessionId = d }) =>` in a pattern. */
const SHORTHANDS = new Set(['shorthand_property_identifier', 'shorthand_property_identifier_pattern']);

export const isShorthand = (node: SyntaxNode | undefined): node is SyntaxNode => node !== undefined && SHORTHANDS.has(node.type);

export interface ShorthandContext {
  readonly kinds: ReadonlySet<Kind>;
  /** Local names this file keeps (their declaration is suppressed, allowed or in conflict): the binding side stays. */
  readonly keptBindings: ReadonlySet<string>;
  /** The key names a member that keeps its name (see member-blocks.ts): only the binding side may change. */
  readonly keyKept?: boolean;
}

/** The identifier with every reference inside it replaced. */
export function renamedIdentifier(node: SyntaxNode, references: readonly Reference[]): string {
  let result = '';
  let at = node.startIndex;
  for (const reference of [...references].sort((a, b) => a.start - b.start)) {
    result += node.text.slice(at - node.startIndex, reference.start - node.startIndex) + reference.replacement;
    at = reference.end;
  }
  return result + node.text.slice(at - node.startIndex);
}

/**
 * A shorthand is two names in one: the key (a property) and the local binding (a variable or parameter). Each
 * side is renamed only if its kind is rewritten and, for the binding, if its declaration is renamed too; when
 * only one side changes the shorthand is expanded so that the other keeps its name: `{ flowId: sessionId }`.
 */
export function shorthandEdit(node: SyntaxNode, references: readonly Reference[], context: ShorthandContext): Edit | undefined {
  const first = references[0];
  const bindingKind: Kind = first.kind === 'parameter' ? 'parameter' : 'variable';
  const keyRenamed = !context.keyKept && (context.kinds.has('property') || context.kinds.has('member'));
  const bindingRenamed = context.kinds.has(bindingKind) && !context.keptBindings.has(node.text);
  if (!keyRenamed && !bindingRenamed) return undefined;
  const renamed = renamedIdentifier(node, references);
  const text = keyRenamed && bindingRenamed ? renamed : keyRenamed ? `${renamed}: ${node.text}` : `${node.text}: ${renamed}`;
  return { start: node.startIndex, end: node.endIndex, text, kind: keyRenamed ? 'property' : bindingKind };
}

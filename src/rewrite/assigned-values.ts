import type { Reference } from '../findings/model.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';

const STRINGS = new Set(['string', 'template_string']);

/** Nodes that give a name a value, with the fields holding each: `NAME = "…"`, `enum E { NAME = "…" }`, `{ NAME: "…" }`. */
const NAMED_VALUES: Readonly<Record<string, { readonly name: string; readonly value: string }>> = {
  assignment: { name: 'left', value: 'right' },
  enum_assignment: { name: 'name', value: 'value' },
  variable_declarator: { name: 'name', value: 'value' },
  public_field_definition: { name: 'name', value: 'value' },
  pair: { name: 'key', value: 'value' },
};

/**
 * The name a string literal is the whole value of (`MISSING_CHANNEL_SLUG = "missing_channel_slug"` in a Python enum,
 * a TypeScript enum member, constant, class field or object key), as the span of the name's node; undefined for a
 * string that is part of a larger value or stands anywhere else.
 */
export function assignedName(tree: Tree, reference: Reference): { readonly start: number; readonly end: number; readonly text: string } | undefined {
  let node: SyntaxNode | null = tree.rootNode.descendantForIndex(reference.start, Math.max(reference.start, reference.end - 1));
  while (node && !STRINGS.has(node.type)) node = node.parent;
  const holder = node?.parent;
  const fields = holder && NAMED_VALUES[holder.type];
  if (!node || !fields || holder.childForFieldName(fields.value)?.id !== node.id) return undefined;
  const name = holder.childForFieldName(fields.name);
  return name ? { start: name.startIndex, end: name.endIndex, text: name.text } : undefined;
}

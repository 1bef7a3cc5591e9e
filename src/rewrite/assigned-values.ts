import type { Reference } from '../findings/model.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import { isCompound } from '../symbols/contracts.js';
import type { PlannedSites } from './sites.js';

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

/**
 * Strings that are the whole value of a name that stays, with why: saleor's error-code enums
 * (`MISSING_CHANNEL_SLUG = "missing_channel_slug"`, held for a read through an Unknown type) had the value renamed
 * under the member that kept its name, which changes the code the API sends while the member's name says it is the
 * same one; so would an enum member that keeps its name for a collision (`SessionId` beside `FlowId`). The value
 * stays with its name (`values`); so does every other string of a compound value's spelling (`spellings`), which
 * readers compare with it, unless a collision keeps the name. A one-word value (`{ path: 'path' }` in a test) says
 * too little to hold every `'path'`.
 */
export function valuesOfStayingNames(
  sites: PlannedSites,
  run: {
    readonly kinds: ReadonlySet<string>;
    /** The sites of the symbols this run renames. */
    readonly renamed: ReadonlySet<Reference>;
    readonly spellingOf: (reference: Reference) => string;
    /** Why a site the run leaves as it is stays (a conflict's, an unattributed or external site's reason). */
    readonly why: (reference: Reference) => string | undefined;
  },
): { values: Map<Reference, string>; spellings: Map<string, string> } {
  const values = new Map<Reference, string>();
  const spellings = new Map<string, string>();
  const free = new Set(sites.free);
  for (const reference of sites.free) {
    if (reference.kind !== 'string' || reference.allowed) continue;
    const file = sites.byRelative.get(reference.file)!;
    const name = file.tree && assignedName(file.tree, reference);
    // A name this run edits (renamed with its symbol, or as free text: an unattributed one under
    // --rename-unattributed) does not hold its value, nor does one of a kind the plan leaves alone (`--kinds string`).
    const staying = name && file.referencesIn(name.start, name.end).find((site) => run.kinds.has(site.kind) && !run.renamed.has(site) && !free.has(site));
    if (!staying) continue;
    const why = run.why(staying);
    const reason = `the value of ${name.text} (${staying.file}:${staying.line}:${staying.column}), which keeps its name${why ? `: ${why}` : ''}`;
    values.set(reference, reason);
    // A member kept by a collision stays because its new name exists already (`FlowId = 'flow_id'` beside it): the
    // new key is there to move to, so other strings of the old value's spelling still follow the rename.
    const spelling = run.spellingOf(reference);
    if (isCompound(spelling) && !spellings.has(spelling) && !sites.blockedAt(staying)) spellings.set(spelling, reason);
  }
  return { values, spellings };
}

import type { Reference } from '../findings/model.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import { TEST_TITLE_CALLS } from '../symbols/test-runners.js';

const STRINGS = new Set(['string', 'template_string']);
/** Strings that name code rather than data: `getattr(obj, "x")` and friends, and `__all__` entries. */
const NAME_FUNCTIONS = new Set(['getattr', 'setattr', 'hasattr', 'delattr']);

function namesCode(node: SyntaxNode): boolean {
  const call = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
  if (call?.type === 'call' && NAME_FUNCTIONS.has(call.childForFieldName('function')?.text ?? '')) return true;
  const assignment = node.parent?.type === 'list' || node.parent?.type === 'tuple' ? node.parent.parent : undefined;
  return assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === '__all__';
}

/**
 * A test's title, the first argument of a test runner's call (`test('produceWithPatches', …)`, `describe.each(t)(…)`):
 * read by people in a report, never stored (immer's and commander's renamed titles were listed as persisted data).
 */
function isTestTitle(node: SyntaxNode): boolean {
  const call = node.parent?.type === 'arguments' && node.parent.namedChild(0)?.id === node.id ? node.parent.parent : undefined;
  if (call?.type !== 'call_expression') return false;
  let callee = call.childForFieldName('function');
  while (callee?.type === 'member_expression' || callee?.type === 'call_expression') {
    callee = callee.type === 'member_expression' ? callee.childForFieldName('object') : callee.childForFieldName('function');
  }
  return callee?.type === 'identifier' && TEST_TITLE_CALLS.has(callee.text);
}

/**
 * The literal a string reference stands in, when that literal reads as a key (storage keys, dict and JSON keys,
 * cache prefixes: no spaces) rather than prose. Renaming such a key orphans data already stored under the old one,
 * so the summary lists these apart.
 */
export function persistedKey(tree: Tree, reference: Reference): string | undefined {
  let node = tree.rootNode.descendantForIndex(reference.start, Math.max(reference.start, reference.end - 1));
  while (node && !STRINGS.has(node.type)) node = node.parent;
  if (!node || namesCode(node) || isTestTitle(node)) return undefined;
  const inner = node.text.replace(/^[a-zA-Z]*(['"`]{1,3})/, '').replace(/(['"`]{1,3})$/, '');
  return /\s/.test(inner) ? undefined : node.text;
}

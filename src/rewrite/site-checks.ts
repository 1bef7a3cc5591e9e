import type { RenamerOptions } from '../config/options.js';
import type { Conflict, Reference } from '../findings/model.js';
import { LineIndex } from '../findings/positions.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import type { ScanResult } from '../scan/scan.js';
import { ModuleReferences } from './module-references.js';
import { conflictAt, IDENTIFIERS, type FileWork } from './work.js';
import { renamedIdentifier } from './shorthand.js';
import { nodeAt } from './syntax.js';

/** The per-site checks of planning: module paths that must resolve, kept local bindings. */

/** References inside module paths whose renamed path does not resolve: listed as conflicts, never rewritten. */
export function moduleReferenceConflicts(
  work: readonly FileWork[],
  options: RenamerOptions,
  result: ScanResult,
  conflicts: Conflict[],
  /** References decided elsewhere (names imported from an allowed file): not module paths to check. */
  decided: ReadonlySet<Reference>,
  keepName: (file: string, name: string, reason: string) => void,
): Set<Reference> {
  const modules = new ModuleReferences(options.cwd, () => result.discovered.filter((file) => /\.pyi?$/.test(file)));
  const blocked = new Set<Reference>();
  for (const file of work) {
    if (!file.tree) continue;
    const bySpecifier = new Map<number, { node: SyntaxNode; submoduleOf?: string; references: Reference[] }>();
    for (const reference of file.references) {
      if (!options.kinds.has(reference.kind) || decided.has(reference)) continue;
      const found = ModuleReferences.specifierNode(file.tree, reference);
      if (!found) continue;
      const { node } = found;
      const entry = bySpecifier.get(node.id) ?? { ...found, references: [] };
      entry.references.push(reference);
      bySpecifier.set(node.id, entry);
    }
    for (const { node, submoduleOf, references } of bySpecifier.values()) {
      const problem = modules.problem(file.source, node, renamedIdentifier(node, references), submoduleOf);
      if (!problem) continue;
      const lines = new LineIndex(file.source.text);
      for (const reference of references) {
        blocked.add(reference);
        conflicts.push(conflictAt(file.source, lines, reference, problem));
      }
      // `from pkg import session_store` binds the module's name: its uses in this file keep it too.
      if (submoduleOf !== undefined) keepName(file.source.path, node.text, problem);
    }
  }
  return blocked;
}

const BINDING_PARENTS = new Set(['variable_declarator', 'required_parameter', 'optional_parameter', 'import_specifier', 'function_declaration', 'parameters', 'typed_parameter', 'default_parameter', 'typed_default_parameter']);

/** Local names whose declaration this file keeps (suppressed or allowed): their uses in shorthands keep them too. */
export function keptBindingsOf(tree: Tree, allowed: readonly Reference[]): Set<string> {
  const kept = new Set<string>();
  for (const reference of allowed) {
    const node = nodeAt(tree, reference.start, reference.end);
    if (!node || !IDENTIFIERS.has(node.type)) continue;
    const parent = node.parent;
    if (!parent) continue;
    const named = parent.childForFieldName('name')?.id === node.id || parent.childForFieldName('pattern')?.id === node.id;
    const declares = node.type === 'shorthand_property_identifier_pattern' || parent.type === 'parameters' || parent.type === 'import_specifier' ||
      (BINDING_PARENTS.has(parent.type) && (named || (parent.type === 'typed_parameter' && parent.namedChildren[0]?.id === node.id)));
    if (declares) kept.add(node.text);
  }
  return kept;
}

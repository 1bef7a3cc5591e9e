import type { Parser } from 'web-tree-sitter';
import type { SyntaxNode } from '../../lang/tree-sitter.js';

export interface PyImportedName {
  readonly name: string;
  readonly start: number;
}

export interface PyImport {
  /** The module as written, dots and all: `a.b`, `..x`, `.`. */
  readonly module: string;
  /** UTF-16 offset of the module name. */
  readonly start: number;
  /** Leading dots of a relative import; 0 for an absolute one. */
  readonly level: number;
  /** `from m import a, b`: the names, which may be submodules; empty for `import m` and `from m import *`. */
  readonly names: readonly PyImportedName[];
  /** Inside `try:` whose handler catches ImportError: an optional dependency, by design. */
  readonly guarded: boolean;
}

const CATCHES_IMPORT_ERROR = /^except\s*(:|\(?[\s\w.,]*\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b)/;

function isGuarded(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    if (parent.namedChildren.some((clause) => clause?.type === 'except_clause' && CATCHES_IMPORT_ERROR.test(clause.text))) return true;
  }
  return false;
}

const dotted = (node: SyntaxNode): string => node.text.replace(/\s+/g, '');

/** The imported module node of `x` or `x as y`. */
const nameNode = (node: SyntaxNode): SyntaxNode | null => (node.type === 'aliased_import' ? node.childForFieldName('name') : node);

function fromImport(node: SyntaxNode, guarded: boolean): PyImport | undefined {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return undefined;
  const names: PyImportedName[] = [];
  for (const child of node.childrenForFieldName('name')) {
    const name = child && nameNode(child);
    if (name) names.push({ name: dotted(name), start: name.startIndex });
  }
  const module = dotted(moduleNode);
  const level = module.length - module.replace(/^\.+/, '').length;
  return { module, start: moduleNode.startIndex, level, names, guarded };
}

/** Every `import` and `from ... import` in a file, at any depth (functions, `if TYPE_CHECKING:`, try blocks). */
export function extractPythonImports(parser: Parser, text: string): PyImport[] {
  const tree = parser.parse(text);
  if (!tree) return [];
  const imports: PyImport[] = [];
  const stack: SyntaxNode[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'import_statement') {
      const guarded = isGuarded(node);
      for (const child of node.childrenForFieldName('name')) {
        const name = child && nameNode(child);
        if (name) imports.push({ module: dotted(name), start: name.startIndex, level: 0, names: [], guarded });
      }
    } else if (node.type === 'import_from_statement') {
      const found = fromImport(node, isGuarded(node));
      if (found) imports.push(found);
    } else if (node.type !== 'future_import_statement') {
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }
  tree.delete();
  return imports;
}

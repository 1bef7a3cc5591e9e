import type { Parser } from 'web-tree-sitter';
import type { SyntaxNode } from '../../lang/tree-sitter.js';

export interface PyImportedName {
  readonly name: string;
  readonly start: number;
  /** `name as other`: the local binding is not the name itself. */
  readonly aliased?: boolean;
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
  /** `import a.b as c`: code names the module by the alias, not by its dotted path. */
  readonly aliased?: boolean;
}

/**
 * A module path written in a string: `importlib.import_module("a.b")` names a module (`module`), `mock.patch("a.b.C")`
 * a module and an attribute of it (`target`), `strawberry.lazy("a.b")` either.
 */
export interface PyStringModule {
  readonly value: string;
  /** UTF-16 offset of the string's content (after the quote). */
  readonly start: number;
  readonly kind: 'module' | 'target' | 'either';
}

/** Calls taking a module path as their first argument, by the callee's last one or two names. */
const STRING_MODULE_CALLS: ReadonlyArray<[RegExp, PyStringModule['kind']]> = [
  [/(^|\.)(import_module|__import__|importorskip)$/, 'module'],
  [/(^|\.)patch(\.dict)?$|(^|\.)(monkeypatch|mocker)\.(setattr|delattr)$/, 'target'],
  [/(^|\.)(lazy|patch\.multiple)$/, 'either'],
];

const DOTTED_PATH = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** A whole string that reads as a module path of two names or more, or an import spec (`pkg.mod:attr`). */
const LOOSE_PATH = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?$|^[A-Za-z_]\w*:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/**
 * A dotted string no known call takes (`extensions=['markdown.extensions.toc']`, `"app.main:app"` for a server, an
 * entry point's `'pkg.mod:Class'`): it may name a module, or be a logger's or a group's name that only looks like
 * one; a module move asks about it (see move-edits.ts), the import check does not.
 */
export interface PyLooseString {
  readonly value: string;
  /** UTF-16 offset of the string's content. */
  readonly start: number;
}

/** The content of a plain string literal (no f-string, no concatenation, no escapes), or undefined. */
function plainContent(string: SyntaxNode): SyntaxNode | undefined {
  const parts = string.namedChildren.filter((child) => child?.type !== 'string_start' && child?.type !== 'string_end');
  const content = parts[0];
  return parts.length === 1 && content?.type === 'string_content' && !/^[rbuRBU]*[fF]/.test(string.text) ? content : undefined;
}

function stringModule(call: SyntaxNode): PyStringModule | undefined {
  const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '');
  if (!callee) return undefined;
  const kind = STRING_MODULE_CALLS.find(([pattern]) => pattern.test(callee))?.[1];
  if (!kind) return undefined;
  const first = call.childForFieldName('arguments')?.namedChild(0);
  if (first?.type !== 'string') return undefined;
  // Only a plain literal: an f-string or a concatenation names a module renamer cannot know.
  const content = plainContent(first);
  if (!content || !DOTTED_PATH.test(content.text) || (kind === 'target' && !content.text.includes('.'))) return undefined;
  return { value: content.text, start: content.startIndex, kind };
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
    if (name) names.push({ name: dotted(name), start: name.startIndex, ...(child.type === 'aliased_import' ? { aliased: true } : {}) });
  }
  const module = dotted(moduleNode);
  const level = module.length - module.replace(/^\.+/, '').length;
  return { module, start: moduleNode.startIndex, level, names, guarded };
}

/** Every `import` and `from ... import` in a file, at any depth (functions, `if TYPE_CHECKING:`, try blocks). */
export function extractPythonImports(parser: Parser, text: string): PyImport[] {
  return extractPythonModules(parser, text).imports;
}

/** The imports of a file, the module paths it writes in strings (PyStringModule), and other dotted strings. */
export function extractPythonModules(parser: Parser, text: string): { imports: PyImport[]; strings: PyStringModule[]; loose: PyLooseString[] } {
  const tree = parser.parse(text);
  if (!tree) return { imports: [], strings: [], loose: [] };
  const imports: PyImport[] = [];
  const strings: PyStringModule[] = [];
  const loose: PyLooseString[] = [];
  const taken = new Set<number>();
  const stack: SyntaxNode[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'import_statement') {
      const guarded = isGuarded(node);
      for (const child of node.childrenForFieldName('name')) {
        const name = child && nameNode(child);
        if (name) imports.push({ module: dotted(name), start: name.startIndex, level: 0, names: [], guarded, ...(child.type === 'aliased_import' ? { aliased: true } : {}) });
      }
    } else if (node.type === 'import_from_statement') {
      const found = fromImport(node, isGuarded(node));
      if (found) imports.push(found);
    } else if (node.type !== 'future_import_statement') {
      if (node.type === 'call') {
        const found = stringModule(node);
        if (found) {
          strings.push(found);
          taken.add(found.start);
        }
      } else if (node.type === 'string') {
        const content = plainContent(node);
        if (content && !taken.has(content.startIndex) && LOOSE_PATH.test(content.text)) loose.push({ value: content.text, start: content.startIndex });
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }
  tree.delete();
  return { imports, strings, loose };
}

import type { Language } from '../findings/model.js';
import { loadParser, type GrammarName, type SyntaxNode, type Tree } from '../lang/tree-sitter.js';

/**
 * Syntax trees for the rewrite passes (shorthand properties, conflicts, import paths). Parsed once per file and
 * only for files that have something to rewrite; the parsers are loaded once.
 */
export class SyntaxTrees {
  private readonly parsers = new Map<GrammarName, Awaited<ReturnType<typeof loadParser>>>();
  private readonly trees = new Map<string, Tree | undefined>();

  async load(grammars: Iterable<GrammarName>): Promise<void> {
    for (const grammar of grammars) {
      if (!this.parsers.has(grammar)) this.parsers.set(grammar, await loadParser(grammar));
    }
  }

  /** The tree of a file, or undefined when its grammar was not loaded or it does not parse. */
  get(path: string, language: Language, text: string): Tree | undefined {
    if (this.trees.has(path)) return this.trees.get(path);
    const grammar = grammarOf(path, language);
    const parser = grammar && this.parsers.get(grammar);
    const tree = parser ? (parser.parse(text) ?? undefined) : undefined;
    this.trees.set(path, tree);
    return tree;
  }
}

export function grammarOf(path: string, language: Language): GrammarName | undefined {
  if (language === 'python') return 'python';
  if (language !== 'typescript' && language !== 'javascript') return undefined;
  // JSX only parses with the tsx grammar; plain .ts must not, because `<T>x` casts mean something else there.
  return /\.(tsx|jsx|js|mjs|cjs)$/.test(path) ? 'tsx' : 'typescript';
}

/** The smallest named node that contains [start, end): the identifier, string or comment a reference stands in. */
export function nodeAt(tree: Tree, start: number, end: number): SyntaxNode | undefined {
  return tree.rootNode.namedDescendantForIndex(start, Math.max(start, end - 1)) ?? undefined;
}

/** The closest ancestor (or the node itself) whose type is in `types`. */
export function closest(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (types.has(current.type)) return current;
  }
  return undefined;
}

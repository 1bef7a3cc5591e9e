import type { Analysis, LanguageAnalyzer, RawReference } from '../analyzer.js';
import { LineIndex } from '../../findings/positions.js';
import { loadParser } from '../tree-sitter.js';
import type { Parser, Tree } from 'web-tree-sitter';
import type { WordMatch } from '../../words/index.js';
import { classifyLeaf } from './classify.js';
import { findIndentationError } from './indentation.js';
import { ScopeResolver } from './scopes.js';
import { findSyntaxError } from './syntax-error.js';
import { collisionsOf, type ClassifiedMatch } from '../../symbols/collisions.js';

let parser: Parser | undefined;

/** The error CPython would report first: an indentation error on or before the first syntax error's line wins. */
function parseError(tree: Tree, text: string): string | undefined {
  // Line starts are needed only to word an error, which most files do not have.
  let index: LineIndex | undefined;
  const lines = (): LineIndex => (index ??= new LineIndex(text));
  const syntax = findSyntaxError(tree, text, lines);
  const indentation = findIndentationError(text);
  if (indentation && (!syntax || lines().lineOf(indentation.offset) <= lines().lineOf(syntax.offset))) return indentation.message;
  return syntax?.message;
}

function analyzeTree(tree: Tree, text: string, matches: readonly WordMatch[]): Analysis {
  const error = parseError(tree, text);
  if (error) return { references: [], error };
  const resolver = new ScopeResolver();
  const root = tree.rootNode;
  const classified: ClassifiedMatch[] = [];
  const references: RawReference[] = matches.map((match) => {
    // The node holding the match's first character: an identifier, a string part or a comment.
    const leaf = root.descendantForIndex(match.start, match.start + 1) ?? root;
    const kind = classifyLeaf(leaf, resolver);
    classified.push({ node: leaf, start: match.start, end: match.end, replacement: match.replacement, kind });
    return { start: match.start, end: match.end, text: match.text, replacement: match.replacement, kind };
  });
  const conflicts = collisionsOf('python', classified).map(({ start, end, text: name, reason }) => ({ start, end, text: name, reason }));
  return conflicts.length > 0 ? { references, conflicts } : { references };
}

/** Python (.py, .pyi) through tree-sitter-python: every match is classified by the syntax node it stands in. */
export const pythonAnalyzer: LanguageAnalyzer = {
  language: 'python',
  async load() {
    parser ??= await loadParser('python');
  },
  analyze(file, matcher) {
    const matches = matcher.matchAll(file.text);
    // A file without a match is never parsed: its syntax errors do not concern the rename.
    if (matches.length === 0) return { references: [] };
    if (!parser) return { references: [], error: 'the Python parser was not loaded' };
    let tree: Tree | null = null;
    try {
      tree = parser.parse(file.text);
      if (!tree) return { references: [], error: 'the Python parser returned no tree' };
      return analyzeTree(tree, file.text, matches);
    } catch (cause) {
      // A crash in the grammar must not end the scan: the file becomes an error entry.
      return { references: [], error: `cannot analyze: ${cause instanceof Error ? cause.message : String(cause)}` };
    } finally {
      tree?.delete();
    }
  },
};

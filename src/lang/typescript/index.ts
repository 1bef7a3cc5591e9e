import type { Analysis, LanguageAnalyzer, RawConflict, RawReference, SourceFile } from '../analyzer.js';
import type { WordMatcher } from '../../words/index.js';
import { loadParser, type GrammarName, type SyntaxNode } from '../tree-sitter.js';
import type { Kind } from '../../findings/model.js';
import type { Parser } from 'web-tree-sitter';
import { SiteClassifier } from './classify.js';
import { loadGlobals, type Globals } from './globals.js';
import { ScopeResolver } from './scope.js';
import { isDependencySpecifier } from './dependencies.js';
import { parseWithTypeScript } from './fallback-parse.js';
import { FallbackClassifier } from './fallback-classify.js';
import { inRegions, recoveredRegions, type Region } from './recovered-regions.js';
import { collisionsOf, type ClassifiedMatch } from '../../symbols/collisions.js';
import { isOwnedReference, mentionsJsDocTypes } from './member-sites.js';

/** JSX is common in plain `.js` files, and the tsx grammar reads every JavaScript file the JS grammar does. */
export function grammarFor(path: string): GrammarName {
  const extension = path.slice(path.lastIndexOf('.')).toLowerCase();
  return extension === '.ts' || extension === '.mts' || extension === '.cts' ? 'typescript' : 'tsx';
}

interface Loaded {
  readonly parsers: ReadonlyMap<GrammarName, Parser>;
  readonly globals: Globals;
}

function analyzeWith(loaded: Loaded, file: SourceFile, matcher: WordMatcher): Analysis {
  const matches = matcher.matchAll(file.text);
  if (matches.length === 0) return { references: [] };
  const grammar = grammarFor(file.path);
  const parser = loaded.parsers.get(grammar);
  if (!parser) throw new Error(`the ${grammar} grammar is not loaded for ${file.path}`);
  const tree = parser.parse(file.text);
  if (!tree) return { references: [], error: 'the parser gave up on this file' };
  try {
    const root = tree.rootNode;
    const isDependency = (specifier: string) => isDependencySpecifier(specifier, file.absolutePath);
    // tree-sitter's grammar rejects some valid code: only a file TypeScript's parser rejects too is an error.
    let fallback: { regions: Region[]; classifier: FallbackClassifier } | undefined;
    if (root.hasError) {
      const regions = recoveredRegions(root);
      if (!javaScriptVouches(loaded, file, regions, matches)) {
        const parsed = parseWithTypeScript(file.absolutePath, file.text);
        if ('error' in parsed) return { references: [], error: parsed.error };
        fallback = { regions, classifier: new FallbackClassifier(parsed, loaded.globals, isDependency) };
      }
    }
    const classifier = new SiteClassifier(new ScopeResolver(isDependency), loaded.globals, isDependency);
    const references: RawReference[] = [];
    const conflicts: RawConflict[] = [];
    const declarations: ClassifiedMatch[] = [];
    const jsDocTypes = mentionsJsDocTypes(file.language, file.text);
    for (const { start, end, text, replacement } of matches) {
      if (fallback && inRegions(fallback.regions, start, end)) {
        const site = fallback.classifier.classify(start, end);
        if (!site) continue;
        if ('conflict' in site) references.push({ start, end, text, replacement, kind: 'variable', foreign: site.conflict });
        else references.push({ start, end, text, replacement, kind: site.kind });
        continue;
      }
      const node = root.descendantForIndex(start, end);
      const site = node && classifier.classify(node);
      if (!site) continue;
      if ('conflict' in site) references.push({ start, end, text, replacement, kind: foreignKind(node), foreign: site.conflict });
      else {
        if (isOwnedReference(node, site.kind, jsDocTypes)) references.push({ start, end, text, replacement, kind: site.kind, owned: true });
        else references.push({ start, end, text, replacement, kind: site.kind });
        declarations.push({ node, start, end, replacement, kind: site.kind });
      }
    }
    for (const { start, end, text, reason } of collisionsOf(file.language, declarations)) conflicts.push({ start, end, text, reason });
    return conflicts.length > 0 ? { references, conflicts } : { references };
  } finally {
    // Trees live in wasm memory, which the JS garbage collector does not see.
    tree.delete();
  }
}

/**
 * Whether a JavaScript file the tsx grammar stumbled on needs no TypeScript verdict: no match lies where the tsx
 * tree recovered (so every match is classified from a sound tree), and the plain JavaScript grammar parses the whole
 * file without an error (so the file is not broken). The tsx grammar reads minified `i<=0?.1:i/100` as optional
 * chaining (`?.`), which the JavaScript grammar does not. TypeScript's parser would settle the same question, but it
 * costs the compiler's load and a slower parse: streamlit's vendored 800 KB bokeh.esm.js took 1.28 s alone, 0.82 s
 * with this verdict. A file that the JavaScript grammar accepts but TypeScript's parser would reject is then scanned
 * instead of listed as an error; none is known.
 */
function javaScriptVouches(loaded: Loaded, file: SourceFile, regions: readonly Region[], matches: readonly { start: number; end: number }[]): boolean {
  const parser = loaded.parsers.get('javascript');
  if (file.language !== 'javascript' || !parser) return false;
  if (matches.some(({ start, end }) => inRegions(regions, start, end))) return false;
  const tree = parser.parse(file.text);
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** The kind a foreign site would have as a reference: apply asks the engine about it, and reports it by kind. */
function foreignKind(node: SyntaxNode): Kind {
  for (let at: SyntaxNode | null = node; at; at = at.parent) if (at.type === 'import_statement') return 'import';
  return node.parent?.type === 'member_expression' ? 'member' : 'variable';
}

function createAnalyzer(language: 'typescript' | 'javascript', grammars: readonly GrammarName[]): LanguageAnalyzer {
  let loading: Promise<Loaded> | undefined;
  let loaded: Loaded | undefined;
  return {
    language,
    async load() {
      loading ??= (async () => {
        const parsers = await Promise.all(grammars.map(async (grammar) => [grammar, await loadParser(grammar)] as const));
        return { parsers: new Map(parsers), globals: await loadGlobals() };
      })();
      loaded = await loading;
    },
    analyze(file, matcher) {
      if (!loaded) throw new Error(`the ${language} analyzer was used before load() finished`);
      try {
        return analyzeWith(loaded, file, matcher);
      } catch (error) {
        // A bad file is a status in the report, never the end of the run.
        return { references: [], error: `cannot analyze: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}

export const typescriptAnalyzer: LanguageAnalyzer = createAnalyzer('typescript', ['typescript', 'tsx']);
export const javascriptAnalyzer: LanguageAnalyzer = createAnalyzer('javascript', ['tsx', 'javascript']);

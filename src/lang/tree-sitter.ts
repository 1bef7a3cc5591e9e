import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

/** The wasm grammars the grammar packages ship; no native build step is involved. */
const GRAMMARS = {
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  // The JavaScript grammar tree-sitter-typescript is built on: a second opinion on JavaScript files (see
  // src/lang/typescript/index.ts), never a tree to classify.
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
} as const;
export type GrammarName = keyof typeof GRAMMARS;

let initialised: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();

/** Loads (once per process) the grammar and returns a parser for it. */
export async function loadParser(grammar: GrammarName): Promise<Parser> {
  initialised ??= Parser.init();
  await initialised;
  let language = languages.get(grammar);
  if (!language) {
    language = Language.load(require.resolve(GRAMMARS[grammar]));
    languages.set(grammar, language);
  }
  const parser = new Parser();
  parser.setLanguage(await language);
  return parser;
}

export type { Node as SyntaxNode, Tree } from 'web-tree-sitter';

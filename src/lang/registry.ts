import type { Language, LanguageAnalyzer } from './analyzer.js';
import { hasNoExtension, scriptLanguageOf, scriptLanguageOfText } from './script-language.js';

const EXTENSIONS: ReadonlyMap<string, Language> = new Map(Object.entries({
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.sql': 'sql',
  '.md': 'text',
  '.markdown': 'text',
  '.txt': 'text',
  '.rst': 'text',
  '.json': 'text',
  '.jsonc': 'text',
  '.yaml': 'text',
  '.yml': 'text',
  '.toml': 'text',
  '.ini': 'text',
  '.cfg': 'text',
  '.env': 'text',
  '.html': 'text',
  '.htm': 'text',
  '.css': 'text',
  '.scss': 'text',
  '.graphql': 'text',
  '.proto': 'text',
  '.sh': 'text',
  '.xml': 'text',
  '.csv': 'text',
} satisfies Record<string, Language>));

/** Extension-less files matched by name. (Maps, not objects: a file named `constructor` is no language.) */
const NAMES: ReadonlyMap<string, Language> = new Map([
  ['Dockerfile', 'text'],
  ['Makefile', 'text'],
]);

/**
 * The language of a file by its name: dotenv files (`.env`, `.env.local`), then the extension, then the whole name.
 * Called for every file of a tree, more than once: it slices at most one string.
 */
export function languageOf(fileName: string): Language | undefined {
  const start = fileName.lastIndexOf('/') + 1;
  if (fileName.startsWith('.env', start) && (fileName.length === start + 4 || fileName.charCodeAt(start + 4) === 46)) return 'text';
  const dot = fileName.lastIndexOf('.');
  if (dot <= start) return NAMES.get(fileName.slice(start));
  const extension = fileName.slice(dot);
  return EXTENSIONS.get(extension) ?? EXTENSIONS.get(extension.toLowerCase());
}

/**
 * The language of a file on disk: by its name, else, for a name without an extension, by its `#!` line. A Node
 * script installed as a command has no extension (commander's examples/deploy and tests/fixtures/pm: left unread,
 * they still called the renamed `.addHelpText(` and crashed). Only such files have their first bytes read.
 */
export function languageOfFile(absolutePath: string): Language | undefined {
  return languageOf(absolutePath) ?? (isScriptName(absolutePath) ? scriptLanguageOf(absolutePath) : undefined);
}

/** As languageOfFile, for a file whose text is read already. */
export function languageOfText(fileName: string, text: string): Language | undefined {
  return languageOf(fileName) ?? (isScriptName(fileName) ? scriptLanguageOfText(text) : undefined);
}

/** A name without an extension that names no known file (Makefile). */
const isScriptName = (fileName: string): boolean => hasNoExtension(fileName) && !NAMES.has(fileName.slice(fileName.lastIndexOf('/') + 1));


/** Imported on first need: a tree without Python files never loads the Python analyzer, nor its parser. */
const ANALYZERS: Readonly<Record<Language, () => Promise<LanguageAnalyzer>>> = {
  typescript: async () => (await import('./typescript/index.js')).typescriptAnalyzer,
  javascript: async () => (await import('./typescript/index.js')).javascriptAnalyzer,
  python: async () => (await import('./python/index.js')).pythonAnalyzer,
  sql: async () => (await import('./sql/index.js')).sqlAnalyzer,
  text: async () => (await import('./text/index.js')).textAnalyzer,
};

/** The analyzer for a language, with its parser loaded and ready for synchronous `analyze` calls. */
export async function loadAnalyzer(language: Language): Promise<LanguageAnalyzer> {
  const analyzer = await ANALYZERS[language]();
  await analyzer.load();
  return analyzer;
}

import type { Language, LanguageAnalyzer } from './analyzer.js';

const EXTENSIONS: Readonly<Record<string, Language>> = {
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
};

/** Extension-less files matched by name, and dotenv variants (`.env.local`). */
const NAMES: Readonly<Record<string, Language>> = {
  Dockerfile: 'text',
  Makefile: 'text',
  '.env': 'text',
};

export function languageOf(fileName: string): Language | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  if (NAMES[base]) return NAMES[base];
  if (base.startsWith('.env.')) return 'text';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return EXTENSIONS[base.slice(dot).toLowerCase()];
}

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

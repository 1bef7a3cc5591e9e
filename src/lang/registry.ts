import type { Language, LanguageAnalyzer } from './analyzer.js';
import { typescriptAnalyzer, javascriptAnalyzer } from './typescript/index.js';
import { pythonAnalyzer } from './python/index.js';
import { sqlAnalyzer } from './sql/index.js';
import { textAnalyzer } from './text/index.js';

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

const ANALYZERS: Readonly<Record<Language, LanguageAnalyzer>> = {
  typescript: typescriptAnalyzer,
  javascript: javascriptAnalyzer,
  python: pythonAnalyzer,
  sql: sqlAnalyzer,
  text: textAnalyzer,
};

export const analyzerFor = (language: Language): LanguageAnalyzer => ANALYZERS[language];

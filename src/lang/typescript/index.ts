import type { LanguageAnalyzer } from '../analyzer.js';
import { textAnalyzer } from '../text/index.js';

// Placeholder until the TypeScript analyzer lands.
export const typescriptAnalyzer: LanguageAnalyzer = { ...textAnalyzer, language: 'typescript' };
export const javascriptAnalyzer: LanguageAnalyzer = { ...textAnalyzer, language: 'javascript' };

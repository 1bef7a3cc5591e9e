import type { LanguageAnalyzer } from '../analyzer.js';
import { textAnalyzer } from '../text/index.js';

// Placeholder until the python analyzer lands: plain word matching, reported as text.
export const pythonAnalyzer: LanguageAnalyzer = { ...textAnalyzer, language: 'python' };

import type { LanguageAnalyzer } from '../analyzer.js';
import { textAnalyzer } from '../text/index.js';

// Placeholder until the sql analyzer lands: plain word matching, reported as text.
export const sqlAnalyzer: LanguageAnalyzer = { ...textAnalyzer, language: 'sql' };

import type { LanguageAnalyzer } from '../analyzer.js';

/** Prose and data files: every match is `text`; nothing to parse. */
export const textAnalyzer: LanguageAnalyzer = {
  language: 'text',
  async load() {},
  analyze(file, matcher) {
    return {
      references: matcher.matchAll(file.text).map((match) => ({
        start: match.start,
        end: match.end,
        text: match.text,
        replacement: match.replacement,
        kind: 'text' as const,
      })),
    };
  },
};

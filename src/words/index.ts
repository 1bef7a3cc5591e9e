export { createMatcher, compileRename, type Rename, type WordMatch, type WordMatcher } from './matcher.js';
export { splitWords, splitWordsAsWritten, wordCase, applyCase, type WordCase } from './split.js';

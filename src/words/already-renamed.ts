import pluralize from 'pluralize';
import { nameEnd, nameStart } from './chars.js';
import { splitWords } from './split.js';

/**
 * Where the old words stand inside the new name: `user` → `app_user` puts ["app"] before them. A site that already
 * reads as the new name (`app_user`, `getAppUser`, `APP_USER`) is what an earlier apply wrote, not a reference:
 * without this a second apply would write `app_app_user` and check would never pass after a correct apply.
 */
export interface Embedding {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export function embeddingsOf(fromWords: readonly string[], toWords: readonly string[]): Embedding[] {
  const embeddings: Embedding[] = [];
  for (let k = 0; k + fromWords.length <= toWords.length; k++) {
    if (!fromWords.every((word, i) => toWords[k + i] === word)) continue;
    const before = toWords.slice(0, k);
    const after = toWords.slice(k + fromWords.length);
    if (before.length + after.length > 0) embeddings.push({ before, after });
  }
  return embeddings;
}

const sameWords = (actual: readonly string[], expected: readonly string[], pluralLast: boolean): boolean =>
  expected.every((word, i) => actual[i] === word || (pluralLast && i === expected.length - 1 && actual[i] === pluralize.plural(word)));

/** The match `text[start, end)` stands inside the new name: the words around it are the new name's other words. */
export function readsAsReplacement(text: string, start: number, end: number, embeddings: readonly Embedding[]): boolean {
  return embeddings.some(({ before, after }) => {
    if (before.length > 0) {
      const words = splitWords(text.slice(nameStart(text, start), start));
      if (words.length < before.length || !sameWords(words.slice(words.length - before.length), before, false)) return false;
    }
    if (after.length > 0) {
      const words = splitWords(text.slice(end, nameEnd(text, end)));
      if (words.length < after.length || !sameWords(words, after, true)) return false;
    }
    return true;
  });
}

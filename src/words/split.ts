/**
 * Splits a name in any case style into lower-case words:
 * `session_id`, `sessionId`, `SESSION_ID`, `session-id`, `SessionID` all give ["session", "id"].
 */
export function splitWords(name: string): string[] {
  const words: string[] = [];
  // Acronym runs end before a capital that starts a lower-case word: `XMLParser` → XML, Parser.
  const pattern = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g;
  for (const match of name.matchAll(pattern)) words.push(match[0].toLowerCase());
  return words;
}

export type WordCase = 'lower' | 'capital' | 'upper';

/** The case of one word as written; `null` when it is none of the three styles (`sESSION`). */
export function wordCase(word: string): WordCase | null {
  if (word === word.toLowerCase()) return 'lower';
  if (word === word.toUpperCase()) return 'upper';
  const head = word[0];
  const tail = word.slice(1);
  if (head === head.toUpperCase() && tail === tail.toLowerCase()) return 'capital';
  return null;
}

export function applyCase(word: string, style: WordCase): string {
  switch (style) {
    case 'lower':
      return word.toLowerCase();
    case 'upper':
      return word.toUpperCase();
    case 'capital':
      return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  }
}

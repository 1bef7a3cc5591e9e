import { describe, expect, it } from 'vitest';
import type { Reference } from '../../src/findings/model.js';
import { loadParser } from '../../src/lang/tree-sitter.js';
import { persistedKey } from '../../src/rewrite/persisted.js';

/** persistedKey for the first `word` in `text`, parsed as TypeScript. */
async function keyOf(text: string, word: string): Promise<string | undefined> {
  const tree = (await loadParser('typescript')).parse(text)!;
  const start = text.indexOf(word);
  try {
    return persistedKey(tree, { start, end: start + word.length } as Reference);
  } finally {
    tree.delete();
  }
}

describe('persistedKey (the summary\'s "Persisted data")', () => {
  it('lists a key-shaped string the program may store under', async () => {
    expect(await keyOf("localStorage.setItem('produceWithPatches', v);", 'produceWithPatches')).toBe("'produceWithPatches'");
    expect(await keyOf('const row = { kind: "exit-override" };', 'exit-override')).toBe('"exit-override"');
  });

  it('leaves out prose and test titles, which nothing stores (immer\'s and commander\'s renamed titles were listed)', async () => {
    expect(await keyOf("log('the produceWithPatches result');", 'produceWithPatches')).toBeUndefined();
    expect(await keyOf("test('produceWithPatches', () => {});", 'produceWithPatches')).toBeUndefined();
    expect(await keyOf("describe.each([1])('getOptionValueSource', () => {});", 'getOptionValueSource')).toBeUndefined();
    expect(await keyOf("it.only('sessionId', () => {});", 'sessionId')).toBeUndefined();
    // The second argument of a runner's call is no title.
    expect(await keyOf("test(name, 'sessionId');", 'sessionId')).toBe("'sessionId'");
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { LineIndex } from '../../../src/findings/positions.js';
import { loadParser } from '../../../src/lang/tree-sitter.js';
import * as fallbackParse from '../../../src/lang/typescript/fallback-parse.js';
import { grammarFor, javascriptAnalyzer } from '../../../src/lang/typescript/index.js';
import { createMatcher } from '../../../src/words/index.js';

// Passed through, and counted: whether the analyzer asked TypeScript for its verdict. A module replaced with vi.mock
// needs a module graph of its own (the "isolated" project in vitest.config.ts).
vi.mock('../../../src/lang/typescript/fallback-parse.js', async (original) => {
  const actual = await original<typeof import('../../../src/lang/typescript/fallback-parse.js')>();
  return { ...actual, parseWithTypeScript: vi.fn(actual.parseWithTypeScript) };
});

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures');
const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);

async function analyze(fixture: string, relative: string) {
  const absolutePath = path.join(FIXTURES, fixture, relative);
  const text = readFileSync(absolutePath, 'utf8');
  await javascriptAnalyzer.load();
  const analysis = javascriptAnalyzer.analyze({ absolutePath, path: relative, text, language: 'javascript' }, matcher);
  const lines = new LineIndex(text);
  const sites = analysis.references.map(({ start, text: matched, kind }) => `${lines.position(start).line}:${lines.position(start).column} ${matched} ${kind}`);
  const tree = (await loadParser(grammarFor(relative))).parse(text)!;
  const tsxRejects = tree.rootNode.hasError;
  tree.delete();
  return { analysis, sites, tsxRejects };
}

describe('a JavaScript file the tsx grammar rejects (fixtures/js-minified, fixtures/ts-parse-fallback)', () => {
  const askedTypeScript = vi.mocked(fallbackParse.parseWithTypeScript);

  it("takes the JavaScript grammar's clean parse as the verdict when no match is where tsx recovered", async () => {
    askedTypeScript.mockClear();
    // `i <= 0?.1:i / 100`, from a vendored bundle: tsx reads `?.` as optional chaining.
    const minified = await analyze('js-minified', 'scale.min.js');
    expect(minified.tsxRejects).toBe(true);
    expect(minified.analysis.error).toBeUndefined();
    expect(minified.sites).toEqual(['2:29 sessionId parameter', '2:82 sessionId parameter', '3:14 session_id variable', '3:46 session_id string']);
    expect(askedTypeScript).not.toHaveBeenCalled();
  });

  it('still asks TypeScript when a match is inside the recovered region, or when the JavaScript grammar rejects the file too', async () => {
    askedTypeScript.mockClear();
    const legend = await analyze('ts-parse-fallback', 'src/Legend.jsx');
    expect(legend.tsxRejects).toBe(true);
    expect(askedTypeScript).toHaveBeenCalledTimes(1);
    expect(legend.sites).toEqual(['2:26 session_id parameter', '2:53 session_id parameter', '2:76 session_id string', '2:94 session_id parameter']);
    // Type annotations in a .jsx file: both grammars stumble, and TypeScript's verdict is an error.
    const typesIn = await analyze('ts-parse-fallback', 'src/types-in.jsx');
    expect(askedTypeScript).toHaveBeenCalledTimes(2);
    expect(typesIn.analysis).toEqual({ references: [], error: 'syntax error at line 2, column 36' });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LanguageAnalyzer } from '../../../src/lang/analyzer.js';
import { LineIndex } from '../../../src/findings/positions.js';
import { languageOf } from '../../../src/lang/registry.js';
import { loadParser } from '../../../src/lang/tree-sitter.js';
import { FallbackClassifier } from '../../../src/lang/typescript/fallback-classify.js';
import { parseWithTypeScript } from '../../../src/lang/typescript/fallback-parse.js';
import { loadGlobals } from '../../../src/lang/typescript/globals.js';
import { isDependencySpecifier } from '../../../src/lang/typescript/dependencies.js';
import { grammarFor, javascriptAnalyzer, typescriptAnalyzer } from '../../../src/lang/typescript/index.js';
import { recoveredRegions } from '../../../src/lang/typescript/recovered-regions.js';
import { createMatcher } from '../../../src/words/index.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures');
const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);

async function analyze(fixture: string, relative: string) {
  const absolutePath = path.join(FIXTURES, fixture, relative);
  const text = readFileSync(absolutePath, 'utf8');
  const language = languageOf(relative) as 'typescript' | 'javascript';
  const analyzer: LanguageAnalyzer = language === 'typescript' ? typescriptAnalyzer : javascriptAnalyzer;
  await analyzer.load();
  const analysis = analyzer.analyze({ absolutePath, path: relative, text, language }, matcher);
  const lines = new LineIndex(text);
  const sites = analysis.references.map(({ start, text: matched, kind }) => `${lines.position(start).line}:${lines.position(start).column} ${matched} ${kind}`);
  return { text, analysis, sites };
}

async function treeSitterRejects(relative: string, text: string): Promise<boolean> {
  const tree = (await loadParser(grammarFor(relative))).parse(text)!;
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

describe('files tree-sitter rejects but TypeScript parses (fixtures/ts-parse-fallback)', () => {
  it('are analyzed, not listed as errors', async () => {
    for (const file of ['src/session.test.ts', 'src/queries.ts', 'src/Banner.tsx', 'src/Legend.jsx']) {
      const { text, analysis } = await analyze('ts-parse-fallback', file);
      expect(await treeSitterRejects(file, text), file).toBe(true);
      expect(analysis.error, file).toBeUndefined();
      expect(analysis.references.length, file).toBeGreaterThan(0);
    }
  });

  it("classifies the matches inside the recovered region from TypeScript's tree", async () => {
    const mock = await analyze('ts-parse-fallback', 'src/session.test.ts');
    // `const sessionIdModule = await importOriginal<typeof import('./session-id')>();`
    expect(mock.sites).toContain('6:9 sessionId variable');
    expect(mock.sites).toContain("6:65 session-id import");
    // `...(await importOriginal<typeof import('./session_id_store')>()),`
    expect(mock.sites).toContain('11:45 session_id import');
    // Outside the region tree-sitter's tree is sound and decides: a key, a parameter, a use.
    expect(mock.sites).toContain('12:3 sessionId property');
    expect(mock.sites).toContain('12:18 sessionId parameter');
    expect(mock.sites).toContain('18:64 sessionId variable');

    const queries = await analyze('ts-parse-fallback', 'src/queries.ts');
    // `sql<{ session_id: string }[]>`SELECT session_id …``: a typed tagged template.
    expect(queries.sites).toEqual(['3:19 session_id comment', '5:28 session_id property', '5:59 session_id string', '6:32 session_id member']);

    // A bare `&` in JSX text: the text around it is prose.
    const legend = await analyze('ts-parse-fallback', 'src/Legend.jsx');
    expect(legend.sites).toEqual(['2:26 session_id parameter', '2:53 session_id parameter', '2:76 session_id string', '2:94 session_id parameter']);
  });

  it('lists a file TypeScript rejects too, at the position tsc reports', async () => {
    expect((await analyze('ts-parse-fallback', 'src/broken.ts')).analysis).toEqual({ references: [], error: 'syntax error at line 2, column 42' });
    // Valid TSX syntax, but type annotations in a JavaScript file are a syntax error to TypeScript.
    expect((await analyze('ts-parse-fallback', 'src/types-in.jsx')).analysis).toEqual({ references: [], error: 'syntax error at line 2, column 36' });
  });
});

describe('recovered regions', () => {
  const regionsOf = async (grammar: 'typescript' | 'tsx', text: string): Promise<string[]> => {
    const tree = (await loadParser(grammar)).parse(text)!;
    try {
      return recoveredRegions(tree.rootNode).map(({ start, end }) => text.slice(start, end));
    } finally {
      tree.delete();
    }
  };

  it('take the statement tree-sitter cut short before an error in a block', async () => {
    expect(await regionsOf('typescript', 'const a = f<typeof import("./q")>();\nconst b = 1;\n')).toEqual(['const a = f<typeof import("./q")>();']);
  });

  it("take the error's parent when it is not a sequence", async () => {
    expect(await regionsOf('typescript', 'g({ ...(await f<typeof import("./q")>()), x: 1 });')).toEqual(['(await f<typeof import("./q")>())']);
  });

  it('are empty for a clean tree', async () => {
    expect(await regionsOf('tsx', 'export const a = <p>{b}</p>;')).toEqual([]);
  });
});

describe("the fallback classifier agrees with tree-sitter's on files both parse (fixtures/ts-kinds)", () => {
  const root = path.join(FIXTURES, 'ts-kinds');
  const files = (readdirSync(root, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(file) && !file.includes('broken/'));

  it.each(files)('%s', async (file) => {
    const { text, analysis } = await analyze('ts-kinds', file);
    if (analysis.error) return;
    const parsed = parseWithTypeScript(path.join(root, file), text);
    if ('error' in parsed) throw new Error(parsed.error);
    const classifier = new FallbackClassifier(parsed, await loadGlobals(), (specifier) => isDependencySpecifier(specifier, path.join(root, file)));
    const lines = new LineIndex(text);
    const where = (start: number, matched: string) => `${file}:${lines.position(start).line}:${lines.position(start).column} ${matched}`;
    for (const reference of analysis.references) {
      const site = classifier.classify(reference.start, reference.end);
      expect(site && 'kind' in site ? site.kind : site, where(reference.start, reference.text)).toBe(reference.kind);
    }
    for (const conflict of analysis.conflicts ?? []) {
      const site = classifier.classify(conflict.start, conflict.end);
      expect(site && 'conflict' in site ? site.conflict : site, where(conflict.start, conflict.text)).toBe(conflict.reason);
    }
  });
});

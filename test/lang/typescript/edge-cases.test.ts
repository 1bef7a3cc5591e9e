import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../../src/words/index.js';
import { grammarFor, typescriptAnalyzer } from '../../../src/lang/typescript/index.js';
import { analyzeFixture, FIXTURE, ref, siteAt } from './fixture.js';

const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function fixtureFiles(dir = path.join(FIXTURE, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? fixtureFiles(path.join(dir, entry.name)) : CODE.test(entry.name) ? [path.relative(FIXTURE, path.join(dir, entry.name))] : [],
  );
}

describe('what does not match', () => {
  it('leaves session_identifier, obsession_id and sessionid alone', async () => {
    const keys = await analyzeFixture('src/storage/keys.ts');
    const line = keys.text.split('\n')[5];
    for (const word of ["'sessionid'", "'session_identifier'", "'obsession_id'"]) expect(line).toContain(word);
    expect(keys.references.filter((site) => site.line === 5 || site.line === 6)).toEqual([]);
  });
});

describe('conflicts with the standard libraries', () => {
  it('reports sessionStorage and window.sessionStorage as conflicts, not references', async () => {
    const keys = await analyzeFixture('src/storage/keys.ts', 'session', 'flow');
    expect(keys.conflicts).toEqual([
      { line: 13, column: 17, text: 'session', reason: 'declared outside the project (lib.dom.d.ts: window.sessionStorage)' },
      { line: 13, column: 59, text: 'session', reason: 'declared outside the project (lib.dom.d.ts: sessionStorage)' },
      { line: 17, column: 3, text: 'session', reason: 'declared outside the project (lib.dom.d.ts: sessionStorage)' },
    ]);
    for (const conflict of keys.conflicts) expect(siteAt(keys.references, conflict.line, conflict.column)).toBeUndefined();
    // The user's own `sessionCache` next to it is still a reference.
    expect(siteAt(keys.references, 18, 3)).toEqual(ref(18, 3, 'session', 'flow', 'variable'));
  });
});

describe('the generated globals list', () => {
  it('was generated from the installed typescript (rerun scripts/generate-ts-globals.mjs after an upgrade)', () => {
    const require = createRequire(import.meta.url);
    const installed = (require('typescript/package.json') as { version: string }).version;
    const generated = JSON.parse(readFileSync(new URL('../../../src/lang/typescript/globals.json', import.meta.url), 'utf8')) as {
      typescript: string;
    };
    expect(generated.typescript).toBe(installed);
  });
});

describe('files that cannot be parsed', () => {
  it('returns the first syntax error TypeScript reports, with its position, and no references', async () => {
    const draft = await analyzeFixture('src/broken/draft.ts');
    expect(createMatcher([{ from: 'session_id', to: 'flow_id' }]).matchAll(draft.text).length).toBeGreaterThan(0);
    // `onSessionIdExpired(sessionId: string {`: tsc says "',' expected" at the brace.
    expect(draft.analysis).toEqual({ references: [], error: 'syntax error at line 2, column 54' });
  });

  it('never throws on odd input', async () => {
    await typescriptAnalyzer.load();
    const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);
    for (const text of ['session_id', '`${session_id', 'const session_id = "\u0000\uFFFD', '\uFEFFlet session_id = 1;', 'session_id'.repeat(3)]) {
      const file = { absolutePath: '/tmp/odd.ts', path: 'odd.ts', text, language: 'typescript' as const };
      expect(() => typescriptAnalyzer.analyze(file, matcher)).not.toThrow();
    }
  });
});

describe('positions', () => {
  it('counts UTF-16 columns on CRLF lines with tabs, accents, CJK and emoji', async () => {
    const messages = await analyzeFixture('src/i18n/messages.ts');
    expect(messages.text).toContain('\r\n\t');
    expect(messages.references).toEqual([
      ref(3, 24, 'session_id', 'flow_id', 'string'), // after "😀 日本 " (the emoji is two code units)
      ref(4, 36, 'session_id', 'flow_id', 'string'), // after "expirée"
      ref(7, 63, 'sessionId', 'flowId', 'parameter'),
      ref(8, 43, 'sessionId', 'flowId', 'parameter'), // after "(é " inside a template
    ]);
  });

  it('gives offsets that point at the matched text in every fixture file', async () => {
    const files = fixtureFiles();
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const { text, analysis } = await analyzeFixture(file, 'session', 'flow');
      for (const site of [...analysis.references, ...(analysis.conflicts ?? [])]) expect(text.slice(site.start, site.end)).toBe(site.text);
      if (!file.includes('broken')) expect(analysis.error, file).toBeUndefined();
    }
  });
});

describe('grammar choice', () => {
  it('parses .ts with the TypeScript grammar and JavaScript with the TSX one', () => {
    expect(['a.ts', 'a.mts', 'a.cts', 'types.d.ts'].map(grammarFor)).toEqual(['typescript', 'typescript', 'typescript', 'typescript']);
    expect(['a.tsx', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'A.JS'].map(grammarFor)).toEqual(['tsx', 'tsx', 'tsx', 'tsx', 'tsx', 'tsx']);
  });

  it('reads `<T>value` assertions in .ts and JSX in .js', async () => {
    const client = await analyzeFixture('src/api/client.ts'); // `<string | undefined>body.data?.[...]`
    expect(client.analysis.error).toBeUndefined();
    const notice = await analyzeFixture('src/components/session-notice.js');
    expect(notice.analysis.error).toBeUndefined();
    expect(siteAt(notice.references, 4, 32)).toEqual(ref(4, 32, 'session-id', 'flow-id', 'property'));
    expect(siteAt(notice.references, 5, 22)).toEqual(ref(5, 22, 'session_id', 'flow_id', 'string'));
    expect(siteAt(notice.references, 5, 34)).toEqual(ref(5, 34, 'sessionId', 'flowId', 'parameter'));
  });
});

describe('names a dependency exports', () => {
  it('keeps the imported name of a package and its uses as conflicts, and lets a local alias be renamed', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { typescriptAnalyzer } = await import('../../../src/lang/typescript/index.js');
    const { createMatcher } = await import('../../../src/words/index.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'renamer-dep-'));
    const text = [
      "import { setTimeout as delayTimeout } from 'node:timers/promises';",
      "import { setTimeout } from 'node:timers/promises';",
      "import { timeoutFor } from './local.js';",
      'await delayTimeout(10);',
      'await setTimeout(5);',
    ].join('\n');
    writeFileSync(path.join(dir, 'a.ts'), text);
    await typescriptAnalyzer.load();
    const analysis = typescriptAnalyzer.analyze({ absolutePath: path.join(dir, 'a.ts'), path: 'a.ts', text, language: 'typescript' }, createMatcher([{ from: 'timeout', to: 'deadline' }]));
    const at = (offset: number) => text.slice(0, offset).split('\n').length;
    expect(analysis.references.filter((r) => !r.foreign).map((r) => [at(r.start), r.text, r.kind])).toEqual([
      [1, 'Timeout', 'import'],
      [3, 'timeout', 'import'],
      [4, 'Timeout', 'import'],
    ]);
    expect(analysis.references.filter((r) => r.foreign).map((c) => [at(c.start), c.foreign])).toEqual([
      [1, "declared outside the project (exported by 'node:timers/promises': setTimeout)"],
      [2, "declared outside the project (exported by 'node:timers/promises': setTimeout)"],
      [5, 'imported from a dependency under its own name (setTimeout); import it under an alias to rename it here'],
    ]);
  });
});

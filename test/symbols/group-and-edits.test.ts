import { describe, expect, it } from 'vitest';
import type { Reference } from '../../src/findings/model.js';
import { applyEdits, normaliseEdits } from '../../src/rewrite/edits.js';
import { symbolEdits } from '../../src/rewrite/symbol-edits.js';
import { groupBindings } from '../../src/symbols/group.js';
import type { Binding, SiteQuery, SymbolLocation } from '../../src/symbols/model.js';

// b.ts as TypeScript's findRenameLocations answers it with providePrefixAndSuffixTextForRename (measured on TS 5.9).
const FILE = '/w/b.ts';
const TEXT = 'const sessionId = f();\nconst r: Req = { sessionId, other: 1 };\nexport { sessionId };\n';
const at = (needle: string, from = 0): number => TEXT.indexOf(needle, from);
const SHORTHAND = at('sessionId,');
const EXPORTED = at('sessionId }');

const reference = (start: number): Reference => ({
  file: 'b.ts', line: 1, column: start + 1, text: 'sessionId', replacement: 'flowId', kind: 'variable', language: 'typescript',
  allowed: false, start, end: start + 'sessionId'.length, lineText: '',
});
const REFERENCES = [at('sessionId'), SHORTHAND, EXPORTED].map(reference);
const location = (start: number, extra: Partial<SymbolLocation> = {}): SymbolLocation => ({ file: FILE, start, end: start + 9, ...extra });
const symbol = (locations: SymbolLocation[]): Binding => ({ kind: 'symbol', name: 'sessionId', locations, declarations: [locations[0]], owner: 'project' });

const local = symbol([location(at('sessionId')), location(SHORTHAND, { prefixText: 'sessionId: ' }), location(EXPORTED, { suffixText: ' as sessionId' })]);
const property = symbol([location(1000), location(SHORTHAND, { suffixText: ': sessionId' })]);
const exported = symbol([location(EXPORTED, { prefixText: 'sessionId as ' })]);

const site = (start: number): SiteQuery => ({ file: FILE, start, end: start + 9, text: 'sessionId', kind: 'variable' });

function rewrite(bindings: Binding[]): string {
  const { symbols } = groupBindings(bindings.map((binding, index) => ({ site: site(index), binding })));
  const edits = symbolEdits(symbols, () => TEXT, (loc) => REFERENCES.filter((r) => r.start >= loc.start && r.end <= loc.end)).get(FILE) ?? [];
  return applyEdits(TEXT, normaliseEdits('b.ts', edits));
}

describe('symbols sharing a span', () => {
  it('keep their own spellings apart: a shared shorthand does not merge the local and the property', () => {
    const { symbols } = groupBindings([local, property, exported].map((binding, index) => ({ site: site(index), binding })));
    expect(symbols).toHaveLength(3);
  });

  it('the local alone expands the shorthand and keeps the export name', () => {
    expect(rewrite([local])).toBe('const flowId = f();\nconst r: Req = { sessionId: flowId, other: 1 };\nexport { flowId as sessionId };\n');
  });

  it('the local with the property and the export stays short', () => {
    expect(rewrite([local, property, exported])).toBe('const flowId = f();\nconst r: Req = { flowId, other: 1 };\nexport { flowId };\n');
  });

  it('the property alone renames the key and keeps the local as its value', () => {
    expect(rewrite([property])).toBe('const sessionId = f();\nconst r: Req = { flowId: sessionId, other: 1 };\nexport { sessionId };\n');
  });
});

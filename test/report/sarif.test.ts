import { describe, expect, it } from 'vitest';
import { fileUri, sarifReporter } from '../../src/report/sarif.js';
import { sarifValidator } from '../check/sarif-validator.js';
import { reference, reportOf } from './fixtures.js';

const validate = sarifValidator();
const uris = (sarif: any): string[] => sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);

describe('sarif: file URIs', () => {
  it.each([
    ['src/plain.ts', 'src/plain.ts'],
    ['my dir/a b.py', 'my%20dir/a%20b.py'],
    ['issue#12/x.ts', 'issue%2312/x.ts'],
    ['100%/x.ts', '100%25/x.ts'],
    ['über/café.py', '%C3%BCber/caf%C3%A9.py'],
    ['a:b/c.ts', 'a%3Ab/c.ts'],
  ])('%s → %s', (file, uri) => {
    expect(fileUri(file)).toBe(uri);
  });

  it('every location in a report is percent-encoded and the report validates', () => {
    const report = reportOf([reference('my dir/#1/über.py', 1, 1)], [{ file: '50% off.ts', message: 'syntax error' }]);
    const sarif = JSON.parse(sarifReporter(report, { command: 'scan', color: false }));
    expect(uris(sarif)).toEqual(['my%20dir/%231/%C3%BCber.py', '50%25%20off.ts']);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    // Resolved against the checkout, each URI names the file again.
    for (const [uri, file] of [[uris(sarif)[0], 'my dir/#1/über.py']]) expect(decodeURIComponent(new URL(uri, 'file:///repo/').pathname)).toBe(`/repo/${file}`);
  });
});

describe('sarif: a stale baseline fails the gate, so it is a result too', () => {
  const stale = [
    { file: 'src/gone.ts', kind: 'comment', text: 'sessionId', code: '// sessionId', missing: 1 },
    { file: 'src/fewer.ts', kind: 'variable', text: 'session_id', code: 'session_id = 1', missing: 3 },
  ];

  it('one error per stale entry, located at the baseline file, under its own rule', () => {
    const report = reportOf([]);
    const sarif = JSON.parse(sarifReporter(report, { command: 'check', color: false, failing: new Set(), baseline: { file: 'renamer-baseline.json', stale } }));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(2);
    expect(results.every((r: any) => r.ruleId === 'renamer/stale-baseline' && r.level === 'error')).toBe(true);
    expect(uris(sarif)).toEqual(['renamer-baseline.json', 'renamer-baseline.json']);
    expect(results[0].message.text).toBe('a baselined comment "sessionId" in src/gone.ts is gone; run renamer check --update-baseline renamer-baseline.json and commit it');
    expect(results[1].message.text).toMatch(/^3 baselined variable "session_id" in src\/fewer\.ts are gone/);
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('renamer/stale-baseline');
  });

  it('keeps the rule list as it was when nothing is stale', () => {
    const sarif = JSON.parse(sarifReporter(reportOf([]), { command: 'check', color: false, baseline: { file: 'b.json', stale: [] } }));
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).not.toContain('renamer/stale-baseline');
  });
});

describe('sarif: a file the scan could not read is a result, located at the file', () => {
  const skipped = [
    { file: 'docs/dump.md', reason: 'holds a NUL byte (binary); not read', cause: 'binary' },
    { file: 'src/big file.ts', reason: 'larger than 600 bytes (689); not read', cause: 'too-large' },
    { file: 'src/locked.py', reason: 'cannot read file (EACCES)', cause: 'read-error' },
  ];
  const report = { ...reportOf([]), skipped };
  const results = (sarif: any) => sarif.runs[0].results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri]);

  it('check: an error for each file that fails the gate, a note for the others (text not counted, --allow-unreadable)', () => {
    const sarif = JSON.parse(sarifReporter(report, { command: 'check', color: false, failing: new Set(), unreadable: skipped.slice(1) }));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(results(sarif)).toEqual([
      ['renamer/unreadable', 'note', 'docs/dump.md'],
      ['renamer/unreadable', 'error', 'src/big%20file.ts'],
      ['renamer/unreadable', 'error', 'src/locked.py'],
    ]);
    const [, big] = sarif.runs[0].results;
    expect(big.message.text).toBe('larger than 600 bytes (689); not read; it may hold a retired name');
    expect(big.properties).toEqual({ cause: 'too-large' });
    expect(big.locations[0].physicalLocation).not.toHaveProperty('region');
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('renamer/unreadable');
  });

  it('check --allow-unreadable: notes only; scan: warnings (it has no gate)', () => {
    const allowed = JSON.parse(sarifReporter(report, { command: 'check', color: false, failing: new Set(), unreadable: [] }));
    expect(results(allowed).map(([, level]: string[]) => level)).toEqual(['note', 'note', 'note']);
    const scanned = JSON.parse(sarifReporter(report, { command: 'scan', color: false }));
    expect(validate(scanned), JSON.stringify(validate.errors)).toBe(true);
    expect(results(scanned).map(([, level]: string[]) => level)).toEqual(['warning', 'warning', 'warning']);
  });

  it('keeps the rule list as it was when every file was read', () => {
    const sarif = JSON.parse(sarifReporter(reportOf([]), { command: 'check', color: false, failing: new Set(), unreadable: [] }));
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).not.toContain('renamer/unreadable');
  });
});

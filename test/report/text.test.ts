import { describe, expect, it } from 'vitest';
import { textReporter } from '../../src/report/text.js';
import { reference, reportOf } from './fixtures.js';

describe('text report: columns never run together', () => {
  it('keeps two spaces after a long position and a kind as wide as its column', () => {
    const report = reportOf([reference('a.py', 1, 2, 'variable'), reference('a.py', 12345, 678, 'keyword-argument')]);
    const lines = textReporter(report, { command: 'scan', color: false }).split('\n').filter((line) => /→/.test(line));
    expect(lines[0]).toBe('  1:2     variable        session_id → flow_id');
    expect(lines[1]).toBe('  12345:678  keyword-argument  session_id → flow_id');
  });
});

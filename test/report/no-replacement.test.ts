import { describe, expect, it } from 'vitest';
import { githubReporter } from '../../src/report/github.js';
import { jsonReporter } from '../../src/report/json.js';
import { markdownReporter } from '../../src/report/markdown.js';
import type { ReportContext } from '../../src/report/reporter.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { textReporter } from '../../src/report/text.js';
import { sarifValidator } from '../check/sarif-validator.js';
import { reference, reportOf } from './fixtures.js';

/** `--from session_id` alone: the matcher gives every match `''` as its replacement. */
const oldNameOnly = reportOf([{ ...reference('src/a.py', 1, 1), replacement: '' }, { ...reference('src/b.py', 2, 5, 'comment'), replacement: '' }]);
const scan: ReportContext = { command: 'scan', color: false };
const check: ReportContext = { command: 'check', color: false };

describe('reports of a plan that names only the old name show no replacement', () => {
  it('json: "replacement" is null, as the README documents', () => {
    for (const context of [scan, check]) {
      const json = JSON.parse(jsonReporter(oldNameOnly, context));
      expect(json.references.map((r: { replacement: unknown }) => r.replacement)).toEqual([null, null]);
    }
  });

  it('text: the old name, no arrow', () => {
    const text = textReporter(oldNameOnly, check);
    expect(text).toContain('  1:1     variable        session_id\n');
    expect(text).toContain('  2:5     comment         session_id\n');
    expect(text).not.toContain('→');
  });

  it('markdown: no Replacement or Should be column, no empty code span', () => {
    const forScan = markdownReporter(oldNameOnly, scan);
    expect(forScan).toContain('| File | Line | Kind | Found | Allowed |\n| --- | ---: | --- | --- | --- |\n| `src/a.py` | 1:1 | variable | `session_id` | no |\n');
    const forCheck = markdownReporter(oldNameOnly, check);
    expect(forCheck).toContain('| File | Line | Kind | Found |\n| --- | ---: | --- | --- |\n| `src/a.py` | 1:1 | variable | `session_id` |\n');
    for (const text of [forScan, forCheck]) {
      expect(text).not.toMatch(/Replacement|Should be|``/);
    }
  });

  it('markdown: beside sites that have one, a site without a replacement gets an empty cell', () => {
    const mixed = reportOf([reference('src/a.py', 1, 1), { ...reference('src/b.py', 2, 5), replacement: '' }]);
    expect(markdownReporter(mixed, check)).toContain('| `src/a.py` | 1:1 | variable | `session_id` | `flow_id` |\n| `src/b.py` | 2:5 | variable | `session_id` |  |\n');
    expect(markdownReporter(mixed, scan)).toContain('| `src/b.py` | 2:5 | variable | `session_id` |  | no |\n');
  });

  it('sarif: no "should be" and no replacement property, and the report validates', () => {
    const sarif = JSON.parse(sarifReporter(oldNameOnly, check));
    expect(sarifValidator()(sarif)).toBe(true);
    const results = sarif.runs[0].results;
    expect(results.map((r: { message: { text: string } }) => r.message.text)).toEqual(['variable "session_id" is a retired name', 'comment "session_id" is a retired name']);
    for (const result of results) expect(result.properties).not.toHaveProperty('replacement');
  });

  it('github: the annotation names the old name only', () => {
    const lines = githubReporter(oldNameOnly, check).split('\n');
    expect(lines[0]).toBe('::error file=src/a.py,line=1,col=1,endColumn=11,title=renamer%3A variable::"session_id" is a retired name');
    expect(lines.join('\n')).not.toMatch(/should be/);
  });

  it('a site with a replacement keeps it everywhere', () => {
    const report = reportOf([reference('src/a.py', 1, 1)]);
    expect(JSON.parse(jsonReporter(report, scan)).references[0].replacement).toBe('flow_id');
    expect(textReporter(report, scan)).toContain('session_id → flow_id');
    expect(markdownReporter(report, check)).toContain('| `src/a.py` | 1:1 | variable | `session_id` | `flow_id` |');
    expect(JSON.parse(sarifReporter(report, check)).runs[0].results[0]).toMatchObject({
      message: { text: 'variable "session_id" should be "flow_id"' },
      properties: { replacement: 'flow_id' },
    });
    expect(githubReporter(report, check)).toContain('::"session_id" should be "flow_id"');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { htmlReportData, htmlReporter } from '../../src/report/html/index.js';
import { reference, reportOf } from './fixtures.js';

/** The data the page is drawn from, as the page embeds it. */
export function embeddedData(html: string): Record<string, any> {
  const match = html.match(/<script type="application\/json" id="renamer-report-data">(.*?)<\/script>/s);
  if (!match) throw new Error('no embedded report data');
  return JSON.parse(match[1]);
}

describe('--format html', () => {
  it('embeds the report data: folders, kinds, conflicts and external contracts apart, allowed files, the database plan', () => {
    const dir = copyFixture('report-html');
    const result = runCli(['check', '--format', 'html', '-o', 'report.html'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    const data = embeddedData(html);
    // Golden file: fixtures/report-html/report-data.json.golden (UPDATE_GOLDEN=1 rewrites it; review the diff).
    expectGolden('../report-html/report-data.json.golden', `${JSON.stringify(data, null, 2)}\n`);
    // One file: no script, style or image is fetched from anywhere.
    expect(html).not.toMatch(/<(?:script|img|link|iframe)[^>]+(?:src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/);
    // Every remaining site is listed under its folder, and the folders add up to the total.
    const sum = (folders: any[]): number => folders.reduce((n, f) => n + f.files.reduce((m: number, x: any) => m + x.sites.length, 0) + sum(f.folders), 0);
    expect(sum(data.folders)).toBe(data.totals.remaining);
    expect(html).toContain(`>${data.folders[0].name}/</b>`);
  });

  it('links sites through --link-template, {file} relative to the repository root, and lists broken imports', () => {
    const references = [reference('src/api/routes.ts', 3, 29, 'parameter', 'sessionId'), reference('src/api/routes.ts', 4, 22, 'parameter', 'sessionId')];
    const broken = { file: 'src/api/routes.ts', line: 1, column: 35, specifier: '../legacy/session', language: 'typescript' as const };
    const report = { ...reportOf(references), brokenImports: [broken] };
    const data = htmlReportData(report, { command: 'scan', color: false }, { linkTemplate: 'https://github.com/o/r/blob/main/{file}#L{line}', repoPrefix: 'web/' });
    expect(data.folders[0].files[0].sites.map((s) => s.href)).toEqual([
      'https://github.com/o/r/blob/main/web/src/api/routes.ts#L3',
      'https://github.com/o/r/blob/main/web/src/api/routes.ts#L4',
    ]);
    expect(data.brokenImports).toEqual([{ ...broken, language: undefined, href: 'https://github.com/o/r/blob/main/web/src/api/routes.ts#L1', suggestion: null, suggestionResolves: null }].map(({ language, ...rest }) => rest));
    const page = htmlReporter(report, { command: 'scan', color: false });
    expect(page).toContain('<code>../legacy/session</code>');
    expect(embeddedData(page).folders[0].name).toBe('src/api');
  });

  it('keeps baseline-covered sites apart from failing ones, and blocks a planned column while code names it', () => {
    const covered = reference('app/db.py', 1, 1);
    const failing = reference('app/db.py', 2, 1);
    const column = { ...reference('app/db.py', 3, 1, 'sql'), databaseColumn: 'assets.session_id', reason: 'raw SQL names column session_id' };
    const report = reportOf([covered, failing, column]);
    const context = { command: 'check' as const, color: false, failing: new Set<object>([failing, column]) };
    const data = htmlReportData(report, context, { columns: [{ qualified: 'assets.session_id', action: 'drop' }, { qualified: 'users.session_id', action: 'rename', to: 'flow_id' }] });
    expect(data.totals).toMatchObject({ remaining: 3, failing: 2, baselineCovered: 1 });
    expect(data.folders[0].files[0].sites.map((s) => [s.line, s.failing])).toEqual([[1, false], [2, true], [3, true]]);
    expect(data.columns.map((c) => [c.qualified, c.sites, c.status])).toEqual([['assets.session_id', 1, 'blocked'], ['users.session_id', 0, 'clear']]);
    expect(htmlReporter(report, { ...context, html: { columns: data.columns } })).toContain('<span class="covered">baseline</span>');
  });

  it('refuses a template without {file}, and --history without --format html (exit 2, one line)', () => {
    const dir = copyFixture('report-html');
    const bad = runCli(['check', '--format', 'html', '--link-template', 'https://example.com/{path}'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--link-template');
    const history = runCli(['check', '--history'], dir);
    expect(history.code).toBe(2);
    expect(history.stderr).toMatch(/--history .*--format html/);
  });
});

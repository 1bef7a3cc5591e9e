import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const PLAN = ['--from', 'session_id', '--to', 'flow_id'];

describe('renamer scan on the bundled fixtures (golden JSON reports)', () => {
  it.each([
    ['example-app', []],
    ['ts-kinds', PLAN],
    ['py-kinds', PLAN],
    ['sql-kinds', PLAN],
    ['positions', PLAN],
  ])('%s', (fixture, args) => {
    const result = runCli(['scan', ...args, '--format', 'json'], path.join(FIXTURES, fixture));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectGolden(`${fixture}.scan.json`, result.stdout);
  });

  it('prints a text report grouped by file with a summary line, without colour when piped', () => {
    const result = runCli(['scan'], path.join(FIXTURES, 'example-app'));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/\x1b\[/);
    expect(result.stdout).toMatch(/^src\/api\/client\.ts$/m);
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(/^\d+ references in \d+ files · 4 allowed · 6 files scanned · 2 conflicts$/);
    expectGolden('example-app.scan.txt', result.stdout);
  });

  it('prints a markdown table', () => {
    const result = runCli(['scan', '--format', 'markdown'], path.join(FIXTURES, 'example-app'));
    expect(result.code).toBe(0);
    expectGolden('example-app.scan.md', result.stdout);
  });

  it('colours the text report only when asked to', () => {
    const result = runCli(['scan'], path.join(FIXTURES, 'example-app'), { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(result.stdout).toMatch(/\x1b\[/);
  });
});

describe('renamer scan on bad input', () => {
  const cwd = path.join(FIXTURES, 'example-app');
  it.each([
    [['scan', '--frm', 'x'], /^renamer scan: unknown option '--frm' \(see renamer scan --help\)\n$/],
    [['scan', 'nowhere', ...PLAN], /^renamer scan: path not found: nowhere\n$/],
    [['scan', '--format', 'xml', ...PLAN], /^renamer scan: --format: unknown format "xml" \(expected one of text, json, markdown, sarif, html\)\n$/],
    [['scan', '--config', 'missing.json'], /^renamer scan: missing\.json: cannot read config file \(no such file\)\n$/],
    [['scan', '--to', 'flow_id'], /^renamer scan: --to needs --from\n$/],
    [['frobnicate'], /^renamer: unknown command "frobnicate"/],
    // Names of Object.prototype members were looked up as commands and crashed with an internal error.
    [['constructor'], /^renamer: unknown command "constructor" \(expected one of scan, check, apply, imports, sql, history\)\n$/],
    [['help', 'toString'], /^renamer: unknown command "toString"/],
  ])('%j exits 2 with one line', (args, message) => {
    const result = runCli(args, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('rejects a malformed config file naming the key', () => {
    const result = runCli(['scan', '--config', path.join(ROOT, 'test/cli/bad-config.json')], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-config\.json: unknown key "renamez"\n$/);
  });

  it('lists unparseable files and non-UTF-8 files (read as latin-1) under errors and goes on', () => {
    const result = runCli(['scan', ...PLAN, '--format', 'json'], path.join(FIXTURES, 'positions'));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([
      { file: 'latin1.py', message: 'not UTF-8 (read as latin-1); apply leaves it as it is (it writes UTF-8 only)' },
      expect.objectContaining({ file: 'syntax-error.ts', message: expect.stringMatching(/^syntax error at line 1, column \d+$/) }),
    ]);
    expect(report.summary.references).toBeGreaterThan(0);
  });
});

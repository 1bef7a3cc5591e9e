import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'renamer-edges-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const app = path.join(FIXTURES, 'example-app');

/** Exit 2, one line on stderr that names `flag`, nothing on stdout. */
function expectOneLineError(args: readonly string[], flag: string, cwd = app) {
  const result = runCli(args, cwd);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toContain(flag);
}

describe('renamer help <command>', () => {
  it.each([['scan'], ['check'], ['apply'], ['imports'], ['sql']])('help %s prints what its --help prints', (command) => {
    const help = runCli(['help', command], app);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: renamer ${command} `));
    expect(help.stdout).toBe(runCli([command, '--help'], app).stdout);
  });

  it('help alone is the main help; an unknown command exits 2', () => {
    expect(runCli(['help'], app).stdout).toMatch(/^renamer — /);
    const unknown = runCli(['help', 'frobnicate'], app);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe('bad input names the flag', () => {
  it.each([
    [['scan', '--from', 'session_id', '--to', 'flow_id', '--kinds', '']],
    [['check', '--from', 'session_id', '--to', 'flow_id', '--kinds', ' , ']],
    [['apply', '--dry-run', '--from', 'session_id', '--to', 'flow_id', '--kinds=']],
  ])('%j: an empty --kinds is an error', (args) => expectOneLineError(args, '--kinds'));

  it('sql --out naming an existing file', () => {
    const file = path.join(tmp, 'existing.sql');
    writeFileSync(file, 'keep me\n');
    expectOneLineError(['sql', '--schema', 'fixtures/sql-seed/schema.sql', '--plan', 'fixtures/sql-seed/plan.json', '--out', file], `--out ${file}`, ROOT);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('checks out the full history where it recommends --since origin/main', () => {
    const at = readme.indexOf('`--since origin/main` does the same');
    expect(at).toBeGreaterThan(0);
    expect(readme.slice(at, at + 600)).toMatch(/- uses: actions\/checkout@v4\n\s+with:\n\s+fetch-depth: 0/);
  });

  it('never runs a bare `npx renamer` (that name is another package): every npx line names the package', () => {
    const name = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;
    const lines = readme.split('\n').filter((line) => /\bnpx\s/.test(line) && /\brenamer\s/.test(line) && !line.includes('jscodeshift'));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines.filter((l) => !l.startsWith('Always name'))) expect(line).toContain(`npx -p ${name} renamer `);
  });
});

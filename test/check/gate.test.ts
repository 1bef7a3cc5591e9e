import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkJson, copyFixture, requireBuild, removeCopies } from './helpers.js';

beforeAll(requireBuild);
afterAll(removeCopies);

describe('renamer check: exit codes', () => {
  it('exits 1 while references remain, naming each site with its line', async () => {
    const dir = copyFixture('check-gate');
    const run = await check(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/api/client.ts\n');
    expect(run.stdout).toMatch(/4:53 +parameter +sessionId → flowId\n +│ export async function getFlowStatus\(flowId: string, sessionId\?: string\)/);
    expect(run.stdout).toMatch(/renamer check failed: \d+ references fail the check, 2 allowed/);
  });

  it('exits 0 when nothing remains outside allowed files and suppressed lines', async () => {
    const dir = copyFixture('check-gate');
    const run = await check(dir, '--allow', 'src/**', '--allow', 'app/**');
    expect(run.stdout).toMatch(/renamer check passed: 0 references fail the check, \d+ allowed/);
    expect(run.code).toBe(0);
  });

  it('exits 0 when the plan names something the tree never mentions', async () => {
    const dir = copyFixture('check-gate');
    writeFileSync(path.join(dir, 'renamer.config.json'), JSON.stringify({ renames: [{ from: 'customer_ref', to: 'account_ref' }] }));
    expect((await check(dir)).code).toBe(0);
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--format', 'xml'], /--format: unknown format "xml"/],
    [['--baseline', 'a.json', '--update-baseline', 'b.json'], /--baseline and --update-baseline cannot be used together/],
    [['--since', 'HEAD', '--staged'], /--since and --staged cannot be used together/],
    [['--baseline', 'missing.json'], /--baseline missing\.json: cannot read it \(ENOENT\)/],
    [['--kinds', 'identifier'], /--kinds: unknown kind "identifier"/],
    [['--plan', 'nope.json'], /--plan: cannot read nope\.json/],
  ])('exits 2 on %j with one line on stderr and nothing on stdout', async (args, message) => {
    const dir = copyFixture('check-gate');
    const run = await check(dir, ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when there is nothing to check', async () => {
    const dir = copyFixture('check-gate');
    writeFileSync(path.join(dir, 'renamer.config.json'), '{}');
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing to check/);
  });
});

describe('renamer check: what counts', () => {
  it('--allow globs (from flags and config) report sites as allowed and never fail on them', async () => {
    const dir = copyFixture('check-gate');
    const before = (await checkJson(dir)).report.references;
    expect(before.find((r) => r.file === 'src/compat/session-to-flow.ts')).toMatchObject({ allowed: true, failing: false });
    const { code, report } = await checkJson(dir, '--allow', 'src/api/*.ts', '--allow', 'app/**/*.py');
    expect(code).toBe(1);
    const failingFiles = new Set(report.references.filter((r) => r.failing).map((r) => r.file));
    expect([...failingFiles].sort()).toEqual(['src/components/ImportPanel.tsx', 'src/storage/keys.js']);
    expect(report.references.filter((r) => r.file.startsWith('src/api/') || r.file.startsWith('app/')).every((r) => r.allowed)).toBe(true);
  });

  it('an inline renamer-ignore-line comment leaves that line out', async () => {
    const dir = copyFixture('check-gate');
    const panel = (await checkJson(dir)).report.references.filter((r) => r.file === 'src/components/ImportPanel.tsx');
    expect(panel.map((r) => [r.line, r.allowed])).toEqual([
      [4, true],
      [5, false],
    ]);
  });

  it('--kinds selects what counts', async () => {
    const dir = copyFixture('check-gate');
    const { report } = await checkJson(dir, '--kinds', 'string');
    expect(new Set(report.references.map((r) => r.kind))).toEqual(new Set(['string']));
  });

  it('a file that does not parse is matched word by word, and counts whatever --kinds says', async () => {
    const dir = copyFixture('check-broken');
    const { code, report } = await checkJson(dir, '--kinds', 'class');
    expect(code).toBe(1);
    expect(report.errors.map((e) => e.file)).toEqual(['app/half_edited.py']);
    expect(report.references.map((r) => [r.file, r.line, r.failing])).toEqual([
      ['app/half_edited.py', 1, true],
      ['app/half_edited.py', 3, true],
    ]);
    // Fixing the syntax error hands the file back to the Python analyzer: its parameter still fails by default.
    const file = path.join(dir, 'app/half_edited.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace('session_id: str:', 'session_id: str):'));
    expect(await checkJson(dir, '--kinds', 'class')).toMatchObject({ code: 0 });
    expect((await checkJson(dir)).code).toBe(1);
  });
});

describe('renamer check --ignore-comments', () => {
  it('counts comments and docstrings by default, in TypeScript, JavaScript and Python', async () => {
    const dir = copyFixture('check-comments');
    const { code, report } = await checkJson(dir);
    expect(code).toBe(1);
    expect(new Set(report.references.map((r) => r.kind))).toEqual(new Set(['comment']));
    expect(new Set(report.references.map((r) => r.language))).toEqual(new Set(['python', 'typescript', 'javascript']));
    // module docstring, function docstring, # comment; JSDoc, // and /* */ comments; // and JSDoc in JS
    expect(report.references.map((r) => `${r.file}:${r.line}`)).toEqual([
      'app/flows.py:1',
      'app/flows.py:7',
      'app/flows.py:9',
      'src/flow-store.ts:2',
      'src/flow-store.ts:5',
      'src/flow-store.ts:9',
      'src/legacy-keys.js:1',
      'src/legacy-keys.js:4',
    ]);
  });

  it('leaves comments and docstrings out, so a tree with only those passes', async () => {
    const dir = copyFixture('check-comments');
    const run = await check(dir, '--ignore-comments');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('renamer check passed');
  });

  it('still fails on code next to comments', async () => {
    const dir = copyFixture('check-gate');
    const { code, report } = await checkJson(dir, '--ignore-comments');
    expect(code).toBe(1);
    expect(report.references.some((r) => r.kind === 'comment')).toBe(false);
    expect(report.references.filter((r) => r.failing).map((r) => `${r.file}:${r.line}:${r.kind}`)).toContain('src/api/client.ts:4:parameter');
    expect(report.references.some((r) => r.file === 'src/storage/keys.js')).toBe(false);
  });
});

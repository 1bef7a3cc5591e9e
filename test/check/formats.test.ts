import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, copyFixture, requireBuild, removeCopies } from './helpers.js';
import { sarifValidator } from './sarif-validator.js';

beforeAll(requireBuild);
afterAll(removeCopies);

const GOLDEN = path.join(path.dirname(new URL(import.meta.url).pathname), 'golden');

/** A tree mid-migration: a baseline, one new reference since, and one baselined site gone. */
async function midMigration(): Promise<string> {
  const dir = copyFixture('check-gate');
  expect((await check(dir, '--update-baseline', 'renamer-baseline.json')).code).toBe(0);
  const keys = path.join(dir, 'src/storage/keys.js');
  writeFileSync(keys, `${readFileSync(keys, 'utf8')}\nexport const LEGACY_KEY = 'import_session_id';\n`);
  const client = path.join(dir, 'src/api/client.ts');
  writeFileSync(client, readFileSync(client, 'utf8').replace('  // TODO(migration): drop sessionId once every caller sends flowId\n', ''));
  return dir;
}

/** Compares with test/check/golden/<name>; `UPDATE_GOLDEN=1 npx vitest run test/check` rewrites it. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${name} was missing and has been written; check it and re-run`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('renamer check --format sarif', () => {
  const validate = sarifValidator();

  it('the schema validator rejects what is not SARIF 2.1.0', async () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('validates against the official schema, with baseline states and suppressions', async () => {
    const dir = await midMigration();
    const run = await check(dir, '--baseline', 'renamer-baseline.json', '--format', 'sarif', '--output', 'renamer.sarif');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'renamer.sarif'), 'utf8'));
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const results = sarif.runs[0].results as { ruleId: string; level: string; baselineState?: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[]; suppressions?: unknown[] }[];
    const errors = results.filter((r) => r.level === 'error' && r.ruleId === 'renamer/reference');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ baselineState: 'new', locations: [{ physicalLocation: { artifactLocation: { uri: 'src/storage/keys.js' }, region: { startLine: 9, startColumn: 35 } } }] });
    expect(results.filter((r) => r.baselineState === 'unchanged')).toHaveLength(14);
    expect(results.filter((r) => r.suppressions)).toHaveLength(2);
    // The baselined site removed from client.ts fails the gate too, located at the baseline.
    expect(results.filter((r) => r.level === 'error' && r.ruleId !== 'renamer/reference')).toMatchObject([
      { ruleId: 'renamer/stale-baseline', locations: [{ physicalLocation: { artifactLocation: { uri: 'renamer-baseline.json' } } }] },
    ]);
    expect(sarif.runs[0].columnKind).toBe('utf16CodeUnits');
  });

  it('validates with the database cross-check findings, under their own rule', async () => {
    const dir = copyFixture('check-database');
    const run = await check(dir, '--format', 'sarif');
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const rules = sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(rules).toContain('renamer/database-column');
    expect(sarif.runs[0].results.every((r: { ruleId: string }) => r.ruleId === 'renamer/database-column')).toBe(true);
  });
});

describe('renamer check --format sarif: files it could not read', () => {
  it('each file that may hold the name and was not read is an error at the file, and the report validates', async () => {
    const dir = copyFixture('gate-unreadable');
    const run = await check(dir, '--exclude', 'src/latin.py', '--exclude', 'src/wide-*', '--format', 'sarif');
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarifValidator()(sarif)).toBe(true);
    const unreadable = (sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties: { cause: string } }[])
      .filter((r) => r.ruleId === 'renamer/unreadable')
      .map((r) => [r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.properties.cause]);
    // docs/dump.md is a text file, and text is not counted by default: listed, not failing.
    expect(unreadable).toEqual([
      ['note', 'docs/dump.md', 'binary'],
      ['error', 'src/big.ts', 'too-large'],
      ['error', 'src/nul.ts', 'binary'],
    ]);
  });
});

describe('renamer check --format github', () => {
  it('prints one workflow-command annotation per failing site, with file, line, col and title', async () => {
    const dir = await midMigration();
    const run = await check(dir, '--baseline', 'renamer-baseline.json', '--format', 'github');
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=src/storage/keys.js,line=9,col=35,endColumn=45,title=renamer%3A string::"session_id" should be "flow_id"',
      '::error file=renamer-baseline.json,title=renamer%3A stale baseline::1 baselined reference is gone; run renamer check --update-baseline renamer-baseline.json and commit it',
      'renamer check failed: 1 reference fails the check, 14 covered by the baseline, 2 allowed, 1 baselined reference is gone: update the baseline',
    ]);
  });

  it('escapes properties and data as the workflow-command syntax requires', async () => {
    const dir = copyFixture('check-database');
    const run = await check(dir, '--format', 'github');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error file=app/models/asset.py,line=14,col=5,endColumn=15,title=renamer%3A database column assets.session_id::SQLAlchemy column mapping names column session_id, but the database plan drops assets.session_id\n',
    );
    // every annotation line is one command: `::error ` + comma-separated key=value properties + `::` + message
    for (const line of run.stdout.split('\n').filter((l) => l.startsWith('::'))) {
      expect(line).toMatch(/^::(error|warning) (?:[a-zA-Z]+=[^,:\n]*)(?:,[a-zA-Z]+=[^,:\n]*)*::[^\n]+$/);
    }
  });
});

describe('renamer check --format markdown', () => {
  it('matches the golden pull-request comment mid-migration (totals, by folder, by kind, first sites, stale baseline)', async () => {
    const dir = await midMigration();
    const run = await check(dir, '--baseline', 'renamer-baseline.json', '--format', 'markdown');
    expect(run.code).toBe(1);
    expectGolden('check-gate.baseline.md', run.stdout);
  });

  it('matches the golden comment for a fresh tree and for the database cross-check', async () => {
    const gate = await check(copyFixture('check-gate'), '--format', 'markdown');
    expect(gate.code).toBe(1);
    expectGolden('check-gate.md', gate.stdout);
    const database = await check(copyFixture('check-database'), '--format', 'markdown');
    expect(database.code).toBe(1);
    expectGolden('check-database.md', database.stdout);
  });
});

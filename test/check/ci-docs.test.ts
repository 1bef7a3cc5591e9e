import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, gitFixture, renamer, requireBuild, ROOT, removeCopies } from './helpers.js';
import { sarifValidator } from './sarif-validator.js';

beforeAll(requireBuild);
afterAll(removeCopies);

/**
 * Every `npx renamer ...` command line in docs/ci.md (which the README shows), cut at the first shell
 * operator (`>>`, `|`, `&&`, `;`). The tests run exactly these argument lists, so the docs cannot drift.
 */
function documentedCommands(file = 'docs/ci.md'): string[][] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const commands = [...text.matchAll(/npx renamer ([^\n]*)/g)].map((match) => match[1].split(/\s*(?:>>|\||&&|;)/)[0].trim());
  return [...new Set(commands)].map((command) => command.split(/\s+/));
}

describe('docs/ci.md: the workflow and the pre-commit hook', () => {
  const commands = documentedCommands();
  const adoption = commands.filter((args) => args.includes('--update-baseline'));
  const gates = commands.filter((args) => !args.includes('--update-baseline'));

  it('documents an adoption step, a CI gate in each format, and a staged pre-commit check', () => {
    expect(adoption).toHaveLength(1);
    expect(gates.map((args) => args.join(' ')).sort()).toEqual([
      'check --ignore-comments --baseline renamer-baseline.json --format github',
      'check --ignore-comments --baseline renamer-baseline.json --format markdown',
      'check --ignore-comments --baseline renamer-baseline.json --format sarif --output renamer.sarif',
      'check --staged --ignore-comments --baseline renamer-baseline.json',
    ]);
  });

  it('the README shows no check command line other than these', () => {
    if (!existsSync(path.join(ROOT, 'README.md'))) return;
    const known = new Set(commands.map((args) => args.join(' ')));
    for (const args of documentedCommands('README.md').filter((a) => a[0] === 'check' && a.includes('--baseline'))) {
      expect(known, `README.md: npx renamer ${args.join(' ')}`).toContain(args.join(' '));
    }
  });

  it('the documented commands pass on an adopted tree and fail on a new reference', () => {
    const dir = gitFixture('check-gate');
    const adopt = renamer(dir, adoption[0]);
    expect(adopt.code).toBe(0);
    git(dir, 'add', 'renamer-baseline.json');
    git(dir, 'commit', '-qm', 'adopt the renamer gate');
    for (const args of gates) expect(renamer(dir, args).code, args.join(' ')).toBe(0);

    const keys = path.join(dir, 'src/storage/keys.js');
    writeFileSync(keys, `${readFileSync(keys, 'utf8')}export const LEGACY_KEY = 'import_session_id';\n`);
    git(dir, 'add', 'src/storage/keys.js');
    const validate = sarifValidator();
    for (const args of gates) {
      const run = renamer(dir, args);
      expect(run.code, args.join(' ')).toBe(1);
      if (args.includes('github')) expect(run.stdout).toMatch(/^::error file=src\/storage\/keys\.js,line=8,col=35,/m);
      if (args.includes('markdown')) expect(run.stdout).toMatch(/^### renamer check: failed\n/);
      if (args.includes('sarif')) expect(validate(JSON.parse(readFileSync(path.join(dir, 'renamer.sarif'), 'utf8')))).toBe(true);
      if (args.includes('--staged')) expect(run.stdout).toContain('src/storage/keys.js');
    }
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, gitFixture, renamer, requireBuild, ROOT, removeCopies } from './helpers.js';
import { sarifValidator } from './sarif-validator.js';

beforeAll(requireBuild);
afterAll(removeCopies);

interface DocumentedLine {
  /** The arguments after `renamer`, cut at the first shell operator (`>>`, `|`, `&&`, `;`) or comment. */
  readonly args: string;
  /** Named with its package, `npx -p identifier-renamer renamer`: a bare `npx renamer` runs an unrelated package. */
  readonly packaged: boolean;
}

/** Every `npx [-p identifier-renamer] renamer ...` command line in a document, in order, repeats included. */
function documentedLines(file: string): DocumentedLine[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/npx (-p identifier-renamer )?renamer ([^\n]*)/g)].map((match) => ({
    args: match[2].split(/\s+#|\s*(?:>>|\||&&|;)/)[0].trim(),
    packaged: match[1] !== undefined,
  }));
}

/** The distinct argument lists of check's baseline commands (adoption, gates, hooks): the tests run exactly these. */
const baselineCommands = (lines: readonly DocumentedLine[]): string[] =>
  [...new Set(lines.map((line) => line.args).filter((args) => /^check .*--(?:update-)?baseline /.test(args)))].sort();

describe('docs/ci.md: the workflow and the pre-commit hook', () => {
  const lines = documentedLines('docs/ci.md');
  const commands = baselineCommands(lines).map((args) => args.split(/\s+/));
  const adoption = commands.filter((args) => args.includes('--update-baseline'));
  const gates = commands.filter((args) => !args.includes('--update-baseline'));

  it('finds every command line (adoption, four workflow steps, two hooks), each naming the package and each run below', async () => {
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line, line.args).toMatchObject({ packaged: true });
    expect(baselineCommands(lines)).toEqual([...new Set(lines.map((line) => line.args))].sort());
  });

  it('documents an adoption step, a CI gate in each format, and a staged pre-commit check', async () => {
    expect(adoption).toHaveLength(1);
    expect(gates.map((args) => args.join(' ')).sort()).toEqual([
      'check --ignore-comments --baseline renamer-baseline.json --format github',
      'check --ignore-comments --baseline renamer-baseline.json --format html --history --link-template https://github.com/${{github.repository}}/blob/${{github.sha}}/{file}#L{line} --output report.html',
      'check --ignore-comments --baseline renamer-baseline.json --format markdown',
      'check --ignore-comments --baseline renamer-baseline.json --format sarif --output renamer.sarif',
      'check --staged --ignore-comments --baseline renamer-baseline.json',
    ]);
  });

  it('the README shows the same check command lines (which the next test runs), each naming the package', async () => {
    const readme = documentedLines('README.md').filter((line) => line.args.startsWith('check '));
    expect(readme.length).toBeGreaterThanOrEqual(6);
    for (const line of readme) expect(line, `README.md: ${line.args}`).toMatchObject({ packaged: true });
    expect(baselineCommands(readme)).toEqual(baselineCommands(lines));
  });

  it('the documented commands pass on an adopted tree and fail on a new reference', async () => {
    const dir = gitFixture('check-gate');
    const adopt = await renamer(dir, adoption[0]);
    expect(adopt.code).toBe(0);
    git(dir, 'add', 'renamer-baseline.json');
    git(dir, 'commit', '-qm', 'adopt the renamer gate');
    for (const args of gates) expect((await renamer(dir, args)).code, args.join(' ')).toBe(0);

    const keys = path.join(dir, 'src/storage/keys.js');
    writeFileSync(keys, `${readFileSync(keys, 'utf8')}export const LEGACY_KEY = 'import_session_id';\n`);
    git(dir, 'add', 'src/storage/keys.js');
    const validate = sarifValidator();
    for (const args of gates) {
      const run = await renamer(dir, args);
      expect(run.code, args.join(' ')).toBe(1);
      if (args.includes('github')) expect(run.stdout).toMatch(/^::error file=src\/storage\/keys\.js,line=8,col=35,/m);
      if (args.includes('markdown')) expect(run.stdout).toMatch(/^### renamer check: failed\n/);
      if (args.includes('sarif')) expect(validate(JSON.parse(readFileSync(path.join(dir, 'renamer.sarif'), 'utf8')))).toBe(true);
      if (args.includes('--staged')) expect(run.stdout).toContain('src/storage/keys.js');
    }
  });
});

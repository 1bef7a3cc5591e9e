import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, installCaseDependencies, listFiles, runApply, snapshot, verify, type CaseDependencies } from './helpers.js';

interface GoldenCase extends CaseDependencies {
  readonly args: string[];
  readonly exitCode: number;
  /** Lines the summary must list under Conflicts (the exact set: no more, no fewer). */
  readonly conflicts?: string[];
  /** Lines the summary must list under Kept (sites left for allowed files; the exact set). */
  readonly kept?: string[];
  /** Lines the summary must list under Unattributed (owner not established; the exact set). */
  readonly unattributed?: string[];
  /** Lines the summary must list under External contracts (the exact set). */
  readonly external?: string[];
  /**
   * The fixture's own checks, run in the rewritten tree and required to pass (`tsc` is this repository's):
   * e.g. `[["python3", "-m", "pytest", "-q"], ["tsc", "--noEmit", "-p", "."]]`.
   */
  readonly verify?: string[][];
  /**
   * Whether the --dry-run test runs (default: yes without Python, no with it). Dry-run differs from apply only in
   * not writing, whatever the language; each extra pyright start costs seconds, so two Python cases keep it.
   */
  readonly dryRun?: boolean;
}


/** The indented lines under the summary heading that `heading` matches. */
function section(stdout: string, heading: RegExp): string[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => heading.test(line));
  const rest = header === -1 ? [] : lines.slice(header + 1);
  return rest.slice(0, rest.findIndex((line) => !line.startsWith('  ')) >>> 0);
}

const SECTIONS: ReadonlyArray<[keyof GoldenCase, RegExp]> = [
  ['conflicts', /^Conflicts: \d+ sites? left unrewritten:$/],
  ['kept', /^Kept: \d+ sites? left as they are for allowed files \(not a failure\):$/],
  ['unattributed', /^Unattributed: \d+ sites? whose owner could not be established/],
  ['external', /^External contracts: \d+ sites? left as they are/],
];

function expectSections(stdout: string, spec: GoldenCase): void {
  for (const [key, heading] of SECTIONS) {
    const expected = (spec[key] as string[] | undefined) ?? [];
    const listed = section(stdout, heading);
    for (const site of expected) expect(listed.some((line) => line.startsWith(`  ${site}`)), `${key}: ${site}\n${stdout}`).toBe(true);
    expect(listed.length, `${key}:\n${listed.join('\n')}`).toBe(expected.length);
  }
}

/** Whether a case's input holds Python: those cases start pyright, the costly engine, and run in their own file. */
export function hasPython(name: string): boolean {
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : /\.pyi?$/.test(entry.name)));
  return walk(path.join(FIXTURES, name, 'input'));
}

/**
 * Every other case whose input holds Python (`half` 0 or 1): each starts pyright twice, and the Python cases in one
 * file made the longest file of the suite (~120 s), which a worker could still be running alone at the end.
 */
export function pythonHalf(half: 0 | 1): (name: string) => boolean {
  const names = readdirSync(FIXTURES).filter((name) => name.startsWith('apply-') && existsSync(path.join(FIXTURES, name, 'case.json')) && hasPython(name)).sort();
  return (name) => names.indexOf(name) % 2 === half;
}

/**
 * The golden apply cases (fixtures/apply-* with a case.json) that `include` selects. Two test files share them so
 * that vitest's two workers split the cost (three: the Python cases are split in two).
 */
export function goldenCases(include: (name: string) => boolean): void {
  const cases = readdirSync(FIXTURES).filter((name) => name.startsWith('apply-') && existsSync(path.join(FIXTURES, name, 'case.json')) && include(name));
  describe.each(cases)('golden %s', (name) => {
    const spec = JSON.parse(readFileSync(path.join(FIXTURES, name, 'case.json'), 'utf8')) as GoldenCase;

    // Each case starts the language engines (a TypeScript language service, a pyright server) three times: minutes
    // on a loaded two-core machine, which is genuine work, not a hang.
    it('rewrites input into expected, byte for byte, and a second run changes nothing', { timeout: 300_000 }, async () => {
      const dir = installCaseDependencies(name, spec);
      const first = await runApply(dir, [...spec.args, '--allow-dirty']);
      expect(first.stderr).toBe('');
      expect(first.code, first.stdout).toBe(spec.exitCode);
      const expectedDir = path.join(FIXTURES, name, 'expected');
      expect(listFiles(dir).sort()).toEqual(listFiles(expectedDir).sort());
      for (const file of listFiles(expectedDir)) {
        expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
      }
      expectSections(first.stdout, spec);
      if (spec.verify) verify(dir, spec.verify);

      const before = snapshot(dir);
      const second = await runApply(dir, [...spec.args, '--allow-dirty']);
      expect(second.code).toBe(spec.exitCode);
      expect(second.stdout).toMatch(/^Rewrote 0 references in 0 files\./m);
      expect(snapshot(dir)).toEqual(before);
    });

    it.skipIf(!(spec.dryRun ?? !hasPython(name)))('--dry-run prints the golden diff and writes nothing', { timeout: 300_000 }, async () => {
      const dir = installCaseDependencies(name, spec);
      const before = snapshot(dir);
      const dry = await runApply(dir, [...spec.args, '--dry-run']);
      expect(dry.code).toBe(spec.exitCode);
      expect(snapshot(dir)).toEqual(before);
      const expectedDir = path.join(FIXTURES, name, 'expected');
      for (const file of listFiles(expectedDir)) {
        const changed = readFileSync(path.join(expectedDir, file), 'utf8') !== readFileSync(path.join(dir, file), 'utf8');
        expect(dry.stdout.includes(`--- a/${file}\n+++ b/${file}\n`), file).toBe(changed);
      }
      expect(dry.stdout).not.toMatch(/\x1b\[/);
    });
  });
}

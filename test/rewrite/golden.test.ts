import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, copyFixture, listFiles, runApply, snapshot } from './helpers.js';

interface GoldenCase {
  readonly args: string[];
  readonly exitCode: number;
  /** A folder of the case copied to node_modules (git does not keep node_modules folders). */
  readonly nodeModules?: string;
  /** Lines the summary must list under Conflicts (the exact set: no more, no fewer). */
  readonly conflicts?: string[];
  /** Lines the summary must list under Kept (sites left for allowed files; the exact set). */
  readonly kept?: string[];
}

/** The indented lines under the summary heading that `heading` matches. */
function section(stdout: string, heading: RegExp): string[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => heading.test(line));
  const rest = header === -1 ? [] : lines.slice(header + 1);
  return rest.slice(0, rest.findIndex((line) => !line.startsWith('  ')) >>> 0);
}

const cases = readdirSync(FIXTURES).filter((name) => name.startsWith('apply-') && existsSync(path.join(FIXTURES, name, 'case.json')));

describe.each(cases)('golden %s', (name) => {
  const spec = JSON.parse(readFileSync(path.join(FIXTURES, name, 'case.json'), 'utf8')) as GoldenCase;

  it('rewrites input into expected, byte for byte, and a second run changes nothing', async () => {
    const dir = copyFixture(`${name}/input`);
    if (spec.nodeModules) cpSync(path.join(FIXTURES, name, spec.nodeModules), path.join(dir, 'node_modules'), { recursive: true });
    const first = await runApply(dir, [...spec.args, '--allow-dirty']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(spec.exitCode);
    const expectedDir = path.join(FIXTURES, name, 'expected');
    expect(listFiles(dir).sort()).toEqual(listFiles(expectedDir).sort());
    for (const file of listFiles(expectedDir)) {
      expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
    }
    const listed = section(first.stdout, /^Conflicts: \d+ sites? left unrewritten:$/);
    expect(listed.length).toBe(spec.conflicts?.length ?? 0);
    for (const conflict of spec.conflicts ?? []) expect(listed.some((line) => line.startsWith(`  ${conflict}`)), conflict).toBe(true);
    const kept = section(first.stdout, /^Kept: \d+ sites? left as they are for allowed files \(not a failure\):$/);
    expect(kept.length).toBe(spec.kept?.length ?? 0);
    for (const site of spec.kept ?? []) expect(kept.some((line) => line.startsWith(`  ${site}`)), site).toBe(true);

    const before = snapshot(dir);
    const second = await runApply(dir, [...spec.args, '--allow-dirty']);
    expect(second.code).toBe(spec.exitCode);
    expect(second.stdout).toMatch(/^Rewrote 0 references in 0 files\./);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--dry-run prints the golden diff and writes nothing', async () => {
    const dir = copyFixture(`${name}/input`);
    if (spec.nodeModules) cpSync(path.join(FIXTURES, name, spec.nodeModules), path.join(dir, 'node_modules'), { recursive: true });
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

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { check } from '../../src/check/check.js';
import { resolveOptions } from '../../src/config/resolve.js';
import { planRewrites } from '../../src/rewrite/plan.js';
import { FIXTURES, runCli } from '../helpers/cli.js';

// The real planner, watched: check must consult it only when a member site is left that syntax cannot place.
vi.mock('../../src/rewrite/plan.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/rewrite/plan.js')>();
  return { ...actual, planRewrites: vi.fn(actual.planRewrites) };
});

const FIXTURE = path.join(FIXTURES, 'check-dependency-members');
const copies: string[] = [];

/** The project with its dependency installed, as `npm install` would leave it. */
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-check-dependency-members-'));
  copies.push(dir);
  cpSync(path.join(FIXTURE, 'project'), dir, { recursive: true });
  cpSync(path.join(FIXTURE, 'vendor'), path.join(dir, 'node_modules'), { recursive: true });
  return dir;
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

interface Site { file: string; line: number; column: number; text: string; reason?: string }
interface JsonReport { references: Site[]; conflicts: Site[]; summary: { references: number }; check?: { passed: boolean; failing: number } }

const checkJson = (dir: string): { code: number; report: JsonReport } => {
  const run = runCli(['check', '--format', 'json'], dir);
  if (run.code === 2) throw new Error(`renamer check failed to run: ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) };
};
const dependencyConflicts = (conflicts: readonly Site[]): string[] =>
  conflicts.filter((c) => c.reason?.startsWith('declared by a dependency')).map((c) => `${c.file}:${c.line} ${c.text}: ${c.reason}`);

describe('check and apply agree on members that a dependency or the platform declares', () => {
  it('fails before apply, and passes after it with the members apply kept listed as conflicts', () => {
    const dir = project();
    const before = checkJson(dir);
    expect(before.code).toBe(1);
    const expectedConflicts = [
      'src/api/flow-client.ts:10 sessionIdHeader: declared by a dependency (node_modules/fake-auth/index.d.ts); not renamed',
      'src/api/flow-client.ts:14 searchParams: declared by a dependency (lib.dom.d.ts); not renamed',
      'src/api/flow-client.ts:15 searchParams: declared by a dependency (lib.dom.d.ts); not renamed',
      'src/api/flow-client.ts:22 sessionId: declared by a dependency (node_modules/fake-auth/index.d.ts); not renamed',
    ];
    expect(dependencyConflicts(before.report.conflicts)).toEqual(expectedConflicts);
    // The project's own `options.searchParams` on the same line as the DOM's still counts.
    expect(before.report.references.filter((r) => r.line === 14).map((r) => `${r.column} ${r.text}`)).toEqual(['53 searchParams']);

    const apply = runCli(['apply', '--allow-dirty'], dir);
    expect(apply.code).toBe(1);
    const applied = [...apply.stdout.matchAll(/^ {2}(\S+):(\d+):(\d+) {2}(\w+): (.*)$/gm)].map(([, file, line, column, text, reason]) => ({ file, line: Number(line), column: Number(column), text, reason }));
    expect(dependencyConflicts(applied)).toEqual(expectedConflicts);
    // What check counted is exactly what apply rewrote.
    expect(apply.stdout).toContain(`Rewrote ${before.report.summary.references} references in 2 files.`);

    const after = checkJson(dir);
    expect(after.code).toBe(0);
    expect(after.report.check).toMatchObject({ passed: true, failing: 0 });
    expect(after.report.references).toEqual([]);
    expect(dependencyConflicts(after.report.conflicts)).toEqual(expectedConflicts);
  });

  it('does not consult the planner when syntax proves every member site the project\'s', async () => {
    const dir = project();
    const planner = vi.mocked(planRewrites);
    planner.mockClear();
    const owned = await check(resolveOptions(dir, { paths: ['src/storage'] }));
    expect(planner).not.toHaveBeenCalled();
    expect(owned.passed).toBe(false);
    expect(owned.report.references.map((r) => `${r.line}:${r.column} ${r.kind} ${r.text}`)).toEqual([
      '2:20 property sessionId',
      '2:35 property searchParams',
      '4:28 parameter sessionId',
      '5:28 parameter sessionId',
    ]);

    const all = await check(resolveOptions(dir, {}));
    expect(planner).toHaveBeenCalledTimes(1);
    const counted = all.report.references.filter((r) => r.file === 'src/api/flow-client.ts').map((r) => `${r.line}:${r.column}`);
    expect(counted).not.toContain('14:78');
    expect(counted).not.toContain('22:18');
    expect(dependencyConflicts(all.report.conflicts)).toHaveLength(4);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, copyFixture, listFiles } from './helpers.js';
import { PYTHON_CHECK_ENV } from '../helpers/cli.js';
import { compile } from '../helpers/tsc.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/renamer.js');
const env = { ...process.env, NO_COLOR: '1' };
const PLAN = ['--from', 'session_id', '--to', 'flow_id'];

function renamer(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
}

/** The app's own test suites: pytest for the Python package; tsc, then node's test runner on the output (Node 20 runs no TypeScript). */
function runAppTests(dir: string): void {
  execFileSync('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: dir, stdio: 'pipe', env: PYTHON_CHECK_ENV });
  const web = path.join(dir, 'web');
  rmSync(path.join(web, 'out'), { recursive: true, force: true });
  compile(web, ['-p', '.']);
  execFileSync(process.execPath, ['--test', 'out/test/'], { cwd: web, stdio: 'pipe' });
}

/** `file:line:col  text` of each line under the summary's Conflicts heading (the reason after `: ` left out). */
function conflictSites(stdout: string): string[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => /^Conflicts: \d+ sites? left unrewritten:$/.test(line));
  if (header === -1) return [];
  const rest = lines.slice(header + 1);
  return rest.slice(0, rest.findIndex((line) => !line.startsWith('  ')) >>> 0).map((line) => line.slice(2).split(': ')[0]!);
}

/** Source files of the tree: what the app's own test runs leave behind (tsc output, bytecode caches) left out. */
const sourceFiles = (dir: string): string[] =>
  listFiles(dir)
    .filter((file) => !file.startsWith('web/out/') && !file.includes('__pycache__/') && !file.startsWith('.benchmarks/'))
    .sort();

// The one collision: UserSession (flowdesk/schemas/auth.py) already has a flow_id field. Every site of its session_id
// field, at the input's positions: declaration, self access, typed access, getattr string, keyword argument.
const COLLISION_SITES = [
  'flowdesk/schemas/auth.py:8:5  session_id',
  'flowdesk/schemas/auth.py:12:39  session_id',
  'flowdesk/services/workflow.py:7:16  session_id',
  'flowdesk/services/workflow.py:16:49  session_id',
  'tests/test_workflow.py:11:38  session_id',
];

// The same sites after apply: the keyword argument before the getattr string on workflow.py:16 became flow_id= (3 shorter).
const REMAINING_AFTER_APPLY = [
  'flowdesk/schemas/auth.py:8:5:session_id',
  'flowdesk/schemas/auth.py:12:39:session_id',
  'flowdesk/services/workflow.py:7:16:session_id',
  'flowdesk/services/workflow.py:16:46:session_id',
  'tests/test_workflow.py:11:38:session_id',
];

interface CheckReport {
  references: { file: string; line: number; column: number; text: string; failing: boolean }[];
  check: { passed: boolean; failing: number; baselineCovered: number };
}

function checkJson(dir: string, ...args: string[]): { status: number | null; report: CheckReport } {
  const run = renamer(dir, ['check', ...PLAN, ...args, '--format', 'json']);
  expect(run.stderr).not.toMatch(/internal error/);
  return { status: run.status, report: JSON.parse(run.stdout) as CheckReport };
}

describe('symbol app (case 1 of issue 9 among unrelated same-named symbols, Python + TypeScript)', () => {
  it('renames every symbol but the colliding one whole, keeps its tests green, and check fails only at the collision', () => {
    const dir = copyFixture('symbol-app/input');
    // The front end compiles against this repository's TypeScript and @types/node; renamer never reads node_modules.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'web/node_modules'));
    runAppTests(dir);

    const applied = renamer(dir, ['apply', ...PLAN, '--allow-dirty']);
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(1);
    expect(applied.stdout).toMatch(/^Rewrote \d+ references in 8 files\./);
    expect(conflictSites(applied.stdout).sort()).toEqual([...COLLISION_SITES].sort());
    // Every other site belongs to a project symbol: nothing is unattributed, and the app has no external contracts.
    expect(applied.stdout).not.toMatch(/^(Unattributed|External contracts):/m);

    // The hand-written result: UserSession.session_id untouched everywhere, every other symbol renamed whole.
    const expectedDir = path.join(FIXTURES, 'symbol-app/expected');
    expect(sourceFiles(dir)).toEqual(sourceFiles(expectedDir));
    for (const file of sourceFiles(expectedDir)) {
      expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
    }

    runAppTests(dir);

    const again = renamer(dir, ['apply', ...PLAN, '--allow-dirty']);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/^Rewrote 0 references in 0 files\./);

    const gate = checkJson(dir);
    expect(gate.status).toBe(1);
    const failing = gate.report.references.filter((reference) => reference.failing);
    expect(failing.map((r) => `${r.file}:${r.line}:${r.column}:${r.text}`).sort()).toEqual([...REMAINING_AFTER_APPLY].sort());
    expect(gate.report.check).toMatchObject({ passed: false, failing: REMAINING_AFTER_APPLY.length });

    // The collision is left for a person to resolve: baselined, the gate passes and ratchets from there.
    const baseline = renamer(dir, ['check', ...PLAN, '--update-baseline', 'renamer-baseline.json']);
    expect(baseline.status).toBe(0);
    const written = JSON.parse(readFileSync(path.join(dir, 'renamer-baseline.json'), 'utf8')) as { total: number; references: { file: string }[] };
    expect(written.total).toBe(REMAINING_AFTER_APPLY.length);
    expect([...new Set(written.references.map((entry) => entry.file))].sort()).toEqual(['flowdesk/schemas/auth.py', 'flowdesk/services/workflow.py', 'tests/test_workflow.py']);
    const gated = checkJson(dir, '--baseline', 'renamer-baseline.json');
    expect(gated.status).toBe(0);
    expect(gated.report.check).toMatchObject({ passed: true, failing: 0, baselineCovered: REMAINING_AFTER_APPLY.length });
  }, 240_000);
});

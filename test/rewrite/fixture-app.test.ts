import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KINDS } from '../../src/config/options.js';
import type { Report } from '../../src/findings/model.js';
import { copyFixture } from './helpers.js';
import { PYTHON_CHECK_ENV } from '../helpers/cli.js';
import { compile } from '../helpers/tsc.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/renamer.js');
const env = { ...process.env, NO_COLOR: '1' };

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

describe('fixture app (Python package + TypeScript front end)', () => {
  // apply starts both engines; the app's own pytest and tsc run before and after: minutes on a loaded machine.
  it('passes its own tests before and after `renamer apply`, and check finds nothing outside the allowed files', { timeout: 300_000 }, () => {
    const dir = copyFixture('apply-app');
    // The front end compiles against this repository's TypeScript and @types/node; renamer never reads node_modules.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'web/node_modules'));
    runAppTests(dir);

    const applied = renamer(dir, ['apply', '--from', 'session_id', '--to', 'flow_id', '--allow-dirty']);
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/^Rewrote \d+ references in 8 files\./);

    runAppTests(dir);

    const check = renamer(dir, ['check', '--from', 'session_id', '--to', 'flow_id']);
    expect(check.stdout + check.stderr).not.toMatch(/internal error/);
    expect(check.status).toBe(0);
    const scan = renamer(dir, ['scan', '--from', 'session_id', '--to', 'flow_id', '--format', 'json']);
    const report = JSON.parse(scan.stdout) as Report;
    const counted = report.references.filter((reference) => (DEFAULT_KINDS as string[]).includes(reference.kind));
    expect(counted.filter((reference) => !reference.allowed)).toEqual([]);
    expect(counted.map((reference) => reference.file)).toEqual(['skill_fleet/compat/legacy.py', 'skill_fleet/compat/legacy.py']);
  });
});

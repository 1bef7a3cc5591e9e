import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.js';

/** The CLI's side of the Python environment: not-installed modules, --require-installed, extra roots. */
describe('renamer imports and the Python environment', () => {
  const r3 = path.join(FIXTURES, 'imports-r3-interpreter');

  it('lists a module that is not installed apart, in one line above the summary, and exits 0', () => {
    const text = runCli(['imports'], r3);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      'Not installed, not checked: 1 import of 1 third-party module (renamer_fixture_not_installed)',
      'Files checked: 3',
      'Imports checked: 3',
      'Broken imports found: 0',
      'Files with issues: 0',
    ]);
    const json = runCli(['imports', '--format', 'json', '--require-installed'], r3);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.brokenImports).toEqual([]);
    expect(report.unresolvedThirdParty).toEqual([
      { file: 'tests/test_core.py', line: 7, column: 8, module: 'renamer_fixture_not_installed', language: 'python', declared: false },
    ]);
  });

  it('searches the config’s pythonPaths, and refuses one that is not a folder', () => {
    const cwd = path.join(FIXTURES, 'imports-python-paths');
    const withRoots = runCli(['imports', '--format', 'json'], cwd);
    expect(withRoots.code, withRoots.stdout + withRoots.stderr).toBe(0);
    // Without the extra root, `shared` would be a third-party module that is not installed.
    expect(JSON.parse(withRoots.stdout)).toMatchObject({ brokenImports: [], unresolvedThirdParty: [], summary: { importsChecked: 1 } });
    const bad = runCli(['imports', '--python-path', 'no/such/dir'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('renamer imports: --python-path: no/such/dir is not a folder');
  });
});

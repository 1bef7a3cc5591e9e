import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseInterpreter, probeInterpreter } from '../../../src/lang/python/interpreter.js';
import { combineOwners, OwnerRules } from '../../../src/lang/python/symbols-owner.js';

const require = createRequire(import.meta.url);
const typeshed = path.join(path.dirname(require.resolve('pyright/package.json')), 'dist', 'typeshed-fallback');

function tree(files: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-interpreter-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '');
  }
  return dir;
}

describe('which interpreter pyright is given', () => {
  it('prefers VIRTUAL_ENV, then a .venv or venv beside a project marker, then python3 on PATH', () => {
    const dir = tree(['env/bin/python', 'svc/pyproject.toml', 'svc/venv/bin/python', 'svc/app.py']);
    const files = [path.join(dir, 'svc/pyproject.toml'), path.join(dir, 'svc/app.py')];
    expect(chooseInterpreter(dir, files, { VIRTUAL_ENV: path.join(dir, 'env') })).toEqual({ executable: path.join(dir, 'env/bin/python'), source: 'VIRTUAL_ENV' });
    expect(chooseInterpreter(dir, files, {})).toEqual({ executable: path.join(dir, 'svc/venv/bin/python'), source: 'svc/venv' });
    expect(chooseInterpreter(path.join(dir, 'svc'), [], {})).toEqual({ executable: path.join(dir, 'svc/venv/bin/python'), source: 'venv' });
    expect(chooseInterpreter(dir, [], {})).toEqual({ executable: 'python3', source: 'python3 on PATH' });
  });

  it("takes pyenv's version binary from pyenv's files instead of running its shim", () => {
    const dir = tree(['pyenv/shims/python3', 'pyenv/versions/3.11.7/bin/python', 'pyenv/versions/3.12.1/bin/python', 'app/main.py']);
    writeFileSync(path.join(dir, 'pyenv/version'), '3.11.7\n');
    const env = { PATH: path.join(dir, 'pyenv/shims') };
    expect(chooseInterpreter(dir, [], env)).toEqual({ executable: path.join(dir, 'pyenv/versions/3.11.7/bin/python'), source: 'pyenv 3.11.7' });
    // The nearest .python-version wins over the global version file, and PYENV_VERSION over both.
    writeFileSync(path.join(dir, 'app/.python-version'), '3.12.1\n');
    expect(chooseInterpreter(path.join(dir, 'app'), [], env).executable).toBe(path.join(dir, 'pyenv/versions/3.12.1/bin/python'));
    expect(chooseInterpreter(path.join(dir, 'app'), [], { ...env, PYENV_VERSION: '3.11.7' }).executable).toBe(path.join(dir, 'pyenv/versions/3.11.7/bin/python'));
    // `system`, or a version that is not installed, leaves python3 on PATH to the probe.
    expect(chooseInterpreter(dir, [], { ...env, PYENV_VERSION: 'system' }).source).toBe('python3 on PATH');
    expect(chooseInterpreter(dir, [], { ...env, PYENV_VERSION: '3.9.0' }).source).toBe('python3 on PATH');
  });

  it('asks the interpreter for its site-packages and standard library, and survives one that cannot run', async () => {
    const found = await probeInterpreter('python3', 'python3 on PATH', process.env);
    expect(found?.sitePackages.some((dir) => dir.endsWith('site-packages'))).toBe(true);
    expect(found?.stdlib.length).toBeGreaterThan(0);
    expect(await probeInterpreter('/nonexistent/python', 'test', process.env)).toBeUndefined();
  });
});

describe('who owns a declaration, by its file', () => {
  const root = tree(['.git/HEAD', 'app/x.py', 'other/y.py']);
  const interpreter = { executable: 'python', sitePackages: ['/opt/py/lib/python3.11/site-packages'], stdlib: ['/opt/py/lib/python3.11'], source: 't' };
  const rules = new OwnerRules(path.join(root, 'app'), new Set([path.join(root, 'app/x.py')]), interpreter, ['/vendor']);

  it('tells the project, the workspace, dependencies and the platform apart', () => {
    expect(rules.classify(path.join(root, 'app/x.py'))).toEqual({ owner: 'project' });
    expect(rules.classify(path.join(root, 'other/y.py'))).toEqual({ owner: 'workspace' });
    expect(rules.classify('/opt/py/lib/python3.11/site-packages/requests/api.py')).toEqual({ owner: 'dependency', declaredIn: 'requests' });
    expect(rules.classify(path.join(root, 'app/.venv/lib/python3.12/site-packages/six.py'))).toEqual({ owner: 'dependency', declaredIn: 'six' });
    expect(rules.classify('/vendor/simple_salesforce/__init__.py')).toEqual({ owner: 'dependency', declaredIn: 'simple_salesforce' });
    expect(rules.classify(path.join(root, 'app/typings/boto3/__init__.pyi'))).toEqual({ owner: 'dependency', declaredIn: 'boto3' });
    expect(rules.classify(path.join(typeshed, 'stdlib/os/path.pyi'))).toEqual({ owner: 'platform', declaredIn: 'os.path' });
    expect(rules.classify(path.join(typeshed, 'stubs/requests/requests/api.pyi'))).toEqual({ owner: 'dependency', declaredIn: 'requests' });
    expect(rules.classify('/opt/py/lib/python3.11/json/__init__.py')).toEqual({ owner: 'platform', declaredIn: 'json' });
  });

  it('lets the strongest claim win when one symbol has several declarations', () => {
    expect(combineOwners(['project', 'workspace'])).toBe('workspace');
    expect(combineOwners(['project', 'platform'])).toBe('platform');
    expect(combineOwners(['platform', 'dependency'])).toBe('dependency');
    expect(combineOwners(['dependency', 'unknown'])).toBe('unknown');
    expect(combineOwners([])).toBe('project');
  });
});

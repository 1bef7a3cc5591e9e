import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports } from '../../src/imports/index.js';
import { FsCache } from '../../src/imports/fs-cache.js';
import { PythonProjects } from '../../src/imports/python/projects.js';
import { filesOf, fixture, NO_INTERPRETER, ROOT } from './helpers.js';

const listed = (result: Awaited<ReturnType<typeof checkImports>>): string[] =>
  result.brokenImports.map((entry) => `${entry.file}:${entry.line}:${entry.column} ${entry.specifier}`);

/**
 * fixtures/imports-py-multi: two services side by side, each with its own top-level `app` package and
 * requirements.txt. flows moved app/session_store.py to app/flow_store.py; billing still has a session_store.
 */
describe('checkImports resolves each Python file within its own project (fixtures/imports-py-multi)', () => {
  const cwd = fixture('imports-py-multi');

  it('reports exactly the imports that fail in their own service', async () => {
    const result = await checkImports({ cwd, files: await filesOf(cwd), map: [], python: NO_INTERPRETER });
    expect(listed(result)).toEqual([
      // Exists in billing's app, not in flows' app.
      'services/flows/app/routes.py:6:6 app.session_store',
    ]);
    // Declared by billing only: flows never declared it, and it is not installed, so it is not checked.
    expect(result.unresolvedThirdParty.filter((entry) => !entry.declared).map((entry) => `${entry.file}:${entry.line} ${entry.module}`)).toEqual([
      'services/flows/app/routes.py:3 requests',
    ]);
    expect(result.filesChecked).toBe(8);
    expect(result.errors).toEqual([]);
  });

  it('does not resolve `app` against the other service’s package', async () => {
    const result = await checkImports({ cwd, files: await filesOf(cwd), map: [], python: NO_INTERPRETER });
    const specifiers = result.brokenImports.map((entry) => entry.specifier);
    // `from app import flow_store` (flows only) and `from app import invoices` (billing only) both resolve,
    // whichever service's `app` a tree-wide search would have met first.
    expect(specifiers).not.toContain('app.flow_store');
    expect(specifiers).not.toContain('app.invoices');
    expect(specifiers).not.toContain('app.session_store.load_session');
  });

  it('lets a service import what it declares or what the repository around it declares', async () => {
    const result = await checkImports({ cwd, files: await filesOf(cwd), map: [], python: NO_INTERPRETER });
    const specifiers = result.brokenImports.map((entry) => entry.specifier);
    // fastapi: flows' requirements.txt; requests in billing: billing's; pytest: the repository's requirements-dev.txt.
    expect(specifiers).not.toContain('fastapi');
    expect(specifiers).not.toContain('requests');
    expect(specifiers).not.toContain('pytest');
    const undeclared = result.unresolvedThirdParty.filter((entry) => !entry.declared).map((entry) => entry.module);
    expect(undeclared).toEqual(['requests']);
  });

  it('gives the same reports when scanned from the repository root next to other fixtures with an `app` package', async () => {
    const files = [...(await filesOf(cwd)), ...(await filesOf(fixture('apply-module-references'))), ...(await filesOf(fixture('py-kinds')))];
    const result = await checkImports({ cwd: ROOT, files, map: [], python: NO_INTERPRETER });
    const reports = listed(result);
    expect(reports.filter((entry) => entry.startsWith('fixtures/imports-py-multi/'))).toEqual([
      'fixtures/imports-py-multi/services/flows/app/routes.py:6:6 app.session_store',
    ]);
    // uses_store.py imports the session_store sitting next to it; py-kinds' app has none, and says so.
    expect(reports.filter((entry) => entry.includes('uses_store.py'))).toEqual([]);
    expect(reports).toContain('fixtures/py-kinds/app/services/data_import_validation_service.py:5:8 app.session_store');
  });
});

describe('PythonProjects', () => {
  const cwd = fixture('imports-py-multi');
  const projects = new PythonProjects(new FsCache(), cwd);
  const at = (relative: string): string => path.join(cwd, relative);

  it('puts each file in the nearest folder with a project marker, up to the scan root', () => {
    expect(projects.projectOf(at('services/flows/app/routes.py'))).toBe(at('services/flows'));
    expect(projects.projectOf(at('services/flows/tests/test_routes.py'))).toBe(at('services/flows'));
    expect(projects.projectOf(at('services/billing/app/charge.py'))).toBe(at('services/billing'));
    expect(projects.enclosing(at('services/billing'))).toEqual([cwd]);
  });

  it('falls back to the scan root when no folder up to it has a marker', () => {
    const root = fixture('apply-module-references');
    const scan = new PythonProjects(new FsCache(), root);
    expect(scan.projectOf(path.join(root, 'input/app/uses_store.py'))).toBe(root);
    expect(scan.enclosing(root)).toEqual([]);
  });
});

describe('a sub-project run on its own (fixtures/imports-r2-extend-path)', () => {
  it('still sees the repository’s projects above it: app.core resolves from packages/client', async () => {
    const cwd = fixture('imports-r2-extend-path/packages/client');
    const result = await checkImports({ cwd, files: await filesOf(cwd), map: [], python: NO_INTERPRETER });
    expect(listed(result)).toEqual(['src/app/client/api.py:5:6 app.client.transport']);
  });
});

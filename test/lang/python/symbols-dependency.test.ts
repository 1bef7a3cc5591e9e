import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonEngine, type PythonSymbolEngine } from '../../../src/lang/python/symbols.js';
import type { Binding, SiteQuery } from '../../../src/symbols/model.js';
import { bindingAt, contextOf, copyFixture, describeSymbol, sitesOf } from './symbols-fixture.js';

/**
 * Issue 9, reproduction 2: names a dependency declares are the dependency's. The fixture's `site-packages/` is
 * installed into a venv made here (`.venv` beside pyproject.toml, which the engine must find by itself);
 * `missing_sdk` is imported but not installed.
 */
describe('python symbols: dependency protection (symbols-py-dependency)', () => {
  const dir = copyFixture('symbols-py-dependency');
  let engine: PythonSymbolEngine;
  let sites: SiteQuery[];
  let bindings: Binding[];

  beforeAll(async () => {
    execFileSync('python3', ['-m', 'venv', '--without-pip', path.join(dir, '.venv')]);
    const lib = path.join(dir, '.venv', 'lib');
    const sitePackages = path.join(lib, readdirSync(lib).find((name) => name.startsWith('python'))!, 'site-packages');
    cpSync(path.join(dir, 'site-packages'), sitePackages, { recursive: true });
    rmSync(path.join(dir, 'site-packages'), { recursive: true });
    const { VIRTUAL_ENV: _, ...env } = process.env;
    engine = await createPythonEngine(contextOf(dir), { env });
    sites = sitesOf(dir, 'session_id');
    bindings = await engine.bind(sites);
  });
  afterAll(() => engine?.dispose());

  const at = (place: string) => describeSymbol(dir, bindingAt(dir, sites, bindings, place));

  it('finds the project’s venv', () => {
    expect(engine.stats().interpreter).toContain(`${path.join(dir, '.venv')}`);
  });

  it('binds a keyword argument of an installed class to the dependency’s parameter', () => {
    expect(at('app/crm.py:5:41')).toEqual({
      owner: 'dependency',
      declaredIn: 'simple_salesforce',
      locations: ['app/crm.py:5:41'],
      declarations: ['site-packages/simple_salesforce/__init__.py:5:48'],
    });
    expect(at('app/crm.py:10:19')).toMatchObject({ owner: 'dependency', declaredIn: 'simple_salesforce' });
  });

  it('binds an attribute narrowed by isinstance to the dependency, or to unknown when it is not installed', () => {
    expect(at('app/agent.py:6:24')).toMatchObject({ owner: 'dependency', declaredIn: 'agent_sdk' });
    expect(bindingAt(dir, sites, bindings, 'app/agent_missing.py:6:24')).toMatchObject({ kind: 'unknown' });
    expect(bindingAt(dir, sites, bindings, 'app/calls.py:12:43')).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('missing_sdk.send') });
  });

  it('marks strings passed into a dependency or the standard library as external, and the project’s own as not', () => {
    const external = (place: string) => (bindingAt(dir, sites, bindings, place) as { external?: string }).external;
    expect(external('app/calls.py:10:31')).toBe('passed to `requests.post` (dependency requests)');
    expect(external('app/calls.py:11:22')).toBe('passed to `agent_sdk.send` (dependency agent_sdk)');
    expect(external('app/calls.py:12:24')).toContain('cannot resolve');
    expect(external('app/calls.py:13:18')).toBe('passed to `json.dumps` (standard library json)');
    for (const place of ['app/calls.py:14:16', 'app/calls.py:15:19', 'app/calls.py:15:35']) {
      expect(bindingAt(dir, sites, bindings, place)).toEqual({ kind: 'unbound' });
    }
  });
});

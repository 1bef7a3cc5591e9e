import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonEngine } from '../../../src/lang/python/symbols.js';
import type { Binding, SiteQuery, SymbolEngine } from '../../../src/symbols/model.js';
import { bindingAt, contextOf, copyFixture, describeSymbol, sitesOf } from './symbols-fixture.js';

// Issue 9, reproduction 1: one collision (UserSession has both names) must not drag unrelated symbols with it.
describe('python symbols: reproduction 1 (symbols-py-collision)', () => {
  const dir = copyFixture('symbols-py-collision');
  let engine: SymbolEngine;
  let sites: SiteQuery[];
  let bindings: Binding[];
  const progress: number[] = [];

  beforeAll(async () => {
    engine = await createPythonEngine(contextOf(dir));
    sites = sitesOf(dir, 'session_id');
    bindings = await engine.bind(sites, (done) => progress.push(done));
  });
  afterAll(() => engine?.dispose());

  const at = (place: string) => describeSymbol(dir, bindingAt(dir, sites, bindings, place));

  it('binds the UserSession field and its access, and nothing else, to one project symbol', () => {
    expect(at('schemas/auth.py:6:5')).toEqual({
      owner: 'project',
      locations: ['schemas/auth.py:6:5', 'services/workflow.py:8:18'],
      declarations: ['schemas/auth.py:6:5'],
    });
    expect(at('services/workflow.py:8:18')).toEqual(at('schemas/auth.py:6:5'));
  });

  it('ties the keyword argument to the parameter of validate_import', () => {
    expect(at('services/workflow.py:10:28')).toEqual({
      owner: 'project',
      locations: ['services/validation.py:1:21', 'services/validation.py:2:15', 'services/workflow.py:10:28'],
      declarations: ['services/validation.py:1:21'],
    });
  });

  it('ties the dataclass keyword, the getattr string and the access to the DataImportRequest field', () => {
    const request = {
      owner: 'project',
      locations: ['services/requests_model.py:6:5', 'services/workflow.py:7:29', 'services/workflow.py:9:27', 'services/workflow.py:10:74'],
      declarations: ['services/requests_model.py:6:5'],
    };
    for (const place of request.locations) expect(at(place)).toEqual(request);
  });

  it('answers every site, three distinct symbols in all, and reports progress', () => {
    expect(bindings).toHaveLength(sites.length);
    expect(new Set(bindings).size).toBe(3);
    expect(progress.at(-1)).toBe(sites.length);
  });
});

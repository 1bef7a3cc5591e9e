import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonEngine } from '../../../src/lang/python/symbols.js';
import type { Binding, SiteQuery, SymbolEngine } from '../../../src/symbols/model.js';
import { bindingAt, contextOf, copyFixture, describeSymbol, sitesOf } from './symbols-fixture.js';

/**
 * What pyright ties by itself and what the adapter adds (symbols-py-ties). Measured with pyright 1.1.414:
 * pyright ties keywords to parameters, dataclass and pydantic keywords to fields, `self.x` in `__init__` to its
 * uses, attribute accesses per class, `__all__` entries, and (declaration only) TypedDict keys in dict literals.
 * It does NOT tie an override to the member it overrides, a keyword that a `**kwargs` constructor takes to the
 * class's field, getattr/`**` dict strings, or `obj["key"]` of a TypedDict: the adapter does.
 */
describe('python symbols: what pyright ties (symbols-py-ties)', () => {
  const dir = copyFixture('symbols-py-ties');
  let engine: SymbolEngine;
  let sites: SiteQuery[];
  let bindings: Binding[];

  beforeAll(async () => {
    engine = await createPythonEngine(contextOf(dir));
    // `run` in threads.py: a method overriding the standard library's Thread.run.
    const threads = path.join(dir, 'app/threads.py');
    const run = readFileSync(threads, 'utf8').indexOf('run(self)');
    sites = [...sitesOf(dir, 'session_id'), { file: threads, start: run, end: run + 3, text: 'run', kind: 'function' }];
    bindings = await engine.bind(sites);
  });
  afterAll(() => engine?.dispose());

  const at = (place: string) => describeSymbol(dir, bindingAt(dir, sites, bindings, place));
  const same = (...places: string[]) => new Set(places.map((place) => bindingAt(dir, sites, bindings, place))).size === 1;

  it('ties keyword arguments to the parameter, apart from the attribute of the same name', () => {
    expect(at('app/use.py:8:47')).toMatchObject({ locations: ['app/models.py:17:24', 'app/models.py:18:27', 'app/use.py:8:47'] });
    expect(same('app/models.py:17:24', 'app/models.py:18:14')).toBe(false);
  });

  it('ties dataclass and pydantic keywords to their fields, one symbol per class', () => {
    expect(at('app/use.py:6:17')).toEqual({
      owner: 'project',
      locations: ['app/models.py:25:5', 'app/use.py:6:17', 'app/use.py:8:13'],
      declarations: ['app/models.py:25:5'],
    });
    expect(at('app/use.py:7:16')).toMatchObject({ locations: expect.arrayContaining(['app/models.py:30:5', 'app/use.py:8:27']) });
    expect(same('app/use.py:6:17', 'app/use.py:7:16', 'app/use.py:5:59')).toBe(false);
  });

  it('makes an override and the member it overrides one symbol', () => {
    expect(at('app/use.py:5:13')).toEqual({
      owner: 'project',
      locations: ['app/models.py:7:9', 'app/models.py:12:9', 'app/use.py:5:13', 'app/use.py:5:29'],
      declarations: ['app/models.py:7:9', 'app/models.py:12:9'],
    });
    // `self.session_id = ...` in Tracker and again in its subclass.
    expect(at('app/models.py:40:14')).toMatchObject({
      locations: ['app/models.py:18:14', 'app/models.py:21:21', 'app/models.py:40:14', 'app/models.py:43:21', 'app/use.py:5:45'],
    });
  });

  it('makes an override of the standard library the platform’s, and a member under an unresolved base unknown', () => {
    expect(at('app/threads.py:7:9')).toMatchObject({ owner: 'platform', locations: expect.arrayContaining(['app/threads.py:7:9', 'app/threads.py:16:7']) });
    expect(at('app/threads.py:12:5')).toMatchObject({ owner: 'unknown', locations: ['app/threads.py:12:5', 'app/threads.py:17:13'] });
  });

  it('binds getattr, hasattr and setattr names to the member of the object’s class', () => {
    expect(same('app/reflect.py:5:23', 'app/reflect.py:6:17', 'app/use.py:7:16')).toBe(true);
    expect(same('app/reflect.py:5:49', 'app/use.py:5:59')).toBe(true);
    expect(bindingAt(dir, sites, bindings, 'app/reflect.py:5:75')).toEqual({ kind: 'unknown', reason: 'the type of `x` is unknown to pyright' });
  });

  it('binds dict keys spread with ** to the callee’s parameter or field', () => {
    expect(at('app/splat.py:6:22')).toEqual({
      owner: 'project',
      locations: ['app/services.py:1:18', 'app/services.py:2:12', 'app/splat.py:6:22', 'app/splat.py:7:17'],
      declarations: ['app/services.py:1:18'],
    });
    expect(same('app/splat.py:9:16', 'app/use.py:7:16')).toBe(true);
    expect(bindingAt(dir, sites, bindings, 'app/splat.py:10:15')).toEqual({ kind: 'unbound' });
    expect(bindingAt(dir, sites, bindings, 'app/splat.py:12:16')).toEqual({ kind: 'unbound' });
  });

  it('binds TypedDict keys in dict literals and subscripts to the field', () => {
    expect(at('app/typed.py:13:33')).toEqual({
      owner: 'project',
      locations: ['app/typed.py:9:5', 'app/typed.py:13:33', 'app/typed.py:14:20'],
      declarations: ['app/typed.py:9:5'],
    });
  });

  it('binds `__all__` entries with the symbol they export, even when the entry comes first', () => {
    expect(at('app/__init__.py:1:13')).toMatchObject({ owner: 'project', declarations: ['app/constants.py:1:1'] });
    expect(same('app/__init__.py:1:13', 'app/typed.py:5:13', 'app/typed.py:13:53')).toBe(true);
  });

  it('binds a keyword a **kwargs constructor takes to the class field; one the project\'s own **kwargs swallows is free text', () => {
    expect(at('app/splat.py:11:60')).toMatchObject({ owner: 'project', locations: ['app/services.py:18:5', 'app/splat.py:11:60', 'app/splat.py:11:76'] });
    // The function reads it back as a string (`kwargs.get("...")`), which apply renames as free text too.
    expect(bindingAt(dir, sites, bindings, 'app/splat.py:11:39')).toEqual({ kind: 'unbound' });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { siteContext } from '../../../src/lang/python/symbols-syntax.js';
import { loadParser } from '../../../src/lang/tree-sitter.js';
import type { Parser } from 'web-tree-sitter';

/** Which question the engine asks about a site is decided by syntax alone; no server is involved here. */
describe('python symbols: what syntax says a site is', () => {
  let parser: Parser;
  beforeAll(async () => {
    parser = await loadParser('python');
  });
  /** The context of the `occurrence`-th `session_id` in `source`. */
  const contextOf = (source: string, occurrence = 0) => {
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) offset = source.indexOf('session_id', offset + 1);
    const tree = parser.parse(source)!;
    try {
      return siteContext(tree, offset);
    } finally {
      tree.delete();
    }
  };

  it('names the callee of a keyword argument, the object of an access and the module of an import', () => {
    expect(contextOf('client.post(session_id=1)')).toEqual({ type: 'identifier', keywordOf: { offset: 7, text: 'client.post' } });
    expect(contextOf('x = self.req.session_id')).toEqual({ type: 'identifier', attributeOf: 'self.req' });
    expect(contextOf('from sdk.types import session_id')).toEqual({ type: 'identifier', importFrom: 'sdk.types' });
  });

  it('reads getattr-family names only when the string is the whole name', () => {
    expect(contextOf('getattr(self.req, "session_id", None)')).toEqual({ type: 'reflection', objectOffset: 13, objectText: 'self.req', name: 'session_id' });
    expect(contextOf('setattr(req, "session_id", 1)')).toMatchObject({ type: 'reflection', name: 'session_id' });
    expect(contextOf('getattr(req, "x_session_id_y")')).toMatchObject({ type: 'reflection', name: 'x_session_id_y' });
    expect(contextOf('getattr(req, f"session_id_{n}")')).toEqual({ type: 'string' });
    expect(contextOf('getattr(req, "session_id of x")')).toEqual({ type: 'string', argumentOf: { offset: 0, text: 'getattr' } });
  });

  it('follows a dict literal into the calls that spread it, in the same function only', () => {
    expect(contextOf('f(**{"session_id": 1})')).toEqual({ type: 'splat-key', callees: [{ offset: 0, text: 'f' }], name: 'session_id' });
    const source = 'def a():\n    p = {"session_id": 1}\n    g(**p)\n    def inner():\n        h(**p)\n\ndef b():\n    k(**p)\n';
    expect(contextOf(source)).toEqual({ type: 'splat-key', callees: [{ offset: 39, text: 'g' }], name: 'session_id' });
    expect(contextOf('p = {"session_id": 1}\nprint(p["session_id"])\n')).toEqual({ type: 'string', name: 'session_id', dictKey: true });
  });

  it('finds the call a literal is an argument of, through containers but not through nested calls or f-strings', () => {
    expect(contextOf('requests.post(u, json={"a": ["session_id"]})')).toEqual({
      type: 'string',
      argumentOf: { offset: 9, text: 'requests.post' },
      name: 'session_id',
    });
    expect(contextOf('requests.post(u, json=build({"session_id": 1}))')).toMatchObject({ argumentOf: { offset: 22, text: 'build' }, dictKey: true });
    expect(contextOf('log.info(f"session_id={s}")')).toEqual({ type: 'string' });
    expect(contextOf('log.info("no session_id here")')).toEqual({ type: 'string', argumentOf: { offset: 4, text: 'log.info' } });
    expect(contextOf('self.d["session_id"] = 1')).toEqual({ type: 'string', name: 'session_id', subscriptOf: { offset: 5, text: 'self.d' } });
    expect(contextOf('# session_id\n')).toEqual({ type: 'other' });
  });
});

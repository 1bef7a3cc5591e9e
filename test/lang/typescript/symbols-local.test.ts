import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineFixture, symbolOf } from './symbols-fixture.js';

// fixtures/symbols-ts-local: one tsconfig project; positions below are line:column in its files.
let fx: EngineFixture;
beforeAll(async () => {
  fx = await EngineFixture.open('symbols-ts-local');
});
afterAll(() => fx.close());

const PROPERTY_LOCATIONS = [
  'src/mocked.ts:7:54',
  'src/session.ts:13:12 suffix=": sessionId"',
  'src/session.ts:18:16',
  'src/session.ts:2:3',
  'src/session.ts:8:12',
  'src/use.ts:4:24',
  'src/use.ts:6:24 suffix=": sessionId"',
];

describe('locals and parameters', () => {
  it('binds a parameter to its uses in its function only', async () => {
    const [parameter] = await fx.bind(fx.site('src/session.ts', 'describeSession(sessionId', { word: 'sessionId', kind: 'parameter' }));
    const symbol = symbolOf(parameter);
    expect(symbol).toMatchObject({ name: 'sessionId', owner: 'project' });
    expect(fx.where(symbol.locations)).toEqual(['src/session.ts:6:33', 'src/session.ts:7:19']);
    expect(fx.where(symbol.declarations)).toEqual(['src/session.ts:6:33']);
  });

  it('binds a compound site to the identifier that holds it, across files', async () => {
    const [use] = await fx.bind(fx.site('src/use.ts', 'describeSession(', { word: 'Session', kind: 'function' }));
    expect(symbolOf(use).name).toBe('describeSession');
    expect(fx.where(symbolOf(use).locations)).toEqual(['src/mocked.ts:7:28', 'src/session.ts:6:17', 'src/use.ts:1:10', 'src/use.ts:3:34']);
  });

  it('binds a local block-scoped variable', async () => {
    const [local] = await fx.bind(fx.site('src/session.ts', 'sessionCount = 2', { word: 'sessionCount' }));
    expect(fx.where(symbolOf(local).locations)).toEqual(['src/session.ts:24:9', 'src/session.ts:25:10']);
  });
});

describe('an interface property', () => {
  it('ties declaration, accesses, object-literal keys of its type and element-access strings into one symbol', async () => {
    const sites = [
      fx.site('src/session.ts', 'sessionId: string', { word: 'sessionId', kind: 'property' }),
      fx.site('src/session.ts', 'sessionId: trimmed', { word: 'sessionId', kind: 'property' }),
      fx.site('src/session.ts', 'info["sessionId"]', { word: 'sessionId', kind: 'string' }),
      fx.site('src/use.ts', 'info.sessionId', { word: 'sessionId', kind: 'member' }),
      fx.site('src/mocked.ts', "'b').sessionId", { word: 'sessionId', kind: 'member' }),
    ];
    const [declaration, ...others] = await fx.bind(...sites);
    const symbol = symbolOf(declaration);
    expect(symbol.owner).toBe('project');
    expect(fx.where(symbol.locations)).toEqual(PROPERTY_LOCATIONS);
    expect(fx.where(symbol.declarations)).toEqual(['src/session.ts:2:3']);
    // Answered from the first answer's locations: one request per symbol.
    for (const other of others) expect(other).toBe(declaration);
  });

  it('reports progress once per site', async () => {
    const progress: string[] = [];
    const sites = [fx.site('src/use.ts', 'info.sessionId', { word: 'sessionId' }), fx.site('src/use.ts', '{ sessionId }', { word: 'sessionId' })];
    await fx.engine.bind(sites, (done, total) => progress.push(`${done}/${total}`));
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('binds a shorthand key to the local it reads; the key keeps its name through prefix text', async () => {
    const [shorthand, destructured] = await fx.bind(
      fx.site('src/session.ts', '{ sessionId, userId }', { word: 'sessionId', kind: 'property' }),
      fx.site('src/use.ts', '{ sessionId }', { word: 'sessionId', kind: 'parameter' }),
    );
    expect(fx.where(symbolOf(shorthand).locations)).toEqual(['src/session.ts:11:27', 'src/session.ts:13:12 prefix="sessionId: "']);
    expect(fx.where(symbolOf(destructured).locations)).toEqual(['src/use.ts:6:24 prefix="sessionId: "', 'src/use.ts:7:10']);
  });

  it('renames an object\'s own shorthand key with its local, so the shorthand stays a shorthand', async () => {
    const [parameter, shorthand] = await fx.bind(
      fx.site('src/session.ts', 'payload(sessionId', { word: 'sessionId', kind: 'parameter' }),
      fx.site('src/session.ts', '{ sessionId, kind', { word: 'sessionId', kind: 'property' }),
    );
    expect(fx.where(symbolOf(parameter).locations)).toEqual(['src/session.ts:28:25', 'src/session.ts:29:12']);
    expect(shorthand).toBe(parameter);
  });

  it('ties a JSX attribute to the component prop it sets', async () => {
    const [attribute] = await fx.bind(fx.site('src/view.tsx', 'SessionBadge sessionId', { word: 'sessionId', kind: 'property' }));
    expect(fx.where(symbolOf(attribute).locations)).toEqual(['src/view.tsx:2:3', 'src/view.tsx:5:25 suffix=": sessionId"', 'src/view.tsx:9:36']);
  });
});

describe('what binds to nothing, or only to itself', () => {
  it('treats a key of an object literal without a contextual type as the project own shape', async () => {
    const [key, text] = await fx.bind(
      fx.site('src/session.ts', 'plain = { sessionId', { word: 'sessionId', kind: 'property' }),
      fx.site('src/session.ts', "'session_id'", { word: 'session_id', kind: 'string' }),
    );
    expect(symbolOf(key).owner).toBe('project');
    expect(fx.where(symbolOf(key).locations)).toEqual(['src/session.ts:21:24']);
    expect(text).toEqual({ kind: 'unbound' });
  });

  it('answers a comment site as unbound (the planner never sends one, but it must not throw)', async () => {
    const [comment] = await fx.bind(fx.site('src/session.ts', 'the sessionId property', { word: 'sessionId', kind: 'comment' }));
    expect(comment).toEqual({ kind: 'unbound' });
  });
});

describe('files the tree-sitter grammar cannot parse', () => {
  it('binds in a file with `importOriginal<typeof import("./q")>()` from TypeScript\'s own parser', async () => {
    const [local] = await fx.bind(fx.site('src/mocked.ts', 'const sessionId', { word: 'sessionId', kind: 'variable' }));
    expect(fx.where(symbolOf(local).locations)).toEqual(['src/mocked.ts:7:9', 'src/mocked.ts:8:10']);
  });
});

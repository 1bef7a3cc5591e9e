import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIB_MESSAGE, NODE_MODULES_MESSAGE } from '../../../src/lang/typescript/symbols-owner.js';
import { EngineFixture, symbolOf } from './symbols-fixture.js';

/**
 * fixtures/symbols-ts-dependency: an app using next-auth, posthog-js, the MCP SDK and an untyped package, whose
 * fake installs live in deps/ (copied to node_modules when "installed"), plus the platform's DOM API.
 */
describe('with dependencies installed', () => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await EngineFixture.open('symbols-ts-dependency', { deps: 'deps' });
  });
  afterAll(() => fx.close());

  it('binds an imported type to the dependency that declares it, at the import and at its uses', async () => {
    const [imported, used] = await fx.bind(
      fx.site('src/auth.ts', '{ SessionContextValue }', { word: 'Session', kind: 'import' }),
      fx.site('src/auth.ts', 'x: SessionContextValue', { word: 'Session', kind: 'type' }),
    );
    expect(symbolOf(imported)).toMatchObject({ name: 'SessionContextValue', owner: 'dependency', declaredIn: 'next-auth', reason: NODE_MODULES_MESSAGE });
    expect(fx.where(symbolOf(imported).locations)).toEqual(expect.arrayContaining(['src/auth.ts:1:15', 'src/auth.ts:3:22']));
    expect(fx.where(symbolOf(imported).declarations)).toEqual(['node_modules/next-auth/react.d.ts:2:18']);
    expect(used).toBe(imported);
  });

  it('binds a module augmentation to the interface it merges with', async () => {
    const [augmented] = await fx.bind(fx.site('src/auth.ts', 'interface Session', { word: 'Session', kind: 'type' }));
    expect(symbolOf(augmented)).toMatchObject({ name: 'Session', owner: 'dependency', declaredIn: 'next-auth' });
  });

  it('binds an object key to the dependency property of the parameter type, and the member read back', async () => {
    const [key, member] = await fx.bind(
      fx.site('src/mcp.ts', 'sessionIdGenerator', { word: 'sessionId', kind: 'property' }),
      fx.site('src/mcp.ts', 'transport.sessionId', { word: 'sessionId', kind: 'member' }),
    );
    expect(symbolOf(key)).toMatchObject({ name: 'sessionIdGenerator', owner: 'dependency', declaredIn: '@modelcontextprotocol/sdk' });
    expect(symbolOf(member)).toMatchObject({ owner: 'dependency', declaredIn: '@modelcontextprotocol/sdk' });
  });

  it('ties a string literal type by where its type is written, not by a dependency\'s same-spelled literal', async () => {
    const [own, theirs] = await fx.bind(
      fx.site('src/tabs.ts', "{ kind: 'session' }", { word: 'session', kind: 'string' }),
      fx.site('src/tabs.ts', "on('session'", { word: 'session', kind: 'string' }),
    );
    expect(symbolOf(own).owner).toBe('project');
    expect(fx.where(symbolOf(own).locations)).toEqual(['src/tabs.ts:4:10', 'src/tabs.ts:7:34', 'src/tabs.ts:8:70']);
    expect(symbolOf(theirs)).toMatchObject({ owner: 'dependency', declaredIn: 'posthog-js' });
    expect(fx.where(symbolOf(theirs).locations)).toContain('src/tabs.ts:10:13');
    expect(fx.where(symbolOf(theirs).locations)).not.toContain('src/tabs.ts:7:34');
  });

  it('binds a member of an installed package without types to that dependency', async () => {
    const [member] = await fx.bind(fx.site('src/untyped.ts', 'openSession().sessionId', { word: 'sessionId', kind: 'member' }));
    expect(symbolOf(member)).toMatchObject({ owner: 'dependency', declaredIn: 'untyped-lib' });
  });

  it('lists strings and keys passed to a dependency as external contracts', async () => {
    const [event, reserved, quoted] = await fx.bind(
      fx.site('src/analytics.ts', "'session_started'", { word: 'session', kind: 'string' }),
      fx.site('src/analytics.ts', '$session_id', { word: 'session_id', kind: 'property' }),
      fx.site('src/analytics.ts', "'Session-Kind'", { word: 'Session', kind: 'string' }),
    );
    expect(event).toEqual({ kind: 'unbound', external: 'passed to posthog.capture (posthog-js)' });
    expect(reserved).toEqual({ kind: 'unbound', external: 'a key of an object passed to posthog.capture (posthog-js)' });
    expect(quoted).toEqual({ kind: 'unbound', external: 'a key of an object passed to posthog.capture (posthog-js)' });
  });

  it('keeps what a dependency only carries the project\'s: a test\'s expected object follows the shape it checks', async () => {
    const [expected] = await fx.bind(fx.site('src/analytics.test.ts', 'session_id', { kind: 'property' }));
    expect(symbolOf(expected).owner).toBe('project');
  });

  it('lists a key read from a dependency\'s index signature as external', async () => {
    const [reserved, quoted] = await fx.bind(
      fx.site('src/analytics.test.ts', 'properties.$session_id', { word: 'session_id', kind: 'member' }),
      fx.site('src/analytics.test.ts', "properties['$session_id']", { word: 'session_id', kind: 'string' }),
    );
    expect(reserved).toEqual({ kind: 'unbound', external: 'a key of Properties (posthog-js)' });
    expect(quoted).toEqual({ kind: 'unbound', external: 'a key of Properties (posthog-js)' });
  });
});

describe('the platform', () => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await EngineFixture.open('symbols-ts-dependency');
  });
  afterAll(() => fx.close());

  it('binds sessionStorage to the standard library, with TypeScript\'s refusal as the reason', async () => {
    const [storage] = await fx.bind(fx.site('src/platform.ts', 'sessionStorage.setItem', { word: 'session', kind: 'variable' }));
    expect(symbolOf(storage)).toMatchObject({ name: 'sessionStorage', owner: 'platform', declaredIn: 'lib.dom.d.ts', reason: LIB_MESSAGE });
    expect(fx.where(symbolOf(storage).locations)).toEqual(['src/platform.ts:2:3', 'src/platform.ts:3:10']);
  });

  it('keeps Web Storage keys and error messages the project\'s; a header name is an external contract', async () => {
    const [storageKey, readKey, header, message] = await fx.bind(
      fx.site('src/platform.ts', 'import_session_', { word: 'session', kind: 'string' }),
      fx.site('src/platform.ts', "'session_id'", { word: 'session_id', kind: 'string' }),
      fx.site('src/platform.ts', "'Mcp-Session-Id'", { word: 'Session-Id', kind: 'string' }),
      fx.site('src/platform.ts', "'session_missing'", { word: 'session', kind: 'string' }),
    );
    expect(storageKey).toEqual({ kind: 'unbound' });
    expect(readKey).toEqual({ kind: 'unbound' });
    expect(header).toEqual({ kind: 'unbound', external: 'passed to headers.set (lib.dom.d.ts)' });
    expect(message).toEqual({ kind: 'unbound' });
  });

  it('keeps a value the platform only carries (console.log) and a key of a plain Record the project\'s', async () => {
    const [logged, key] = await fx.bind(
      fx.site('src/platform.ts', "log('session_id')", { word: 'session_id', kind: 'string' }),
      fx.site('src/platform.ts', 'map.sessionId', { word: 'sessionId', kind: 'member' }),
    );
    expect(logged).toEqual({ kind: 'unbound' });
    expect(key).toEqual({ kind: 'unbound' });
  });

  it('answers a member of an any-typed value as unknown', async () => {
    const [member] = await fx.bind(fx.site('src/platform.ts', 'value.sessionId', { word: 'sessionId', kind: 'member' }));
    expect(member).toEqual({ kind: 'unknown', reason: expect.stringContaining('The type of `value` is any') });
  });

  it('keeps a local object literal the project\'s own shape', async () => {
    const [key] = await fx.bind(fx.site('src/platform.ts', 'record = { sessionId', { word: 'sessionId', kind: 'property' }));
    expect(symbolOf(key).owner).toBe('project');
  });
});

describe('with dependencies not installed', () => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await EngineFixture.open('symbols-ts-dependency');
  });
  afterAll(() => fx.close());

  it('answers an import from a package that does not resolve as unknown, naming the package', async () => {
    const [imported, augmented] = await fx.bind(
      fx.site('src/auth.ts', '{ SessionContextValue }', { word: 'Session', kind: 'import' }),
      fx.site('src/auth.ts', 'interface Session', { word: 'Session', kind: 'type' }),
    );
    expect(imported).toEqual({ kind: 'unknown', reason: expect.stringContaining("'next-auth/react'") });
    expect(augmented).toEqual({ kind: 'unknown', reason: expect.stringContaining("augmentation of 'next-auth'") });
  });

  it('answers a key of an object passed to an unresolved constructor as unknown (issue 9, reproduction 5)', async () => {
    const [key] = await fx.bind(fx.site('src/mcp.ts', 'sessionIdGenerator', { word: 'sessionId', kind: 'property' }));
    expect(key).toEqual({ kind: 'unknown', reason: expect.stringContaining('StreamableHTTPServerTransport') });
  });

  it('lists a string passed to an unresolved call as external, never the project\'s', async () => {
    const [event] = await fx.bind(fx.site('src/analytics.ts', "'session_started'", { word: 'session', kind: 'string' }));
    expect(event).toEqual({ kind: 'unbound', external: 'passed to posthog.capture, which TypeScript cannot resolve' });
  });
});

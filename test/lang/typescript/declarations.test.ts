import { describe, expect, it } from 'vitest';
import { analyzeFixture, ref, siteAt } from './fixture.js';

describe('declared names in fixtures/ts-kinds', () => {
  it('parameters: plain, destructured, arrow, catch, defaults', async () => {
    const types = await analyzeFixture('src/api/types.ts');
    expect(siteAt(types.references, 20, 15)).toEqual(ref(20, 15, 'sessionId', 'flowId', 'parameter'));
    const badge = await analyzeFixture('src/components/SessionIdBadge.tsx');
    // `({ sessionId, onSessionIdChange }: Props)`: destructured parameter bindings.
    expect(siteAt(badge.references, 6, 42)).toEqual(ref(6, 42, 'sessionId', 'flowId', 'parameter'));
    expect(siteAt(badge.references, 6, 55)).toEqual(ref(6, 55, 'SessionId', 'FlowId', 'parameter'));
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 24, 14)).toEqual(ref(24, 14, 'sessionId', 'flowId', 'parameter')); // catch (sessionIdError)
    expect(siteAt(tracker.references, 32, 25)).toEqual(ref(32, 25, 'session_id', 'flow_id', 'parameter')); // session_id = default
    const cookie = await analyzeFixture('src/legacy/session-id-cookie.cjs');
    expect(siteAt(cookie.references, 15, 30)).toEqual(ref(15, 30, 'sessionId', 'flowId', 'parameter')); // (sessionId) => ...
  });

  it('variables: declarators, destructuring, for-of bindings', async () => {
    const keys = await analyzeFixture('src/storage/keys.ts');
    expect(siteAt(keys.references, 2, 14)).toEqual(ref(2, 14, 'SESSION_ID', 'FLOW_ID', 'variable'));
    expect(siteAt(keys.references, 3, 14)).toEqual(ref(3, 14, 'SESSION_IDS', 'FLOW_IDS', 'variable'));
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 12, 29)).toEqual(ref(12, 29, 'SessionId', 'FlowId', 'variable')); // { session_id: serverSessionId }
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    expect(siteAt(panel.references, 7, 10)).toEqual(ref(7, 10, 'sessionId', 'flowId', 'variable')); // const [sessionId, ...]
    const codec = await analyzeFixture('src/lib/session-id-codec.mjs');
    expect(siteAt(codec.references, 9, 18)).toEqual(ref(9, 18, 'sessionId', 'flowId', 'variable'));
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 16, 16)).toEqual(ref(16, 16, 'sessionId', 'flowId', 'variable')); // for (const sessionId of ...)
  });

  it('functions: declarations, methods, generator methods, method signatures, named function expressions', async () => {
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 24, 20)).toEqual(ref(24, 20, 'SessionId', 'FlowId', 'function'));
    const types = await analyzeFixture('src/api/types.ts');
    expect(siteAt(types.references, 6, 9)).toEqual(ref(6, 9, 'SessionId', 'FlowId', 'function')); // resumeSessionId(token)
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 15, 4)).toEqual(ref(15, 4, 'sessionIds', 'flowIds', 'function')); // *sessionIdsSince
    expect(siteAt(tracker.references, 32, 15)).toEqual(ref(32, 15, 'SessionId', 'FlowId', 'function'));
    const cookie = await analyzeFixture('src/legacy/session-id-cookie.cjs');
    expect(siteAt(cookie.references, 10, 40)).toEqual(ref(10, 40, 'sessionId', 'flowId', 'function'));
  });

  it('classes and types: class, interface, type alias, enum, type parameters, type uses', async () => {
    const types = await analyzeFixture('src/api/types.ts');
    expect(siteAt(types.references, 17, 14)).toEqual(ref(17, 14, 'SessionId', 'FlowId', 'class'));
    expect(siteAt(types.references, 9, 13)).toEqual(ref(9, 13, 'SessionId', 'FlowId', 'type')); // enum SessionIdSource
    expect(siteAt(types.references, 15, 13)).toEqual(ref(15, 13, 'SessionId', 'FlowId', 'type')); // type SessionIdMap
    expect(siteAt(types.references, 15, 27)).toEqual(ref(15, 27, 'SessionId', 'FlowId', 'type')); // <TSessionId ...>
    expect(siteAt(types.references, 15, 63)).toEqual(ref(15, 63, 'SessionId', 'FlowId', 'type')); // Record<TSessionId, ...>
    expect(siteAt(types.references, 20, 42)).toEqual(ref(20, 42, 'SessionId', 'FlowId', 'type')); // source: SessionIdSource
    const badge = await analyzeFixture('src/components/SessionIdBadge.tsx');
    expect(siteAt(badge.references, 1, 11)).toEqual(ref(1, 11, 'SessionId', 'FlowId', 'type')); // interface
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 8, 7)).toEqual(ref(8, 7, 'SessionId', 'FlowId', 'class'));
  });

  it('properties: interface, type-literal and class members, object keys, shorthand, enum members, JSX attributes', async () => {
    const types = await analyzeFixture('src/api/types.ts');
    expect(siteAt(types.references, 3, 3)).toEqual(ref(3, 3, 'session_id', 'flow_id', 'property'));
    expect(siteAt(types.references, 5, 11)).toEqual(ref(5, 11, 'session-id', 'flow-id', 'property')); // 'legacy-session-id'?:
    expect(siteAt(types.references, 12, 3)).toEqual(ref(12, 3, 'SessionId', 'FlowId', 'property')); // enum member
    expect(siteAt(types.references, 18, 12)).toEqual(ref(18, 12, 'sessionId', 'flowId', 'property')); // class field
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 11, 45)).toEqual(ref(11, 45, 'session_id', 'flow_id', 'property')); // { session_id?: string }
    expect(siteAt(client.references, 16, 21)).toEqual(ref(16, 21, 'session_id', 'flow_id', 'property')); // { session_id: ... }
    expect(siteAt(client.references, 21, 27)).toEqual(ref(21, 27, 'Session-Id', 'Flow-Id', 'property')); // { 'X-Session-Id': ... }
    const codec = await analyzeFixture('src/lib/session-id-codec.mjs');
    // `{ tenant, sessionId }`: a shorthand key and value are one site.
    expect(siteAt(codec.references, 10, 20)).toEqual(ref(10, 20, 'sessionId', 'flowId', 'property'));
    expect(codec.references.filter((site) => site.line === 10)).toHaveLength(1);
    const badge = await analyzeFixture('src/components/SessionIdBadge.tsx');
    expect(siteAt(badge.references, 8, 16)).toEqual(ref(8, 16, 'session-id', 'flow-id', 'property')); // data-session-id=
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    expect(siteAt(panel.references, 12, 23)).toEqual(ref(12, 23, 'sessionId', 'flowId', 'property')); // <Badge sessionId=
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 9, 4)).toEqual(ref(9, 4, 'sessionIds', 'flowIds', 'property')); // #sessionIds
  });

  it('imports and exports: specifiers, default and namespace imports, module specifiers', async () => {
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 1, 10)).toEqual(ref(1, 10, 'SessionId', 'FlowId', 'import'));
    expect(siteAt(client.references, 2, 25)).toEqual(ref(2, 25, 'SESSION_ID', 'FLOW_ID', 'import'));
    expect(siteAt(client.references, 3, 13)).toEqual(ref(3, 13, 'sessionId', 'flowId', 'import')); // * as sessionIdCodec
    expect(siteAt(client.references, 3, 41)).toEqual(ref(3, 41, 'session-id', 'flow-id', 'import')); // from '../lib/session-id-codec.mjs'
    expect(siteAt(client.references, 30, 25)).toEqual(ref(30, 25, 'session-id', 'flow-id', 'import')); // import('...')
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    expect(siteAt(panel.references, 2, 8)).toEqual(ref(2, 8, 'SessionId', 'FlowId', 'import')); // default import
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 2, 44)).toEqual(ref(2, 44, 'session-id', 'flow-id', 'import')); // require('./session-id-cookie.cjs')
    const entry = await analyzeFixture('src/index.ts');
    expect(entry.references).toEqual([
      ref(3, 13, 'sessionId', 'flowId', 'export'), // export * as sessionIdCodec
      ref(3, 40, 'session-id', 'flow-id', 'import'), // ... from './lib/session-id-codec.mjs'
      ref(4, 26, 'SessionId', 'FlowId', 'export'), // export type { ..., SessionIdSource }
      ref(5, 13, 'SessionId', 'FlowId', 'export'), // export { getSessionId as currentSessionId }
      ref(5, 33, 'SessionId', 'FlowId', 'export'),
    ]);
    const codec = await analyzeFixture('src/lib/session-id-codec.mjs');
    // `export { encodeSessionId, encodeSessionId as toWireSessionId }`: every name is an export.
    expect(codec.references.filter((site) => site.line === 18)).toEqual([
      ref(18, 16, 'SessionId', 'FlowId', 'export'),
      ref(18, 33, 'SessionId', 'FlowId', 'export'),
      ref(18, 52, 'SessionId', 'FlowId', 'export'),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeFixture, ref, siteAt } from './fixture.js';

describe('uses resolve to their declaration in the same file', () => {
  it('gives a use the kind of the declaration it resolves to', async () => {
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 9, 66)).toEqual(ref(9, 66, 'sessionId', 'flowId', 'parameter')); // inside `${...}`
    expect(siteAt(client.references, 13, 14)).toEqual(ref(13, 14, 'SessionId', 'FlowId', 'variable'));
    expect(siteAt(client.references, 13, 35)).toEqual(ref(13, 35, 'SessionId', 'FlowId', 'import')); // new SessionIdError(...)
    expect(siteAt(client.references, 20, 43)).toEqual(ref(20, 43, 'SessionId', 'FlowId', 'function')); // getSessionId()
    expect(siteAt(client.references, 26, 39)).toEqual(ref(26, 39, 'sessionId', 'flowId', 'import')); // sessionIdCodec.decode
    // The local `const sessionId` shadows nothing here, but it is the innermost declaration.
    expect(siteAt(client.references, 21, 10)).toEqual(ref(21, 10, 'sessionId', 'flowId', 'variable'));
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    expect(siteAt(panel.references, 12, 8)).toEqual(ref(12, 8, 'SessionId', 'FlowId', 'import')); // <SessionIdBadge
    expect(siteAt(panel.references, 14, 60)).toEqual(ref(14, 60, 'sessionId', 'flowId', 'variable')); // inside a nested arrow
  });

  it('takes the innermost declaration when a parameter shadows a variable', async () => {
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    // `sessionId={sessionId ?? ''} onSessionIdChange={(sessionId) => setSessionId(sessionId.trim())}`
    expect(siteAt(panel.references, 12, 34)).toEqual(ref(12, 34, 'sessionId', 'flowId', 'variable'));
    expect(siteAt(panel.references, 12, 71)).toEqual(ref(12, 71, 'sessionId', 'flowId', 'parameter'));
    expect(siteAt(panel.references, 12, 98)).toEqual(ref(12, 98, 'sessionId', 'flowId', 'parameter'));
  });

  it('sees hoisted function and var declarations', async () => {
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    // `track: trackSessionId` is written above `function trackSessionId`.
    expect(siteAt(tracker.references, 30, 50)).toEqual(ref(30, 50, 'SessionId', 'FlowId', 'function'));
    const cookie = await analyzeFixture('src/legacy/session-id-cookie.cjs', 'session', 'flow');
    // `var sessionStorage` inside an `if` block declares it for the module, so it is ours, not lib.dom's.
    expect(siteAt(cookie.references, 15, 44)).toEqual(ref(15, 44, 'session', 'flow', 'variable'));
    expect(cookie.conflicts).toEqual([]);
  });

  it('calls an undeclared name a variable', async () => {
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 34, 33)).toEqual(ref(34, 33, 'SessionId', 'FlowId', 'variable')); // typeof legacySessionId
  });
});

describe('members, strings and comments', () => {
  it('member accesses, with optional chaining and private names', async () => {
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 20, 26)).toEqual(ref(20, 26, 'session_id', 'flow_id', 'member')); // req?.session_id
    // `const { session_id: serverSessionId } = body` reads body.session_id.
    expect(siteAt(client.references, 12, 11)).toEqual(ref(12, 11, 'session_id', 'flow_id', 'member'));
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    expect(siteAt(panel.references, 15, 25)).toEqual(ref(15, 25, 'session_id', 'flow_id', 'member'));
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 12, 11)).toEqual(ref(12, 11, 'sessionIds', 'flowIds', 'member')); // this.#sessionIds
  });

  it('string literals, element access keys, regex literals, template text and JSX text', async () => {
    const keys = await analyzeFixture('src/storage/keys.ts');
    expect(siteAt(keys.references, 2, 36)).toEqual(ref(2, 36, 'session_id', 'flow_id', 'string')); // 'app.session_id'
    expect(siteAt(keys.references, 3, 37)).toEqual(ref(3, 37, 'session_ids', 'flow_ids', 'string'));
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 15, 51)).toEqual(ref(15, 51, 'session_id', 'flow_id', 'string')); // data?.['session_id']
    expect(siteAt(client.references, 9, 34)).toEqual(ref(9, 34, 'session_id', 'flow_id', 'string')); // `...?session_id=${...}`
    const cookie = await analyzeFixture('src/legacy/session-id-cookie.cjs');
    expect(siteAt(cookie.references, 3, 38)).toEqual(ref(3, 38, 'session_id', 'flow_id', 'string')); // /...session_id=.../
    const badge = await analyzeFixture('src/components/SessionIdBadge.tsx');
    expect(siteAt(badge.references, 8, 54)).toEqual(ref(8, 54, 'session_id', 'flow_id', 'string')); // title="..."
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    expect(siteAt(panel.references, 11, 16)).toEqual(ref(11, 16, 'session_id', 'flow_id', 'string')); // <h2>Your session_id</h2>
  });

  it('template literal text with --from session --to flow, and the code inside ${...}', async () => {
    const codec = await analyzeFixture('src/lib/session-id-codec.mjs', 'session', 'flow');
    expect(siteAt(codec.references, 15, 18)).toEqual(ref(15, 18, 'session', 'flow', 'string')); // `import_session_${id}`
    const types = await analyzeFixture('src/api/types.ts', 'session', 'flow');
    expect(siteAt(types.references, 21, 20)).toEqual(ref(21, 20, 'session', 'flow', 'string'));
    expect(siteAt(types.references, 21, 33)).toEqual(ref(21, 33, 'session', 'flow', 'parameter'));
    // A template literal type is text as well.
    expect(siteAt(types.references, 27, 34)).toEqual(ref(27, 34, 'session', 'flow', 'string'));
  });

  it('comments: line, block, JSDoc and JSX comments', async () => {
    const client = await analyzeFixture('src/api/client.ts');
    expect(siteAt(client.references, 7, 33)).toEqual(ref(7, 33, 'session_id', 'flow_id', 'comment'));
    expect(siteAt(client.references, 14, 35)).toEqual(ref(14, 35, 'session_id', 'flow_id', 'comment'));
    const tracker = await analyzeFixture('src/legacy/session-tracker.js');
    expect(siteAt(tracker.references, 6, 20)).toEqual(ref(6, 20, 'sessionId', 'flowId', 'comment')); // @param {string} sessionId
    const panel = await analyzeFixture('src/components/SessionPanel.tsx');
    expect(siteAt(panel.references, 13, 42)).toEqual(ref(13, 42, 'session_id', 'flow_id', 'comment')); // {/* ... */}
  });
});

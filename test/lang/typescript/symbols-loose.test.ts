import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineFixture, symbolOf } from './symbols-fixture.js';

// fixtures/symbols-ts-loose: JavaScript with no tsconfig or jsconfig anywhere.
let fx: EngineFixture;
beforeAll(async () => {
  fx = await EngineFixture.open('symbols-ts-loose');
});
afterAll(() => fx.close());

describe('files no config takes in', () => {
  it('binds them in one inferred project that reads JavaScript', async () => {
    const [call] = await fx.bind(fx.site('scripts/run.mjs', "startSession('cli')", { word: 'Session', kind: 'function' }));
    expect(symbolOf(call)).toMatchObject({ name: 'startSession', owner: 'project' });
    expect(fx.where(symbolOf(call).locations)).toEqual(['scripts/run.mjs:1:10', 'scripts/run.mjs:3:17', 'scripts/start.js:1:17']);
  });

  it('ties a member access to the key of the object literal the function returns', async () => {
    const [member] = await fx.bind(fx.site('scripts/run.mjs', 'session.sessionId', { word: 'sessionId', kind: 'member' }));
    expect(fx.where(symbolOf(member).declarations)).toEqual(['scripts/start.js:2:12']);
    expect(fx.where(symbolOf(member).locations)).toContain('scripts/run.mjs:4:21');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineFixture, symbolOf } from './symbols-fixture.js';

// fixtures/symbols-ts-classes: two classes with a same-named method `openSession`, used from a third file.
let fx: EngineFixture;
beforeAll(async () => {
  fx = await EngineFixture.open('symbols-ts-classes');
});
afterAll(() => fx.close());

describe('class members', () => {
  it('binds a method to its own class, across files, never to the same-named method of another class', async () => {
    const [store, other, typed] = await fx.bind(
      fx.site('src/use.ts', "openSession('a')", { word: 'Session', kind: 'member' }),
      fx.site('src/use.ts', 'openSession(1)', { word: 'Session', kind: 'member' }),
      fx.site('src/use.ts', "store.openSession('c')", { word: 'Session', kind: 'member' }),
    );
    expect(fx.where(symbolOf(store).locations)).toEqual(['src/store.ts:4:3', 'src/use.ts:4:37', 'src/use.ts:8:16']);
    expect(fx.where(symbolOf(store).declarations)).toEqual(['src/store.ts:4:3']);
    expect(fx.where(symbolOf(other).locations)).toEqual(['src/other.ts:2:3', 'src/use.ts:5:35']);
    expect(typed).toBe(store);
  });

  it('binds a private field to its uses through `this`', async () => {
    const [field] = await fx.bind(fx.site('src/store.ts', 'sessionCount = 0', { word: 'session', kind: 'property' }));
    expect(symbolOf(field)).toMatchObject({ name: 'sessionCount', owner: 'project' });
    expect(fx.where(symbolOf(field).locations)).toEqual(['src/store.ts:2:11', 'src/store.ts:5:10', 'src/store.ts:6:26']);
  });
});

import { describe, expect, it } from 'vitest';
import { EngineFixture, symbolOf } from './symbols-fixture.js';

/**
 * fixtures/symbols-ts-workspace: npm workspaces. `@acme/shared` (packages/shared) is imported by apps/web through
 * node_modules (a workspace symlink, or, when not linked, the `workspaces` field) and by apps/admin through
 * tsconfig `paths`. Each folder has its own tsconfig; web and admin extend shared's. `@acme/core` exports only its
 * build output (dist/, not built), as published packages do.
 */
const SYMLINK = [
  ['node_modules/@acme/shared', 'packages/shared'],
  ['node_modules/@acme/core', 'packages/core'],
] as const;

const FUNCTION_LOCATIONS = [
  'apps/admin/src/admin.ts:1:10',
  'apps/admin/src/admin.ts:3:28',
  'apps/web/src/page.ts:1:10',
  'apps/web/src/page.ts:3:39',
  'packages/shared/src/index.ts:5:10',
  'packages/shared/src/traces.ts:3:17',
];

describe.each([
  ['through a node_modules symlink', SYMLINK],
  ['unlinked, through the workspaces field', []],
])('a workspace package imported %s', (_, links) => {
  it('is one first-party symbol with its locations in every package, whichever site asks', async () => {
    const fx = await EngineFixture.open('symbols-ts-workspace', { links });
    const [fromWeb, fromShared] = await fx.bind(
      fx.site('apps/web/src/page.ts', 'getTracesBySessionId', { word: 'Session', kind: 'import' }),
      fx.site('packages/shared/src/traces.ts', 'function getTracesBySessionId', { word: 'Session', kind: 'function' }),
    );
    expect(symbolOf(fromWeb)).toMatchObject({ name: 'getTracesBySessionId', owner: 'workspace' });
    expect(fx.where(symbolOf(fromWeb).locations)).toEqual(FUNCTION_LOCATIONS);
    expect(fx.where(symbolOf(fromWeb).declarations)).toEqual(['packages/shared/src/traces.ts:3:17']);
    expect(fromShared).toBe(fromWeb);
    await fx.close();
  });

  it('asks the other projects from the declaration, so a site in the package sees its importers', async () => {
    const fx = await EngineFixture.open('symbols-ts-workspace', { links });
    const [property, exported] = await fx.bind(
      fx.site('packages/shared/src/index.ts', 'sessionId: string', { word: 'sessionId', kind: 'property' }),
      fx.site('packages/shared/src/index.ts', 'const sessionLabel', { word: 'session', kind: 'variable' }),
    );
    expect(symbolOf(property).owner).toBe('workspace');
    expect(fx.where(symbolOf(property).locations)).toEqual([
      'apps/admin/src/admin.ts:3:79',
      'apps/web/src/page.ts:4:33',
      'packages/shared/src/index.ts:2:3',
      'packages/shared/src/sample.ts:4:44',
      'packages/shared/src/traces.ts:4:13 suffix=": sessionId"',
    ]);
    // `const x; export { x }`: exported by name, so not a file-local symbol.
    expect(fx.where(symbolOf(exported).locations)).toEqual([
      'apps/web/src/page.ts:1:32',
      'apps/web/src/page.ts:3:60',
      'packages/shared/src/index.ts:7:7',
      'packages/shared/src/index.ts:8:10',
    ]);
    await fx.close();
  });

  it('asks each other project at a declaration it can see: a key in a file only the package holds reaches the importers', async () => {
    // theia: the first declaration of ChangeSetElementArgs.chatSessionId was an object literal's key in a file
    // api-samples does not import, so api-samples was never asked and its keys kept the old name (TS2353).
    const fx = await EngineFixture.open('symbols-ts-workspace', { links });
    const [key] = await fx.bind(fx.site('packages/shared/src/sample.ts', 'sessionId:', { word: 'sessionId', kind: 'property' }));
    expect(fx.where(symbolOf(key).locations)).toEqual(expect.arrayContaining(['apps/admin/src/admin.ts:3:79', 'apps/web/src/page.ts:4:33']));
    await fx.close();
  });

  it('reads a package whose manifest points at its unbuilt output from its sources', async () => {
    const fx = await EngineFixture.open('symbols-ts-workspace', { links });
    const [constant] = await fx.bind(fx.site('apps/web/src/settings.ts', 'coreSessionTimeout *', { word: 'Session', kind: 'variable' }));
    expect(symbolOf(constant)).toMatchObject({ name: 'coreSessionTimeout', owner: 'workspace' });
    expect(fx.where(symbolOf(constant).locations)).toEqual(['apps/web/src/settings.ts:1:10', 'apps/web/src/settings.ts:3:24', 'packages/core/src/index.ts:2:14']);
    await fx.close();
  });
});

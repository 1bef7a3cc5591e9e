import { describe, expect, it } from 'vitest';
import {
  absolutePythonModule,
  relativePythonModule,
  rewriteTsSpecifier,
  type PathAlias,
} from '../../src/imports/specifier.js';

const importingFile = '/repo/src/pages/dashboard.ts';
const rewrite = (oldSpecifier: string, newTarget: string, aliases?: PathAlias[]): string =>
  rewriteTsSpecifier({ importingFile, oldSpecifier, newTarget, aliases });

describe('rewriteTsSpecifier', () => {
  it('keeps `.js` for a `.ts` source, and `.mjs` for `.mts`', () => {
    expect(rewrite('../api/flow-client.js', '/repo/src/app/flow-client.ts')).toBe('../app/flow-client.js');
    expect(rewrite('../api/flow-client.mjs', '/repo/src/app/flow-client.mts')).toBe('../app/flow-client.mjs');
    expect(rewrite('../api/view.jsx', '/repo/src/app/view.tsx')).toBe('../app/view.jsx');
  });

  it('keeps an extension-less style and elides index files', () => {
    expect(rewrite('../api/flow-client', '/repo/src/app/flow-client.ts')).toBe('../app/flow-client');
    expect(rewrite('../api', '/repo/src/app/index.ts')).toBe('../app');
    expect(rewrite('../api/index', '/repo/src/app/index.ts')).toBe('../app/index');
    expect(rewrite('./widgets', '/repo/src/pages/index.tsx')).toBe('.');
  });

  it('keeps asset and explicit TypeScript extensions', () => {
    expect(rewrite('../api/flow.css', '/repo/src/app/flow.css')).toBe('../app/flow.css');
    expect(rewrite('../api/flow.ts', '/repo/src/app/flow.ts')).toBe('../app/flow.ts');
  });

  it('starts a sibling path with ./', () => {
    expect(rewrite('./old-widget.js', '/repo/src/pages/widget.ts')).toBe('./widget.js');
  });

  it('keeps alias form when the old specifier used an alias', () => {
    const aliases: PathAlias[] = [
      { pattern: '@app/*', substitutions: ['/repo/src/*'] },
      { pattern: '@lib', substitutions: ['/repo/lib/index.ts'] },
    ];
    expect(rewrite('@app/api/session-types', '/repo/src/app/session-types.ts', aliases)).toBe('@app/app/session-types');
    expect(rewrite('@app/api/session-types.js', '/repo/src/app/session-types.ts', aliases)).toBe('@app/app/session-types.js');
    // Outside every alias's folders: fall back to a relative specifier.
    expect(rewrite('@app/api/x', '/repo/other/x.ts', aliases)).toBe('../../other/x');
    // A relative import stays relative even when an alias could name the target.
    expect(rewrite('../api/x', '/repo/src/app/x.ts', aliases)).toBe('../app/x');
  });
});

describe('Python relative modules', () => {
  it('turns a relative import into an absolute module', () => {
    expect(absolutePythonModule('skill_fleet.services.flow_service', false, '..api.dependencies')).toBe('skill_fleet.api.dependencies');
    expect(absolutePythonModule('skill_fleet.services.flow_service', false, '.taxonomy')).toBe('skill_fleet.services.taxonomy');
    expect(absolutePythonModule('skill_fleet.services', true, '.taxonomy')).toBe('skill_fleet.services.taxonomy');
    expect(absolutePythonModule('skill_fleet.app.routes.skills', false, '.')).toBe('skill_fleet.app.routes');
    expect(absolutePythonModule('skill_fleet.services.flow_service', false, '...x')).toBeUndefined();
    expect(absolutePythonModule('script', false, '.x')).toBeUndefined();
  });

  it('writes an absolute module relative to the importer, as few dots as needed', () => {
    expect(relativePythonModule('skill_fleet.services.flow_service', false, 'skill_fleet.app.dependencies')).toBe('..app.dependencies');
    expect(relativePythonModule('skill_fleet.services.flow_service', false, 'skill_fleet.services.taxonomy')).toBe('.taxonomy');
    expect(relativePythonModule('skill_fleet.services', true, 'skill_fleet.services.taxonomy')).toBe('.taxonomy');
    expect(relativePythonModule('skill_fleet.app.routes.skills', false, 'skill_fleet.app')).toBe('..');
    expect(relativePythonModule('skill_fleet.app.routes.skills', false, 'other_pkg.x')).toBe('other_pkg.x');
  });
});

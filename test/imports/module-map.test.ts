import { describe, expect, it } from 'vitest';
import { createModuleMap } from '../../src/imports/module-map.js';
import { mapping } from './helpers.js';

describe('createModuleMap: dotted patterns', () => {
  const map = createModuleMap([
    mapping('skill_fleet.api.*', 'skill_fleet.app.*'),
    mapping('skill_fleet.api.schemas.*', 'skill_fleet.app.api.schemas.*'),
    mapping('skill_fleet.workflows.*', 'skill_fleet.core.dspy.modules.workflows.*'),
    mapping('skill_fleet.api.exceptions', 'skill_fleet.errors'),
  ]);

  it('lets the most specific pattern win, whatever the order given', () => {
    expect(map.matchDotted('skill_fleet.api.schemas.skills')?.rewritten).toBe('skill_fleet.app.api.schemas.skills');
    expect(map.matchDotted('skill_fleet.api.dependencies')?.rewritten).toBe('skill_fleet.app.dependencies');
    const reversed = createModuleMap([
      mapping('skill_fleet.api.schemas.*', 'skill_fleet.app.api.schemas.*'),
      mapping('skill_fleet.api.*', 'skill_fleet.app.*'),
    ]);
    expect(reversed.matchDotted('skill_fleet.api.schemas.skills')?.rewritten).toBe('skill_fleet.app.api.schemas.skills');
  });

  it('prefers an exact pattern over a wildcard', () => {
    const match = map.matchDotted('skill_fleet.api.exceptions');
    expect(match?.rewritten).toBe('skill_fleet.errors');
    expect(match?.mapping.from).toBe('skill_fleet.api.exceptions');
  });

  it('matches `a.b` itself with `a.b.*`', () => {
    expect(map.matchDotted('skill_fleet.api')?.rewritten).toBe('skill_fleet.app');
    expect(map.matchDotted('skill_fleet.api.schemas')?.rewritten).toBe('skill_fleet.app.api.schemas');
  });

  it('respects segment boundaries', () => {
    expect(map.matchDotted('skill_fleet.apiary')).toBeUndefined();
    expect(map.matchDotted('skill_fleet')).toBeUndefined();
    expect(map.matchDotted('other.api.x')).toBeUndefined();
  });

  it('rejects a `*` anywhere but at the end, naming the mapping', () => {
    expect(() => createModuleMap([mapping('a.*.c', 'b.*')])).toThrow(/--map a\.\*\.c=b\.\*/);
  });
});

describe('createModuleMap: path and bare patterns', () => {
  const map = createModuleMap([
    mapping('src/api/*', 'src/app/*', '/repo'),
    mapping('src/api/legacy/*', 'src/compat/*', '/repo'),
    mapping('@flow/old-ui/*', '@flow/ui/*'),
    mapping('left-pad', 'string-pad'),
  ]);

  it('resolves path patterns against baseDir and matches absolute targets', () => {
    expect(map.matchPath('/repo/src/api/users.ts')?.rewritten).toBe('/repo/src/app/users.ts');
    expect(map.matchPath('/repo/src/api/legacy/banner.js')?.rewritten).toBe('/repo/src/compat/banner.js');
    expect(map.matchPath('/repo/src/api')?.rewritten).toBe('/repo/src/app');
    expect(map.matchPath('/repo/src/apis/users.ts')).toBeUndefined();
    expect(map.matchPath('/elsewhere/src/api/users.ts')).toBeUndefined();
  });

  it('matches bare specifiers literally, with a trailing `*` for the rest', () => {
    expect(map.matchBare('left-pad')?.rewritten).toBe('string-pad');
    expect(map.matchBare('left-pad/x')).toBeUndefined();
    expect(map.matchBare('@flow/old-ui/button')?.rewritten).toBe('@flow/ui/button');
    expect(map.matchBare('@flow/old-ui')?.rewritten).toBe('@flow/ui');
    expect(map.matchBare('./src/api/x')).toBeUndefined();
  });

  it('does not treat a path pattern as dotted', () => {
    expect(map.matchDotted('src')).toBeUndefined();
    expect(map.size).toBe(4);
  });
});

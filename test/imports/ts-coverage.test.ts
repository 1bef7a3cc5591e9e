import { describe, expect, it } from 'vitest';
import { checkImports } from '../../src/imports/index.js';
import { filesOf, fixture } from './helpers.js';

describe('files outside their nearest tsconfig', () => {
  it('resolve with default options, as an editor does, instead of the config they are not part of', async () => {
    const cwd = fixture('imports-ts-excluded');
    const result = await checkImports({ cwd, files: await filesOf(cwd, '**/*.ts'), map: [] });
    expect(result.brokenImports.map((b) => `${b.file}:${b.line} ${b.specifier}`)).toEqual([
      'scripts/build.ts:3 ./gone',
      'src/main.ts:2 ./missing.js',
    ]);
  });
});

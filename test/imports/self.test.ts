import { describe, expect, it } from 'vitest';
import { checkImports } from '../../src/imports/index.js';
import { filesOf, ROOT } from './helpers.js';

describe('checkImports on renamer’s own source', () => {
  it('finds every import of src/ resolvable', async () => {
    const files = await filesOf(ROOT, 'src/**/*');
    const result = await checkImports({ cwd: ROOT, files, map: [] });
    expect(result.filesChecked).toBeGreaterThan(20);
    expect(result.importsChecked).toBeGreaterThan(50);
    expect(result.brokenImports).toEqual([]);
    expect(result.errors).toEqual([]);
  });

});

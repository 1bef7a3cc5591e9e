import { describe, expect, it } from 'vitest';
import { runSqlCommand } from '../../src/cli/sql.js';
import { captureIO } from './helpers.js';

describe('renamer sql on the bundled seed scenario', () => {
  it('verifies the seed migration on PGlite (the README example)', async () => {
    const c = captureIO();
    const code = await runSqlCommand(['--schema', 'fixtures/sql-seed/schema.sql', '--plan', 'fixtures/sql-seed/plan.json', '--verify'], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    expect(c.out()).toMatch(/ok {3}post-down check/);
    expect(c.out()).toContain('verified on PGlite');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script shared with the generator, without types
import { configValidatorSource } from '../../scripts/config-validator-source.mjs';
import { validateConfig } from '../../src/config/config-file.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the generated config validator', () => {
  it('is what ajv generates from the schema as it is now (run scripts/generate-config-validator.mjs after editing it)', () => {
    const committed = readFileSync(path.join(ROOT, 'src/config/config-validator.generated.ts'), 'utf8');
    expect(committed).toBe((configValidatorSource as (root: string) => string)(ROOT));
  });

  it('accepts a valid config and names the first key at fault in an invalid one', () => {
    expect(validateConfig({ renames: { session_id: 'flow_id' }, kinds: ['-comment'], maxFileSize: 10 }, 'c.json')).toBeTruthy();
    expect(() => validateConfig({ renames: [{ from: 'a', to: '' }] }, 'c.json')).toThrow('c.json: "renames.0.to" must NOT have fewer than 1 characters');
    expect(() => validateConfig({ renmaes: {} }, 'c.json')).toThrow('c.json: unknown key "renmaes"');
    expect(() => validateConfig({ database: { drop: ['t.c'], typo: 1 } }, 'c.json')).toThrow('c.json: unknown key "database.typo"');
    expect(() => validateConfig({ kinds: ['colour'] }, 'c.json')).toThrow(/c\.json: "kinds\.0" must match pattern/);
  });
});

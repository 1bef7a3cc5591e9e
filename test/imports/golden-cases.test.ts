import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports } from '../../src/imports/index.js';
import { filesOf, fixture, mapping, NO_INTERPRETER, ROOT } from './helpers.js';

/**
 * fixtures/imports-NAME/case.json: `cwd` (a folder of the fixture to run in, default the fixture), `map` (OLD=NEW
 * entries), `interpreter` (true: use the python3 of this machine, as the CLI does; otherwise none). The golden
 * report is expected.json beside it: broken imports and third-party modules not installed. UPDATE_GOLDEN=1 rewrites
 * it after an intended change; review the diff like any other.
 */
interface ImportsCase {
  readonly why: string;
  readonly cwd?: string;
  readonly map?: readonly string[];
  readonly interpreter?: boolean;
}

const FIXTURES = path.join(ROOT, 'fixtures');
const cases = readdirSync(FIXTURES).filter((name) => name.startsWith('imports-') && existsSync(path.join(FIXTURES, name, 'case.json')));

describe.each(cases)('imports golden %s', (name) => {
  const spec = JSON.parse(readFileSync(path.join(FIXTURES, name, 'case.json'), 'utf8')) as ImportsCase;

  it('reports exactly the golden broken imports and not-installed modules', async () => {
    const cwd = path.join(fixture(name), spec.cwd ?? '.');
    const map = (spec.map ?? []).map((entry) => mapping(entry.split('=')[0]!, entry.split('=')[1]!, cwd));
    const result = await checkImports({ cwd, files: await filesOf(cwd), map, python: spec.interpreter ? { env: process.env } : NO_INTERPRETER });
    const actual = `${JSON.stringify({ brokenImports: result.brokenImports, unresolvedThirdParty: result.unresolvedThirdParty }, null, 2)}\n`;
    const golden = path.join(FIXTURES, name, 'expected.json');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
      if (process.env.CI && !existsSync(golden)) throw new Error(`${golden} is missing; run UPDATE_GOLDEN=1`);
      writeFileSync(golden, actual);
    }
    expect(actual).toBe(readFileSync(golden, 'utf8'));
    expect(result.errors).toEqual([]);
  });
});

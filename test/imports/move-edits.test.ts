import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';
import { moduleMapPlan } from '../../src/rewrite/import-paths.js';
import type { ScanResult } from '../../src/scan/scan.js';
import { copyFixture, runApply } from '../rewrite/helpers.js';
import { filesOf, fixture } from './helpers.js';

/** moduleMapPlan reads only the discovered files (and the scanned sources, none here). */
async function plan(dir: string, map: string[]) {
  const options = resolveOptions(dir, { map });
  const result = { discovered: await filesOf(dir, '**/*.py'), sources: new Map() } as unknown as ScanResult;
  return moduleMapPlan(options, result);
}

const rewritten = (edits: Awaited<ReturnType<typeof plan>>['edits']): string[] =>
  [...edits.values()].flatMap(({ source, edits: list }) => list.map((edit) => `${source.path}: ${source.text.slice(edit.start, edit.end)} -> ${edit.text}`)).sort();

describe('apply --map on Python moves it cannot finish (fixtures/apply-module-map-unrewritten)', () => {
  it('lists the moved imports and module strings that stay broken, and rewrites the rest', async () => {
    const result = await plan(fixture('apply-module-map-unrewritten/input'), ['pkg.tools.*=pkg.core.*', 'pkg.utils.log=pkg.core.logging']);
    expect(result.unrewritten.map((entry) => `${entry.file}:${entry.line}:${entry.column} ${entry.text}: ${entry.reason}`)).toEqual([
      'pkg/main.py:3:8 pkg.tools.gone: moved by --map but not rewritten: pkg.core.gone does not resolve either',
      'pkg/main.py:4:23 pkg.utils.log: moved by --map but not rewritten: imported together with names that stay in pkg.utils: split the import',
      'tests/test_main.py:5:70 pkg.tools.gone.g: moved by --map but not rewritten: pkg.core.gone.g does not resolve either',
    ]);
    expect(rewritten(result.edits)).toEqual([
      'pkg/main.py: pkg.tools.util -> pkg.core.util',
      'pkg/main.py: pkg.tools.util -> pkg.core.util',
      'tests/test_main.py: pkg.tools.util.f -> pkg.core.util.f',
    ]);
  });

  it('apply lists them under Conflicts and exits 1 (R6: it used to say "Rewrote" and exit 0)', async () => {
    const dir = copyFixture('apply-module-map-unrewritten/input');
    const run = await runApply(dir, ['--dry-run', '--map', 'pkg.tools.*=pkg.core.*', '--map', 'pkg.utils.log=pkg.core.logging']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^Conflicts: 3 sites left unrewritten:$/m);
    expect(run.stdout).toContain('pkg/main.py:4:23  pkg.utils.log: moved by --map but not rewritten');
  });

  it('lists nothing once every moved module resolves (fixtures/apply-module-map-python)', async () => {
    const result = await plan(fixture('apply-module-map-python/input'), ['pkg.tools.*=pkg.core.*', 'pkg.utils.log=pkg.core.logging']);
    expect(result.unrewritten).toEqual([]);
    expect(rewritten(result.edits)).toContain('pkg/app/main.py: log -> logging as log');
  });
});

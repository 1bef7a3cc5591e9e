import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test files that replace a module with vi.mock: they need a module graph of their own. */
const MOCKING = ['test/rewrite/writer-races.test.ts', 'test/lang/typescript/javascript-verdict.test.ts'];

/**
 * The longest files, longest first (each over 10 s in CI). With no timings cached (a clean clone, as CI runs), vitest
 * starts larger files first, and these are small: they loop over fixtures/. Started last, the Python golden cases
 * (~95 s) left one worker running alone while the other idled, and the suite took 300 s of 280 s' work.
 */
const LONGEST = [
  'test/rewrite/golden-python.test.ts',
  'test/rewrite/golden-python-more.test.ts',
  'test/rewrite/golden-typescript.test.ts',
  'test/sql/edge-cases.test.ts',
  'test/rewrite/symbol-app.test.ts',
  'test/sql/cli.test.ts',
  'test/cli/code-cache.test.ts',
  'test/rewrite/fixture-app.test.ts',
  'test/rewrite/file-renames.test.ts',
];

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const at = LONGEST.findIndex((name) => file.moduleId.endsWith(name));
      return at < 0 ? LONGEST.length : at;
    };
    // Vitest runs the projects one after the other: the longest go first within each, the rest keep vitest's order.
    const byProject = new Map<string, TestSpecification[]>();
    for (const file of await super.sort(files)) byProject.set(file.project.name, [...(byProject.get(file.project.name) ?? []), file]);
    return [...byProject.values()].flatMap((group) =>
      group.map((file, index) => ({ file, index })).sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index).map(({ file }) => file),
    );
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances take ~760 MB each; keep the worker count to the machine's two cores.
    maxWorkers: 2,
    // apply journals runs outside a git work tree under $XDG_CACHE_HOME: keep the tests' journals out of ~/.cache.
    env: { XDG_CACHE_HOME: path.join(os.tmpdir(), 'renamer-test-cache') },
    projects: [
      {
        extends: true,
        // Test files share their worker's module graph: loading the TypeScript compiler, ts-morph, PGlite and the
        // wasm grammars once per worker instead of once per file halves the suite's CPU time (measured: 112 s → 56 s
        // on 47 files). Nothing in src keeps state that one test could leave for another: caches are keyed by
        // absolute path and every test works in its own temp folder.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: MOCKING, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});

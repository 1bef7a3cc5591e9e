import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** Test files that replace a module with vi.mock: they need a module graph of their own. */
const MOCKING = ['test/rewrite/writer-races.test.ts', 'test/lang/typescript/javascript-verdict.test.ts'];

export default defineConfig({
  test: {
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

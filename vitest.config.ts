import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances take ~760 MB each; keep the worker count to the machine's two cores.
    maxWorkers: 2,
    // apply journals runs outside a git work tree under $XDG_CACHE_HOME: keep the tests' journals out of ~/.cache.
    env: { XDG_CACHE_HOME: path.join(os.tmpdir(), 'renamer-test-cache') },
  },
});

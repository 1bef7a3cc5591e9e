import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances take ~760 MB each; keep the worker count to the machine's two cores.
    maxWorkers: 2,
  },
});

/** Test runners' functions whose first argument is a test's or a suite's title (vitest, jest, mocha, node:test, bun). */
export const TEST_TITLE_CALLS: ReadonlySet<string> = new Set(['describe', 'it', 'test', 'suite', 'bench', 'context', 'specify', 'fdescribe', 'xdescribe', 'fit', 'xit']);
/**
 * The runners' globals that are test titles even when TypeScript cannot resolve them: a .js test outside every
 * tsconfig does not see `types: ["vitest/globals"]` (immer's __tests__/readme.js: `test("produceWithPatches", …)`
 * held the exported function at all 45 sites as a string passed to an unresolved callee).
 */
export const UNRESOLVED_TEST_TITLE_CALLS: ReadonlySet<string> = new Set(['describe', 'it', 'test', 'suite']);

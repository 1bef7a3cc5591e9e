import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runApply } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe("a platform export imported under a local name (fixtures/platform-import, this repository's @types/node)", () => {
  // ky: `import { setTimeout as delay } from 'node:timers/promises'` became `setDeadline` for --from timeout. TypeScript
  // lists only @types/node's declaration for that name, so the import site was in no symbol's locations and was
  // rewritten as free text.
  it('keeps the imported name, lists it as a conflict, and renames the project own names', async () => {
    const dir = copyFixture('platform-import');
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const run = await runApply(dir, ['--dry-run', '--from', 'timeout', '--to', 'deadline']);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).not.toContain('setDeadline');
    expect(run.stdout).toContain('+export async function retry(deadline: number): Promise<void> {');
    expect(run.stdout).toMatch(/^ {2}src\/retry\.ts:1:13 {2}Timeout: declared by the platform/m);
  });
});

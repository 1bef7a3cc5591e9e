import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../check/helpers.js';
import { runCli } from '../helpers/cli.js';

beforeAll(requireBuild);
const dir = mkdtempSync(path.join(tmpdir(), 'renamer-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Over the worker threshold (2,000 files), with enough candidate bytes (~1 MB) that batches queue up: the main thread analyzes some of them once it has read every file, and a second worker starts on machines with more than two cores. */
function tree(): void {
  const matching = (i: number) =>
    `// session_id ${i}\nexport function load${i}(sessionId: string) {\n  return { session_id: sessionId, key: 'x-session-id' };\n}\n` +
    `export const plain${i} = [${'1, '.repeat(1000)}];\n`;
  for (let i = 0; i < 2100; i++) {
    const folder = path.join(dir, `pkg${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const name = i % 7 === 0 ? `file${i}.py` : `file${i}.ts`;
    const text = i % 7 === 0 ? `def f${i}(session_id):\n    return {"session_id": session_id}\n` : i % 6 === 0 ? matching(i) : `export const other${i} = ${i};\n`;
    writeFileSync(path.join(folder, name), text);
  }
  writeFileSync(path.join(dir, 'pkg3/broken.ts'), 'export function broken(sessionId: string {\n');
}

describe('scan on worker threads', () => {
  it('reports exactly what one thread reports, on a tree whose batches queue up', () => {
    tree();
    const args = ['scan', '--from', 'session_id', '--to', 'flow_id', '--format', 'json'];
    const threaded = runCli(args, dir);
    const single = runCli(args, dir, { RENAMER_THREADS: '1' });
    expect(threaded.code, threaded.stderr).toBe(0);
    expect(threaded.stdout).toBe(single.stdout);
    const { summary } = JSON.parse(threaded.stdout);
    expect(summary.filesScanned).toBe(2101);
    expect(summary.files).toBeGreaterThan(500);
  }, 180_000);
});

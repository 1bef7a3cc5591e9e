import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkJson, copyFixture, requireBuild, removeCopies } from './helpers.js';

beforeAll(requireBuild);
afterAll(removeCopies);

const BASELINE = 'renamer-baseline.json';

function edit(dir: string, file: string, change: (text: string) => string): void {
  const absolute = path.join(dir, file);
  writeFileSync(absolute, change(readFileSync(absolute, 'utf8')));
}

async function withBaseline(): Promise<string> {
  const dir = copyFixture('check-gate');
  const run = await check(dir, '--update-baseline', BASELINE);
  expect(run.code).toBe(0);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/wrote 15 references to renamer-baseline\.json/);
  return dir;
}

describe('renamer check --update-baseline', () => {
  it('writes the failing sites as sorted JSON, one entry a line, without line numbers', async () => {
    const dir = await withBaseline();
    const text = readFileSync(path.join(dir, BASELINE), 'utf8');
    const baseline = JSON.parse(text) as { version: number; total: number; references: { file: string; kind: string; text: string; code: string; count?: number }[] };
    expect(baseline.version).toBe(1);
    expect(baseline.total).toBe(15);
    const entries = baseline.references;
    expect(entries.reduce((sum, entry) => sum + (entry.count ?? 1), 0)).toBe(15);
    const keys = entries.map((e) => `${e.file}\u0000${e.code}\u0000${e.kind}\u0000${e.text}`);
    expect(keys).toEqual([...keys].sort());
    expect(text).not.toMatch(/"line"/);
    // allowed (src/compat) and suppressed sites are not listed: they never fail
    expect(entries.some((e) => e.file.startsWith('src/compat/'))).toBe(false);
    expect(entries.filter((e) => e.file === 'src/components/ImportPanel.tsx')).toHaveLength(1);
    expect(entries).toContainEqual({ file: 'src/api/client.ts', kind: 'parameter', text: 'sessionId', code: 'export async function getFlowStatus(flowId: string, sessionId?: string): Promise<FlowStatus> {' });
    expect(text.split('\n').filter((line) => line.startsWith('    {'))).toHaveLength(entries.length);
  });
});

describe('renamer check --baseline', () => {
  it('passes while only baselined sites remain', async () => {
    const dir = await withBaseline();
    const run = await check(dir, '--baseline', BASELINE);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/renamer check passed: 0 references fail the check, 15 covered by the baseline, 2 allowed/);
    expect(run.stdout).toMatch(/\(baseline\)/);
  });

  it('survives lines inserted above a reference and re-indentation', async () => {
    const dir = await withBaseline();
    edit(dir, 'src/api/client.ts', (text) => `// Client for the flows API.\n\n${text.replace("import type { FlowStatus } from './types';", "import type { FlowStatus } from './types';\nimport { log } from './log';\n")}`);
    edit(dir, 'app/services/import_validation.py', (text) => text.replace('    # session_id arrives', '        # session_id   arrives'));
    const { code, report } = await checkJson(dir, '--baseline', BASELINE);
    expect(report.references.find((r) => r.file === 'src/api/client.ts' && r.kind === 'parameter')?.line).toBe(8);
    expect(report.check).toMatchObject({ passed: true, failing: 0, baselineCovered: 15 });
    expect(code).toBe(0);
  });

  it('fails on a new reference only, and names it', async () => {
    const dir = await withBaseline();
    edit(dir, 'src/storage/keys.js', (text) => `${text}\nexport const LEGACY_KEY = 'import_session_id';\n`);
    const { code, report } = await checkJson(dir, '--baseline', BASELINE);
    expect(code).toBe(1);
    expect(report.references.filter((r) => r.failing).map((r) => `${r.file}:${r.line}:${r.kind}:${r.text}`)).toEqual(['src/storage/keys.js:9:string:session_id']);
    expect(report.check).toMatchObject({ passed: false, failing: 1, baselineCovered: 15 });
  });

  it('fails when a baselined line is copied: the same code twice is one site too many', async () => {
    const dir = await withBaseline();
    edit(dir, 'src/components/ImportPanel.tsx', (text) => text.replace(/( *void getFlowStatus.*\n)/, '$1$1'));
    const { code, report } = await checkJson(dir, '--baseline', BASELINE);
    expect(code).toBe(1);
    expect(report.references.filter((r) => r.failing).map((r) => `${r.file}:${r.line}`)).toEqual(['src/components/ImportPanel.tsx:6']);
  });

  it('fails when baselined sites are gone, asking to update the baseline, then passes once it is updated', async () => {
    const dir = await withBaseline();
    edit(dir, 'src/api/client.ts', (text) => text.replace('  // TODO(migration): drop sessionId once every caller sends flowId\n', ''));
    const { code, report } = await checkJson(dir, '--baseline', BASELINE);
    expect(code).toBe(1);
    expect(report.check).toMatchObject({ passed: false, failing: 0 });
    expect(report.check.stale).toEqual([
      { file: 'src/api/client.ts', kind: 'comment', text: 'sessionId', code: '// TODO(migration): drop sessionId once every caller sends flowId', count: 1, missing: 1 },
    ]);
    const text = await check(dir, '--baseline', BASELINE);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('renamer-baseline.json lists 1 reference that is gone; run `renamer check --update-baseline renamer-baseline.json`');
    expect(text.stdout).toMatch(/Gone from renamer-baseline\.json[\s\S]*src\/api\/client\.ts {2}comment {2}sessionId/);

    const before = readFileSync(path.join(dir, BASELINE), 'utf8');
    expect((await check(dir, '--update-baseline', BASELINE)).code).toBe(0);
    const after = readFileSync(path.join(dir, BASELINE), 'utf8');
    expect(JSON.parse(after).total).toBe(JSON.parse(before).total - 1);
    // the ratchet step is one removed line (plus the total)
    const removed = before.split('\n').filter((line) => !after.split('\n').includes(line));
    expect(removed).toEqual(['  "total": 15,', expect.stringContaining('TODO(migration)')]);
    expect((await check(dir, '--baseline', BASELINE)).code).toBe(0);
  });

  it('rejects a file that is not a baseline', async () => {
    const dir = copyFixture('check-gate');
    writeFileSync(path.join(dir, BASELINE), '{"references": {}}');
    const run = await check(dir, '--baseline', BASELINE);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--baseline renamer-baseline\.json: not a renamer baseline/);
  });
});

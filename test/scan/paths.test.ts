import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { planPathRenames, renameSegment } from '../../src/scan/paths-plan.js';
import { createMatcher } from '../../src/words/index.js';
import { FIXTURES } from '../helpers/cli.js';

const DIR = path.join(FIXTURES, 'scan-paths');
const PLAN = ['--from', 'session', '--to', 'flow', '--allow', 'legacy/**'];

async function run(args: string[]) {
  let stdout = '';
  const io: CommandIO = { cwd: DIR, env: { NO_COLOR: '1' }, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stdout += t) };
  const code = await main(args, io);
  return { code, stdout };
}

describe('family-named paths in reports', () => {
  it('scan lists them under paths (JSON and text), and no reference counts them', async () => {
    const json = await run(['scan', ...PLAN, '--format', 'json']);
    const report = JSON.parse(json.stdout) as { summary: { references: number }; paths: unknown[] };
    expect(report.summary.references).toBe(0);
    expect(report.paths).toEqual([
      { file: 'app/utils/session_manager.py', text: 'session_manager.py', replacement: 'flow_manager.py', kind: 'path', allowed: false },
      { file: 'legacy/session_compat.py', text: 'session_compat.py', replacement: 'flow_compat.py', kind: 'path', allowed: true },
      { file: 'web/SessionPanel.tsx', text: 'SessionPanel.tsx', replacement: 'FlowPanel.tsx', kind: 'path', allowed: false },
      { file: 'web/session-utils/', text: 'session-utils', replacement: 'flow-utils', kind: 'path', allowed: false },
    ]);
    const text = await run(['scan', ...PLAN]);
    expect(text.stdout).toContain('Paths (apply --files renames them)\n  app/utils/session_manager.py → flow_manager.py\n  legacy/session_compat.py → flow_compat.py (allowed)\n');
  });

  it('check fails on them (kind path) outside --allow, in every format; --kinds -path opts out', async () => {
    const json = await run(['check', ...PLAN, '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { references: { file: string; kind: string; failing: boolean }[]; check: { failing: number } };
    expect(report.check.failing).toBe(3);
    expect(report.references.filter((r) => r.failing).map((r) => `${r.kind} ${r.file}`)).toEqual(['path app/utils/session_manager.py', 'path web/SessionPanel.tsx', 'path web/session-utils/']);
    const sarif = JSON.parse((await run(['check', ...PLAN, '--format', 'sarif'])).stdout) as { runs: { results: { locations: { physicalLocation: { region?: object } }[] }[] }[] };
    expect(sarif.runs[0].results.map((result) => result.locations[0].physicalLocation.region)).toEqual([undefined, undefined, undefined, undefined]);
    const github = await run(['check', ...PLAN, '--format', 'github']);
    expect(github.stdout).toContain('::error file=web/SessionPanel.tsx,title=renamer%3A path::"SessionPanel.tsx" should be "FlowPanel.tsx"\n');
    expect((await run(['check', ...PLAN, '--kinds', '-path'])).code).toBe(0);
  });
});

describe('renaming a path', () => {
  const matcher = (from: string, to: string) => createMatcher([{ from, to }]);

  it('keeps each name\'s style and a file\'s extension', () => {
    expect(renameSegment(matcher('session', 'flow'), 'session_manager.py', false)?.replacement).toBe('flow_manager.py');
    expect(renameSegment(matcher('session', 'flow'), 'SessionPanel.tsx', false)?.replacement).toBe('FlowPanel.tsx');
    expect(renameSegment(matcher('session', 'flow'), 'session-utils', true)?.replacement).toBe('flow-utils');
    expect(renameSegment(matcher('session', 'flow'), 'sessions', true)?.replacement).toBe('flows');
    expect(renameSegment(matcher('session_id', 'flow_id'), '[sessionId].ts', false)?.replacement).toBe('[flowId].ts');
    expect(renameSegment(matcher('session', 'flow'), 'obsession.md', false)).toBeUndefined();
  });

  it('moves a folder before what is inside it, and refuses a case-only rename', () => {
    const root = path.resolve('/project');
    const at = (relative: string) => path.join(root, relative);
    const plan = planPathRenames({
      cwd: root,
      roots: [root],
      files: [at('session/session_store.py'), at('session/other.py')],
      renames: [{ from: 'session', to: 'flow' }],
      allow: [],
      exists: () => false,
      list: () => [],
    });
    expect(plan.conflicts).toEqual([]);
    expect(plan.steps).toEqual([
      { from: at('session'), to: at('flow') },
      { from: at('flow/session_store.py'), to: at('flow/flow_store.py') },
    ]);
    expect(plan.fileMoves.get(at('session/other.py'))).toBe(at('flow/other.py'));
    // The CLI refuses such a plan (the names differ only in style); the planner stands on its own.
    const caseOnly = planPathRenames({ cwd: root, roots: [root], files: [at('session.md')], renames: [{ from: 'session', to: 'SESSION' }], allow: [], exists: () => false, list: () => [] });
    expect(caseOnly.steps).toEqual([]);
    expect(caseOnly.conflicts.map((conflict) => conflict.reason)).toEqual([expect.stringMatching(/^a case-only rename/)]);
  });
});

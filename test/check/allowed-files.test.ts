import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.js';

const copy = (side: 'input' | 'expected'): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `renamer-allowed-${side}-`));
  cpSync(path.join(FIXTURES, 'apply-allowed-imports', side), dir, { recursive: true });
  return dir;
};

describe('check and apply agree on sites that name what an allowed file declares', () => {
  it('passes on the tree apply leaves, counting the aliased import names and namespace accesses as allowed', () => {
    const result = runCli(['check', '--from', 'session_id', '--to', 'flow_id', '--format', 'json'], copy('expected'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const outsideAllowList = report.references.filter((r: { file: string }) => !r.file.includes('/compat/'));
    expect(outsideAllowList.length).toBeGreaterThan(0);
    expect(outsideAllowList.every((r: { allowed: boolean }) => r.allowed)).toBe(true);
  });

  it('still fails before apply, and apply then makes it pass', () => {
    const dir = copy('input');
    expect(runCli(['check', '--from', 'session_id', '--to', 'flow_id'], dir).code).toBe(1);
    expect(runCli(['apply', '--from', 'session_id', '--to', 'flow_id', '--allow-dirty'], dir).code).toBe(0);
    expect(runCli(['check', '--from', 'session_id', '--to', 'flow_id'], dir).code).toBe(0);
  });
});

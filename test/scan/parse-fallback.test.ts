import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

describe('renamer scan on files tree-sitter rejects (fixtures/ts-parse-fallback)', () => {
  it('analyzes the valid ones and lists only those TypeScript rejects too', () => {
    const result = runCli(['scan', '--from', 'session_id', '--to', 'flow_id', '--format', 'json'], path.join(FIXTURES, 'ts-parse-fallback'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { errors: { file: string }[] };
    expect(report.errors.map((error) => error.file)).toEqual(['src/broken.ts', 'src/types-in.jsx']);
    expectGolden('ts-parse-fallback.scan.json', result.stdout);
  });
});

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

describe('renamer scan on a minified bundle the tsx grammar misreads (fixtures/js-minified)', () => {
  it('reports its references, with no error', () => {
    const result = runCli(['scan', '--from', 'session_id', '--to', 'flow_id', '--format', 'json'], path.join(FIXTURES, 'js-minified'));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { errors: unknown[]; references: { line: number; column: number; kind: string }[] };
    expect(report.errors).toEqual([]);
    expect(report.references.map(({ line, column, kind }) => `${line}:${column} ${kind}`)).toEqual(['2:29 parameter', '2:82 parameter', '3:14 variable', '3:46 string']);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, resolveOptions, scan } from '../src/index.js';
import { FIXTURES } from './helpers/cli.js';

describe('the library API returns data and prints nothing', () => {
  const cwd = path.join(FIXTURES, 'example-app');

  it('scan() reports references with offsets into the kept sources', async () => {
    const options = resolveOptions(cwd, {});
    const { report, sources } = await scan(options);
    expect(report.summary.filesScanned).toBe(7);
    for (const reference of report.references) {
      const source = sources.get(reference.file);
      expect(source?.text.slice(reference.start, reference.end)).toBe(reference.text);
    }
    expect(report.references.filter((r) => r.allowed).every((r) => r.file.startsWith('src/compat/'))).toBe(true);
  });

  it('check() fails while references remain outside the allowed files', async () => {
    const result = await check(resolveOptions(cwd, {}));
    expect(result.passed).toBe(false);
    expect(result.failing.size).toBe(result.report.summary.references - result.report.summary.allowed);
  });
});

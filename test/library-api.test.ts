import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, resolveOptions, scan } from '../src/index.js';
import { FIXTURES } from './helpers/cli.js';

describe('the library API returns data and prints nothing', () => {
  const cwd = path.join(FIXTURES, 'example-app');

  it('scan() reports references with offsets into the kept sources', async () => {
    const options = resolveOptions(cwd, {});
    const { report, sources } = await scan(options);
    // renamer.config.json is the plan, not a source: 6 of the fixture's 7 files.
    expect(report.summary.filesScanned).toBe(6);
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

describe('applyRename refuses a plan without a new name', () => {
  it('throws a usage error and writes nothing', async () => {
    const { applyRename } = await import('../src/index.js');
    const options = resolveOptions(path.join(FIXTURES, 'matcher-digits'), { from: 's3_bucket', fromAlone: true });
    expect(options.renames).toHaveLength(1);
    await expect(applyRename(options, { dryRun: true })).rejects.toThrow(/needs a new name for s3_bucket/);
  });
});

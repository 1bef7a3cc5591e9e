import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  files?: string[];
  scripts: Record<string, string>;
};

describe('the npm package', () => {
  it('is not named renamer (an unrelated package owns that name) and installs the renamer command', () => {
    expect(pkg.name).toBe('identifier-renamer');
    expect(pkg.bin).toEqual({ renamer: 'bin/renamer.js' });
  });

  it('builds on install from git or a folder (prepare) and before packing (prepack)', () => {
    expect(pkg.scripts.prepare).toMatch(/npm run build/);
    expect(pkg.scripts.prepack).toMatch(/npm run build/);
  });

  it('ships the CLI, the built code and the schema it reads, and no sources, tests or fixtures', () => {
    // --ignore-scripts: list what `files` selects from the dist/ at hand, without rebuilding it.
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const files = (JSON.parse(result.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/renamer.js', 'dist/cli/run.js', 'dist/index.js', 'schema/renamer.config.schema.json', 'package.json', 'README.md']));
    expect(files.filter((file) => !/^(bin|dist|schema)\/|^(package\.json|README\.md|LICENSE)$/.test(file))).toEqual([]);
    expect(files.some((file) => file.endsWith('.tsbuildinfo'))).toBe(false);
  });
});

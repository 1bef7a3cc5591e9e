import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/cli.js';

const cwd = path.join(FIXTURES, 'imports-py');
const MAP = [
  '--map', 'skill_fleet.api.schemas.*=skill_fleet.app.api.schemas.*',
  '--map', 'skill_fleet.api.*=skill_fleet.app.*',
  '--map', 'skill_fleet.workflows.*=skill_fleet.core.dspy.modules.workflows.*',
];

describe('renamer imports on the bundled skill_fleet example', () => {
  it('prints the seed-style summary and exits 1 while imports are broken', () => {
    const result = runCli(['imports'], cwd);
    expect(result.code).toBe(1);
    const summary = result.stdout.trimEnd().split('\n').slice(-4);
    expect(summary[0]).toMatch(/^Files checked: \d+$/);
    expect(summary[1]).toMatch(/^Imports checked: \d+$/);
    expect(summary[2]).toMatch(/^Broken imports found: [1-9]\d*$/);
    expect(summary[3]).toMatch(/^Files with issues: [1-9]\d*$/);
    expect(result.stdout).toContain('skill_fleet.api.dependencies');
  });

  it('with the module map, suggests where each moved module went, and every suggestion resolves', () => {
    const result = runCli(['imports', ...MAP, '--format', 'json'], cwd);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const suggested = report.brokenImports.filter((b: { suggestion?: string }) => b.suggestion);
    expect(suggested.map((b: { specifier: string; suggestion: string }) => `${b.specifier} -> ${b.suggestion}`)).toEqual(
      expect.arrayContaining([
        'skill_fleet.api.dependencies -> skill_fleet.app.dependencies',
        'skill_fleet.api.schemas.skills -> skill_fleet.app.api.schemas.skills',
        'skill_fleet.workflows.quality_assurance -> skill_fleet.core.dspy.modules.workflows.quality_assurance',
      ]),
    );
    expect(suggested.every((b: { suggestionResolves: boolean }) => b.suggestionResolves)).toBe(true);
    expect(report.references).toEqual([]);
  });

  it('exits 0 on a tree whose imports all resolve', () => {
    const result = runCli(['imports', 'src/skill_fleet/app/dependencies.py'], cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { checkImports, type ImportCheckResult } from '../../src/imports/index.js';
import { bySpecifier, filesOf, fixture, mapping, NO_INTERPRETER } from './helpers.js';

describe('checkImports on Python (fixtures/imports-py: skill_fleet.api moved to skill_fleet.app)', () => {
  const cwd = fixture('imports-py');
  const map = [
    mapping('skill_fleet.api.*', 'skill_fleet.app.*', cwd),
    mapping('skill_fleet.api.schemas.*', 'skill_fleet.app.api.schemas.*', cwd),
    mapping('skill_fleet.workflows.*', 'skill_fleet.core.dspy.modules.workflows.*', cwd),
  ];
  let result: ImportCheckResult;
  let broken: ReturnType<typeof bySpecifier>;

  beforeAll(async () => {
    result = await checkImports({ cwd, files: await filesOf(cwd), map, python: NO_INTERPRETER });
    broken = bySpecifier(result.brokenImports);
  });

  it('reports exactly the unresolved imports, sorted by file and line', () => {
    expect(result.brokenImports.map((entry) => `${entry.file}:${entry.line}:${entry.column} ${entry.specifier}`)).toEqual([
      'src/skill_fleet/app/routes/skills.py:11:6 skill_fleet.api.dependencies',
      'src/skill_fleet/app/routes/skills.py:12:6 skill_fleet.api.schemas.skills',
      'src/skill_fleet/app/routes/skills.py:13:8 skill_fleet.api.exceptions',
      'src/skill_fleet/app/routes/skills.py:16:15 .missing_router',
      'src/skill_fleet/app/routes/skills.py:18:39 skill_fleet_plugins.audit.exporter',
      'src/skill_fleet/app/routes/skills.py:30:10 skill_fleet.workflows.quality_assurance',
      'src/skill_fleet/services/flow_service.py:2:6 ..api.dependencies',
    ]);
    // Not installed (no interpreter here) is not broken: listed apart, with whether the project declares it.
    const notInstalled = result.unresolvedThirdParty.map((entry) => `${entry.file}:${entry.line}:${entry.column} ${entry.module} ${entry.declared}`);
    expect(notInstalled.filter((entry) => entry.endsWith('false'))).toEqual(['tests/test_routes.py:1:8 numpy false']);
    expect(notInstalled).toContain('src/skill_fleet/app/routes/skills.py:9:6 flow_sdk true');
    expect(result.filesWithIssues).toBe(2);
    expect(result.errors).toEqual([]);
    expect(result.brokenImports.every((entry) => entry.language === 'python')).toBe(true);
  });

  it('applies the most specific mapping and checks that the suggestion resolves', () => {
    expect(broken.get('skill_fleet.api.dependencies')).toMatchObject({ suggestion: 'skill_fleet.app.dependencies', suggestionResolves: true });
    expect(broken.get('skill_fleet.api.schemas.skills')).toMatchObject({
      suggestion: 'skill_fleet.app.api.schemas.skills',
      suggestionResolves: true,
    });
    expect(broken.get('skill_fleet.workflows.quality_assurance')).toMatchObject({
      suggestion: 'skill_fleet.core.dspy.modules.workflows.quality_assurance',
      suggestionResolves: true,
    });
    expect(broken.get('numpy')?.suggestion).toBeUndefined();
  });

  it('keeps a relative import relative in the suggestion', () => {
    expect(broken.get('..api.dependencies')).toMatchObject({ suggestion: '..app.dependencies', suggestionResolves: true });
  });

  it('resolves relative imports, src layout, namespace packages, stdlib and declared third-party names', () => {
    // `from ..exceptions import`, `from ..api.schemas import skills`, `from .taxonomy import`, `from ..app import API_VERSION`.
    for (const fine of ['..exceptions', '..api.schemas.skills', '.taxonomy', '..app.API_VERSION', 'skill_fleet_plugins.audit.recorder']) {
      expect(broken.has(fine)).toBe(false);
    }
    // stdlib, pyproject (PyYAML → yaml, fastapi), requirements.txt (python-dotenv → dotenv, #egg=flow-sdk), -r requirements-dev.txt.
    for (const fine of ['json', 'os.path', 'typing', 'yaml', 'fastapi', 'requests', 'dotenv', 'flow_sdk', 'pytest', 'conftest']) {
      expect(broken.has(fine)).toBe(false);
    }
  });

  it('includes imports inside functions, but treats an ImportError-guarded third-party import as optional', () => {
    expect(broken.get('skill_fleet.workflows.quality_assurance')?.line).toBe(30);
    expect(broken.has('ujson')).toBe(false);
  });

  it('without a map, still reports, without suggestions', async () => {
    const plain = await checkImports({ cwd, files: await filesOf(cwd), map: [], python: NO_INTERPRETER });
    expect(plain.brokenImports).toHaveLength(7);
    expect(plain.brokenImports.some((entry) => entry.suggestion !== undefined)).toBe(false);
  });
});

describe('checkImports on a pyproject layout (fixtures/imports-py-layout)', () => {
  const cwd = fixture('imports-py-layout');

  it('uses package-dir roots, poetry dependencies and an in-tree virtualenv’s site-packages', async () => {
    const map = [mapping('flow_tools.session_export', 'flow_tools.export', cwd)];
    const result = await checkImports({ cwd, files: await filesOf(cwd), map, python: NO_INTERPRETER });
    expect(result.brokenImports.map((entry) => `${entry.file}:${entry.line} ${entry.specifier}`)).toEqual(['lib/flow_tools/export.py:5 flow_tools.session_export']);
    // yaml is in the in-tree .venv; requests is neither declared nor installed.
    const undeclared = result.unresolvedThirdParty.filter((entry) => !entry.declared);
    expect(undeclared.map((entry) => `${entry.file}:${entry.line} ${entry.module}`)).toEqual(['scripts/backfill_flow_ids.py:5 requests']);
    expect(result.unresolvedThirdParty.map((entry) => entry.module)).not.toContain('yaml');
    expect(result.brokenImports[0]).toMatchObject({ suggestion: 'flow_tools.export', suggestionResolves: true });
    // site-packages files are dependencies, never checked as project code.
    expect(result.filesChecked).toBe(3);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports } from '../../src/imports/index.js';
import { filesOf, NO_INTERPRETER } from './helpers.js';

/** Writes `files` (relative path → text) under a fresh folder. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-first-party-'));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), text);
  }
  return dir;
}

/**
 * Layouts a fixture on disk cannot hold: a direct_url.json names its project by absolute file URL. Built in a
 * temporary folder instead, with a uv workspace whose members are a glob.
 */
describe('first-party roots from uv workspaces and editable installs recorded in direct_url.json', () => {
  const outside = tree({ 'proj/src/outside_pkg/__init__.py': '', 'proj/src/outside_pkg/util.py': 'def f():\n    return 1\n', 'proj/pyproject.toml': '[project]\nname = "outside-pkg"\n' });
  const repo = tree({
    'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
    // A member without [project] is still installed by the workspace.
    'packages/shared/shared_lib/__init__.py': '',
    'packages/shared/shared_lib/text.py': 'def greet():\n    return "hi"\n',
    'packages/shared/requirements.txt': '',
    '.venv/lib/python3.11/site-packages/outside_pkg-1.0.dist-info/direct_url.json': JSON.stringify({ url: pathToFileURL(path.join(outside, 'proj')).href, dir_info: { editable: true } }),
    'app/main.py': 'from shared_lib.text import greet\nfrom outside_pkg.util import f\nfrom outside_pkg.gone import g\nimport shared_lib.nothing\n',
  });
  afterAll(() => {
    rmSync(outside, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  });

  it('resolves what they install and still reports their missing modules as broken', async () => {
    const result = await checkImports({ cwd: path.join(repo, 'app'), files: await filesOf(path.join(repo, 'app')), map: [], python: NO_INTERPRETER });
    expect(result.brokenImports.map((entry) => `${entry.file}:${entry.line} ${entry.specifier}`)).toEqual(['main.py:3 outside_pkg.gone', 'main.py:4 shared_lib.nothing']);
    expect(result.unresolvedThirdParty).toEqual([]);
  });
});

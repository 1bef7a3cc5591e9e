import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';
import { planRewrites, type RewritePlan } from '../../src/rewrite/plan.js';
import { projectFor } from '../../src/rewrite/ts-project.js';
import { scan } from '../../src/scan/scan.js';
import { copyFixture } from './helpers.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-member-scope-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function plan(dir: string, typeCheck = true): Promise<RewritePlan> {
  const options = resolveOptions(dir, { from: 'session_id', to: 'flow_id' });
  return planRewrites(options, await scan(options), { typeCheck });
}

const updated = (result: RewritePlan, file: string): string | undefined => result.files.find((f) => f.path === file)?.updated;
const reasonAt = (result: RewritePlan, file: string, line: number): string | undefined =>
  result.conflicts.find((c) => c.file === file && c.line === line)?.reason;

describe('members kept because they clash', () => {
  it('type-checks only the files it is given and what they import', () => {
    const dir = copyFixture('apply-member-scope/input');
    const project = projectFor(dir, [path.join(dir, 'src/api/imports.ts')]);
    project.resolveSourceFileDependencies();
    const loaded = project.getSourceFiles().map((file) => path.relative(dir, file.getFilePath()).split(path.sep).join('/'));
    expect(loaded.sort()).toEqual(['src/api/imports.ts', 'src/types.ts']);
  });

  it('without type checks keeps every member-like site of the name, as it cannot tell them apart', async () => {
    const result = await plan(copyFixture('apply-member-scope/input'), false);
    expect(reasonAt(result, 'src/api/imports.ts', 16)).toMatch(/cannot be told apart without types/);
    expect(updated(result, 'src/api/imports.ts')).toContain('return validation.sessionId;');
    // The enum value stays with its member either way.
    expect(result.conflicts.filter((c) => c.file === 'src/types.ts' && c.line === 10).map((c) => [c.column, c.text])).toEqual([[3, 'SessionId'], [16, 'session_id']]);
    expect(updated(result, 'src/types.ts')).toContain("SessionId = 'session_id',");
  });

  it('keeps untyped JavaScript accesses, renames JSDoc-typed ones, and keeps a Python enum value with its member', async () => {
    const dir = tree({
      'src/types.ts': 'export interface Both {\n  sessionId?: string;\n  flowId?: string;\n}\nexport interface One {\n  sessionId: string;\n}\n',
      'src/legacy.js': "/** @param {import('./types.js').One} one */\nexport const a = (one) => one.sessionId;\nexport const b = (raw) => raw.sessionId;\n",
      'app/fields.py': "from enum import Enum\n\n\nclass ImportField(str, Enum):\n    SESSION_ID = 'session_id'\n    FLOW_ID = 'flow_id'\n",
    });
    const result = await plan(dir);
    expect(updated(result, 'src/legacy.js')).toBe("/** @param {import('./types.js').One} one */\nexport const a = (one) => one.flowId;\nexport const b = (raw) => raw.sessionId;\n");
    expect(reasonAt(result, 'src/legacy.js', 3)).toMatch(/any-typed.*declared at src\/types\.ts:2/);
    expect(updated(result, 'app/fields.py')).toBeUndefined();
    expect(reasonAt(result, 'app/fields.py', 5)).toBeDefined();
    expect(result.conflicts.filter((c) => c.file === 'app/fields.py').map((c) => c.text)).toEqual(['SESSION_ID', 'session_id']);
  });
});

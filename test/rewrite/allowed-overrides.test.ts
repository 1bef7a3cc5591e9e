import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';
import { planRewrites, type RewritePlan } from '../../src/rewrite/plan.js';
import { scan } from '../../src/scan/scan.js';
import { copyFixture, FIXTURES } from './helpers.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-allowed-overrides-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function plan(dir: string, flags: Record<string, unknown>, typeCheck = true): Promise<RewritePlan> {
  const options = resolveOptions(dir, flags);
  return planRewrites(options, await scan(options), { typeCheck });
}

const updated = (result: RewritePlan, file: string): string | undefined => result.files.find((f) => f.path === file)?.updated;

describe('names declared in allowed files', () => {
  it('aliases imports and keeps namespace accesses from syntax alone, with no conflict', async () => {
    const dir = copyFixture('apply-allowed-imports/input');
    const result = await plan(dir, { from: 'session_id', to: 'flow_id' }, false);
    expect(result.conflicts).toEqual([]);
    expect(updated(result, 'src/flows.ts')).toContain("import { sessionId as flowId, toFlow } from './compat/session.js';");
    expect(updated(result, 'src/flows.ts')).toContain('return compat.sessionId === legacyFlowId;');
    expect(updated(result, 'app/flows.py')).toContain('from app.compat.session import session_id as flow_id, to_flow');
    expect(result.kept.map((site) => `${site.file}:${site.line}`)).toEqual(['app/flows.py:12', 'src/flows.ts:12']);
    expect(result.files.some((file) => file.path.includes('compat/'))).toBe(false);
  });

  it('leaves imports of files that are not allowed to the usual rename', async () => {
    const dir = tree({
      'src/session.ts': 'export const sessionId = "s";\n',
      'src/use.ts': "import { sessionId } from './session.js';\nexport const copy = sessionId;\n",
      'src/compat/other.ts': 'export const unrelated = 1;\n',
    });
    const result = await plan(dir, { from: 'session_id', to: 'flow_id', allow: ['src/compat/**'] });
    expect(updated(result, 'src/use.ts')).toBe("import { flowId } from './session.js';\nexport const copy = flowId;\n");
    expect(result.kept).toEqual([]);
  });
});

describe('members that override a dependency', () => {
  it('renames overriding members whose bases are all declared in the same file', async () => {
    const dir = tree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', target: 'ES2022' } }),
      'src/local.ts': 'class Base {\n  sessionId = 1;\n}\nexport class Child extends Base {\n  override sessionId = 2;\n}\n',
    });
    const result = await plan(dir, { from: 'session_id', to: 'flow_id' });
    expect(result.conflicts).toEqual([]);
    expect(updated(result, 'src/local.ts')).toBe('class Base {\n  flowId = 1;\n}\nexport class Child extends Base {\n  override flowId = 2;\n}\n');
  });

  it('keeps a member that implements the platform\'s interface, through a chain of project classes', async () => {
    const dir = copyFixture('apply-overrides/input');
    cpSync(path.join(FIXTURES, 'apply-overrides/vendor'), path.join(dir, 'node_modules'), { recursive: true });
    writeFileSync(
      path.join(dir, 'src/errors.ts'),
      'export class ImportError extends Error {\n  override message = "import failed";\n}\nexport class TimeoutError extends ImportError {\n  override message = "timed out";\n}\n',
    );
    const result = await plan(dir, { rename: ['message=detail'] });
    const reasons = result.conflicts.filter((c) => c.file === 'src/errors.ts').map((c) => `${c.line}: ${c.reason}`);
    expect(reasons).toEqual([
      '2: overrides Error.message declared by the platform (lib.es5.d.ts); not renamed',
      '5: overrides Error.message declared by the platform (lib.es5.d.ts); not renamed',
    ]);
    expect(updated(result, 'src/errors.ts')).toBeUndefined();
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as renameIdentifier from '../../transforms/rename-identifier.js';
import * as renameStorageKeys from '../../transforms/rename-storage-keys.js';
import * as rewriteImports from '../../transforms/rewrite-imports.js';

// jscodeshift's own test helper (its defineTest wants Jest globals; applyTransform does not).
const { applyTransform } = createRequire(import.meta.url)('jscodeshift/dist/testUtils') as {
  applyTransform: (module: unknown, options: object, input: { path?: string; source: string }, testOptions?: object) => string;
};
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('rename-identifier', () => {
  it('renames bindings, members, shorthands, JSX props and types, leaving strings and comments', () => {
    const source = [
      "import { sessionId as currentSessionId } from './session';",
      'interface Props { validationSessionId: string }',
      '// keep: session_id in a comment',
      "export const Badge = ({ sessionId }: { sessionId: string }) => <Flow sessionId={sessionId} label='session_id' />;",
      'const payload = { sessionId: currentSessionId, SESSION_ID: 1 };',
    ].join('\n');
    expect(applyTransform(renameIdentifier, { from: 'session_id', to: 'flow_id' }, { path: 'a.tsx', source })).toBe(
      [
        "import { flowId as currentFlowId } from './session';",
        'interface Props { validationFlowId: string }',
        '// keep: session_id in a comment',
        "export const Badge = ({ flowId }: { flowId: string }) => <Flow flowId={flowId} label='session_id' />;",
        'const payload = { flowId: currentFlowId, FLOW_ID: 1 };',
      ].join('\n'),
    );
  });

  it('leaves a file without matches untouched (returns nothing)', () => {
    const source = 'const obsession_id = 1; const sessionid = 2;\n';
    expect(applyTransform(renameIdentifier, { rename: 'session_id=flow_id' }, { path: 'a.ts', source })).toBe('');
  });
});

describe('rename-storage-keys', () => {
  it('renames words in strings and template text, keeping quotes and placeholders', () => {
    const source = [
      "localStorage.setItem(`import_session_${id}`, 'x');",
      'const key = "session:current";',
      "const sessionCache = 'sessions';",
    ].join('\n');
    expect(applyTransform(renameStorageKeys, { from: 'session', to: 'flow' }, { path: 'a.ts', source })).toBe(
      ["localStorage.setItem(`import_flow_${id}`, 'x');", 'const key = "flow:current";', "const sessionCache = 'flows';"].join('\n'),
    );
  });
});

describe('rewrite-imports', () => {
  it('recomputes relative specifiers and maps bare ones', () => {
    const cwd = '/repo';
    const source = [
      "import { fetchFlow } from '../api/client.js';",
      "export * from '../api/types';",
      "const lazy = () => import('../api/lazy.js');",
      "const legacy = require('old-client');",
      "import { other } from '../components/other.js';",
    ].join('\n');
    const options = { map: ['src/api/*=src/app/*', 'old-client=new-client'], cwd };
    expect(applyTransform(rewriteImports, options, { path: '/repo/src/views/panel.ts', source })).toBe(
      [
        "import { fetchFlow } from '../app/client.js';",
        "export * from '../app/types';",
        "const lazy = () => import('../app/lazy.js');",
        "const legacy = require('new-client');",
        "import { other } from '../components/other.js';",
      ].join('\n'),
    );
  });
});

describe('under the jscodeshift CLI', () => {
  it('runs rename-identifier as `npx jscodeshift -t transforms/rename-identifier.ts --from --to dir`', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-jscodeshift-'));
    cpSync(path.join(ROOT, 'fixtures/apply-shorthand-keys/input'), dir, { recursive: true });
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/jscodeshift/bin/jscodeshift.js'), '-t', path.join(ROOT, 'transforms/rename-identifier.ts'), '--from=session_id', '--to=flow_id', '--extensions=ts', dir],
      { stdio: 'pipe' },
    );
    const text = readFileSync(path.join(dir, 'payload.ts'), 'utf8');
    expect(text).toContain('export function toRequest(flowId: string, retries = 1): FlowRequest {');
    expect(text).toContain('  return { flowId, retries };');
    expect(text).not.toMatch(/sessionId/);
  });
});

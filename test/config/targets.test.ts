import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions, type PlanFlags } from '../../src/config/resolve.js';
import { UsageError } from '../../src/errors.js';

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-targets-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const rejects = (flags: PlanFlags, message: string | RegExp, dir = tempDir()) => {
  expect(() => resolveOptions(dir, flags)).toThrow(UsageError);
  expect(() => resolveOptions(dir, flags)).toThrow(message);
};

describe('the new name must be writable in every language the plan touches', () => {
  it.each([
    [{ from: 'session', to: 'class' }, '--to: "class" is a reserved word in TypeScript/JavaScript and Python'],
    [{ from: 'session', to: 'def' }, '--to: "def" is a reserved word in Python'],
    [{ from: 'session', to: 'lambda' }, '--to: "lambda" is a reserved word in Python'],
    [{ from: 'session', to: 'default' }, '--to: "default" is a reserved word in TypeScript/JavaScript'],
    [{ from: 'session', to: 'interface' }, '--to: "interface" is a reserved word in TypeScript/JavaScript'],
    [{ from: 'session', to: 'none' }, '--to: "none" would be written "None" (PascalCase), a reserved word in Python'],
    [{ from: 'session', to: '2fa' }, '--to: "2fa" is not a valid identifier in TypeScript/JavaScript and Python (it starts with a digit)'],
    [{ from: 'session_id', to: '2fa_code' }, '--to: "2fa_code" is not a valid identifier in TypeScript/JavaScript and Python (it starts with a digit)'],
    [{ from: 'session', to: 'flow.id' }, '--to: "flow.id" is not a name (letters, digits, "_" and "-" only)'],
    [{ rename: ['session=class'] }, '--rename: "class" is a reserved word in TypeScript/JavaScript and Python'],
  ])('rejects %j', (flags, message) => rejects(flags, message));

  it('checks the config file too, naming it', () => {
    const dir = tempDir({ 'renamer.config.json': JSON.stringify({ renames: { session: 'for' } }) });
    rejects({}, 'renamer.config.json: renames: "for" is a reserved word in TypeScript/JavaScript and Python', dir);
  });

  it('accepts names that only contain a reserved word, soft keywords, and digits after the first letter', () => {
    const dir = tempDir();
    for (const to of ['class_name', 'for_each', 'match', 'type', 's3_key', 'flow_id_v2', 'über_id', 'Default_Value'])
      expect(resolveOptions(dir, { from: 'session', to }).renames).toEqual([{ from: 'session', to }]);
  });

  it('checks only the languages the plan restricts itself to', () => {
    const dir = tempDir({ 'app.py': 'session = 1\n', 'app.ts': 'let session = 1;\n' });
    expect(resolveOptions(dir, { from: 'session', to: 'default', paths: ['app.py'] }).renames).toHaveLength(1);
    expect(resolveOptions(dir, { from: 'session', to: 'default', include: ['**/*.py'] }).renames).toHaveLength(1);
    rejects({ from: 'session', to: 'def', paths: ['app.ts', 'app.py'] }, '--to: "def" is a reserved word in Python', dir);
    rejects({ from: 'session', to: 'default', include: ['src/**/*.{ts,tsx}'] }, 'reserved word in TypeScript/JavaScript', dir);
    rejects({ from: 'session', to: 'def', include: ['src/**'] }, 'reserved word in Python', dir);
  });

  it('does not check identifiers when the plan writes none (strings, comments, text)', () => {
    const dir = tempDir();
    expect(resolveOptions(dir, { from: 'session', to: 'class', kinds: 'comment,string,text' }).renames).toHaveLength(1);
    rejects({ from: 'session', to: 'class', kinds: 'comment,variable' }, 'reserved word');
  });

  it.each([
    [{ from: 'session_id', to: 'session_id' }, '--from and --to: "session_id" and "session_id" are the same name'],
    [{ from: 'session_id', to: 'sessionId' }, '--from and --to: "session_id" and "sessionId" are the same name'],
    [{ rename: ['SESSION=session'] }, '--rename: "SESSION" and "session" are the same name'],
  ])('rejects a rename to the same name %j', (flags, message) => rejects(flags, message));
});

describe('--from without --to', () => {
  it('is a plan for scan and check, whose matches have no replacement', () => {
    const options = resolveOptions(tempDir(), { from: 'session_id', fromAlone: true });
    expect(options.renames).toEqual([{ from: 'session_id' }]);
  });

  it('still needs --to for a plan that rewrites', () => {
    rejects({ from: 'session_id' }, '--from needs --to');
    rejects({ to: 'flow_id', fromAlone: true }, '--to needs --from');
  });
});

import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';
import { InputError } from '../../src/errors.js';
import { applyEdits, normaliseEdits, OverlappingEditsError } from '../../src/rewrite/edits.js';
import { planRewrites } from '../../src/rewrite/plan.js';
import { writeRewrites } from '../../src/rewrite/writer.js';
import { scan } from '../../src/scan/scan.js';
import { modeOf, runApply, snapshot } from './helpers.js';

function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-safety-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe' });

describe('apply safety', () => {
  it('writes nothing when a file changed after it was read, naming the file', async () => {
    const dir = tree({ 'a.ts': 'export const sessionId = 1;\n', 'b.ts': 'export const session_id = 2;\n' });
    const options = resolveOptions(dir, { from: 'session_id', to: 'flow_id' });
    const plan = await planRewrites(options, await scan(options));
    expect(plan.files.map((file) => file.path)).toEqual(['a.ts', 'b.ts']);
    writeFileSync(path.join(dir, 'b.ts'), 'export const session_id = 3;\n');
    await expect(writeRewrites(plan.files)).rejects.toThrow(InputError);
    await expect(writeRewrites(plan.files)).rejects.toThrow(/b\.ts changed since it was read/);
    expect(readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('export const sessionId = 1;\n');
  });

  it('refuses files with uncommitted git changes unless --allow-dirty (exit 2, naming them)', async () => {
    const dir = tree({ 'src/a.ts': 'export const sessionId = 1;\n', 'src/b.ts': 'export const session_id = 2;\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    writeFileSync(path.join(dir, 'src/b.ts'), 'export const session_id = 2; // edited\n');
    const before = snapshot(dir);
    const refused = await runApply(dir, ['--from', 'session_id', '--to', 'flow_id']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes in src\/b\.ts;.*--allow-dirty/);
    expect(refused.stderr).not.toMatch(/src\/a\.ts/);
    expect(snapshot(dir)).toEqual(before);
    const allowed = await runApply(dir, ['--from', 'session_id', '--to', 'flow_id', '--allow-dirty']);
    expect(allowed.code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/b.ts'), 'utf8')).toBe('export const flow_id = 2; // edited\n');
  });

  it('keeps the BOM, CRLF line endings, the mode, and writes through symlinks', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const dir = tree({
      'crlf.py': Buffer.concat([bom, Buffer.from('def f(session_id):\r\n    return session_id\r\n')]),
      'run.py': '#!/usr/bin/env python3\nsession_id = 1\n',
      'real/target.ts': 'export const sessionId = 1;\n',
    });
    chmodSync(path.join(dir, 'run.py'), 0o755);
    symlinkSync('real/target.ts', path.join(dir, 'link.ts'));
    const result = await runApply(dir, ['--from', 'session_id', '--to', 'flow_id', '--allow-dirty', '--exclude', 'link.ts']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, 'crlf.py'))).toEqual(Buffer.concat([bom, Buffer.from('def f(flow_id):\r\n    return flow_id\r\n')]));
    expect(modeOf(path.join(dir, 'run.py'))).toBe(0o755);
    expect(readFileSync(path.join(dir, 'run.py'), 'utf8')).toBe('#!/usr/bin/env python3\nflow_id = 1\n');

    writeFileSync(path.join(dir, 'real/target.ts'), 'export const sessionId = 2;\n');
    const viaLink = await runApply(dir, ['link.ts', '--from', 'session_id', '--to', 'flow_id', '--allow-dirty']);
    expect(viaLink.code).toBe(0);
    expect(lstatSync(path.join(dir, 'link.ts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(dir, 'link.ts'))).toBe('real/target.ts');
    expect(readFileSync(path.join(dir, 'real/target.ts'), 'utf8')).toBe('export const flowId = 2;\n');
  });

  it('never touches --allow files or suppressed lines', async () => {
    const dir = tree({
      'compat/legacy.ts': 'export const sessionId = (flowId: string) => flowId;\n',
      'app.ts': [
        'export function send(sessionId: string) {',
        "  const header = 'x-session-id'; // renamer-ignore-line",
        '  // renamer-ignore-next-line',
        "  const legacy = { session_id: sessionId };",
        '  return { header, legacy, sessionId };',
        '}',
        '',
      ].join('\n'),
    });
    const result = await runApply(dir, ['--from', 'session_id', '--to', 'flow_id', '--allow', 'compat/**', '--allow-dirty']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compat/legacy.ts'), 'utf8')).toBe('export const sessionId = (flowId: string) => flowId;\n');
    // A suppressed line names the parameter, so the parameter stays whole: renaming the rest would leave line 4
    // reading a name that no longer exists.
    expect(readFileSync(path.join(dir, 'app.ts'), 'utf8')).toBe(
      [
        'export function send(sessionId: string) {',
        "  const header = 'x-session-id'; // renamer-ignore-line",
        '  // renamer-ignore-next-line',
        "  const legacy = { session_id: sessionId };",
        '  return { header, legacy, sessionId };',
        '}',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toMatch(/kept whole: a renamer-ignore comment keeps sessionId at app\.ts:4/);
  });

  it('keeps a local whole when one of its lines is suppressed, shorthand uses included', async () => {
    const source = [
      'export function post(id: string) {',
      '  const sessionId = id; // renamer-ignore-line',
      '  return { sessionId, kind: 1 };',
      '}',
      '',
    ];
    const dir = tree({ 'post.ts': source.join('\n') });
    const result = await runApply(dir, ['--from', 'session_id', '--to', 'flow_id', '--allow-dirty']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, 'post.ts'), 'utf8')).toBe(source.join('\n'));
    expect(result.stdout).toMatch(/^Kept: 2 sites/m);
  });

  it('catches overlapping edits before anything is applied', () => {
    const edits = [
      { start: 0, end: 9, text: 'flowId', kind: 'variable' as const },
      { start: 0, end: 9, text: 'flowId', kind: 'variable' as const },
      { start: 13, end: 20, text: 'x', kind: 'string' as const },
    ];
    expect(applyEdits('sessionId = "session"', normaliseEdits('a.ts', edits))).toBe('flowId = "x"');
    expect(() => normaliseEdits('a.ts', [...edits, { start: 5, end: 14, text: 'y', kind: 'string' }])).toThrow(OverlappingEditsError);
  });

  it('colours the dry-run diff on a terminal only', async () => {
    const dir = tree({ 'a.ts': 'export const sessionId = 1;\n' });
    const plain = await runApply(dir, ['--from', 'session_id', '--to', 'flow_id', '--dry-run']);
    expect(plain.stdout).toContain('-export const sessionId = 1;\n+export const flowId = 1;\n');
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const coloured = await runApply(dir, ['--from', 'session_id', '--to', 'flow_id', '--dry-run'], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.stdout).toMatch(/\x1b\[32m\+export const flowId = 1;/);
    expect(readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('export const sessionId = 1;\n');
  });
});

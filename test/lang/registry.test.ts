import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuild } from '../check/helpers.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { languageOf, languageOfFile, languageOfText } from '../../src/lang/registry.js';

describe('the language of a file, by its name', () => {
  it('reads dotenv files, extensions in any case and the names of extension-less files', () => {
    expect(languageOf('/p/.env')).toBe('text');
    expect(languageOf('/p/.env.local')).toBe('text');
    // A dotenv name wins over the extension, as before: `.env.ts` holds settings, not TypeScript.
    expect(languageOf('/p/.env.ts')).toBe('text');
    expect(languageOf('/p/.envrc')).toBeUndefined();
    expect(languageOf('/p/LOUD.PY')).toBe('python');
    expect(languageOf('/p/a.b/Makefile')).toBe('text');
    expect(languageOf('/p/.gitignore')).toBeUndefined();
    expect(languageOf('/p/file.')).toBeUndefined();
  });

  it('gives no language to files named after Object.prototype members (they crashed the scan)', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) expect(languageOf(`/p/${name}`), name).toBeUndefined();
  });

  it('scans a tree holding such files as a user runs it', () => {
    requireBuild();
    const result = runCli(['scan', '--from', 'session_id', '--format', 'json'], path.join(FIXTURES, 'file-names'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { summary: { filesScanned: number }; references: { file: string }[] };
    expect([...new Set(report.references.map((reference) => reference.file))].sort()).toEqual(['.env.local', '.env.ts', 'LOUD.PY', 'Makefile']);
    expect(report.summary.filesScanned).toBe(4);
  });
});

describe('the language of a script without an extension, by its #! line', () => {
  it('reads a Node script as JavaScript, a Python script as Python, other scripts as text, and leaves other extension-less names alone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'renamer-shebang-'));
    const write = (name: string, text: string): string => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    expect(languageOfFile(write('deploy', '#!/usr/bin/env node\nrequire("x");\n'))).toBe('javascript');
    expect(languageOfFile(write('pm', '#!/usr/local/bin/node --no-warnings\n'))).toBe('javascript');
    expect(languageOfFile(write('run', '#!/usr/bin/env -S node --experimental-vm-modules\n'))).toBe('javascript');
    expect(languageOfFile(write('manage', '#!/usr/bin/env python3\nimport sys\n'))).toBe('python');
    expect(languageOfFile(write('serve', '#!/usr/bin/python3.11 -u\n'))).toBe('python');
    expect(languageOfFile(write('py', '#!/usr/bin/env -S python -X utf8\n'))).toBe('python');
    expect(languageOfFile(write('build', '#!/bin/sh\nnode x.js\n'))).toBe('text');
    expect(languageOfFile(write('nodemon', '#!/usr/bin/env nodemon\n'))).toBe('text');
    expect(languageOfFile(write('pythonic', '#!/usr/bin/env pythonic\n'))).toBe('text');
    expect(languageOfFile(write('notes', 'node\n'))).toBeUndefined();
    // A name with an extension or a known name is decided by the name alone.
    expect(languageOfFile(write('tool.txt', '#!/usr/bin/env node\n'))).toBe('text');
    expect(languageOfFile(write('Makefile', '#!/usr/bin/env node\n'))).toBe('text');
    mkdirSync(path.join(dir, 'folder'));
    expect(languageOfFile(path.join(dir, 'folder'))).toBeUndefined();
    expect(languageOfFile(path.join(dir, 'missing'))).toBeUndefined();
    expect(languageOfText('bin/tool', '#!/usr/bin/env node\n')).toBe('javascript');
    expect(languageOfText('bin/tool', 'echo node\n')).toBeUndefined();
    expect(languageOfText('bin/manage', '#!/usr/bin/env python3\n')).toBe('python');
  });

  it('scans scripts that have no extension: Node as JavaScript, Python as Python, shell as text', () => {
    requireBuild();
    const dir = mkdtempSync(path.join(tmpdir(), 'renamer-shebang-scan-'));
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'bin', 'tool'), '#!/usr/bin/env node\nconst sessionId = 1;\n');
    writeFileSync(path.join(dir, 'bin', 'other'), '#!/bin/sh\necho session_id\n');
    writeFileSync(path.join(dir, 'bin', 'manage'), '#!/usr/bin/env python3\ndef main(session_id):\n    return session_id\n');
    writeFileSync(path.join(dir, 'bin', 'LICENSE'), 'the session_id of nothing\n');
    const result = runCli(['scan', '--from', 'session_id', '--format', 'json'], dir);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { references: { file: string; kind: string }[] };
    expect(report.references.map((reference) => `${reference.file} ${reference.kind}`)).toEqual([
      'bin/manage parameter',
      'bin/manage parameter',
      'bin/other text',
      'bin/tool variable',
    ]);
  });
});

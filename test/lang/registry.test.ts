import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuild } from '../check/helpers.js';
import { FIXTURES, runCli } from '../helpers/cli.js';
import { languageOf } from '../../src/lang/registry.js';

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

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';
import { InputError, UsageError } from '../../src/errors.js';

function tempDir(config?: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-config-'));
  if (config !== undefined) writeFileSync(path.join(dir, 'renamer.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

describe('resolveOptions', () => {
  it('merges the config file and the flags', () => {
    const dir = tempDir({ renames: { session_id: 'flow_id' }, allow: ['compat/**'], map: { 'a.api.*': 'a.app.*' } });
    const options = resolveOptions(dir, { rename: ['session=flow'], allow: ['legacy/**'] });
    expect(options.renames).toEqual([
      { from: 'session_id', to: 'flow_id' },
      { from: 'session', to: 'flow' },
    ]);
    expect(options.allow).toEqual(['compat/**', 'legacy/**']);
    expect(options.map).toEqual([{ from: 'a.api.*', to: 'a.app.*', baseDir: dir }]);
    expect(options.imports).toBe(true);
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('reads --kinds as an exact set or as +/- adjustments of the default', () => {
    const dir = tempDir();
    expect([...resolveOptions(dir, { kinds: 'parameter,property' }).kinds]).toEqual(['parameter', 'property']);
    const adjusted = resolveOptions(dir, { kinds: '+sql,-comment' }).kinds;
    expect(adjusted.has('sql')).toBe(true);
    expect(adjusted.has('comment')).toBe(false);
    expect(adjusted.has('text')).toBe(false);
    expect(adjusted.has('parameter')).toBe(true);
  });

  it.each([
    [{ kinds: 'parameter,nope' }, /--kinds: unknown kind "nope"/],
    [{ from: 'session_id' }, /--from needs --to/],
    [{ rename: ['session_id'] }, /--rename expects OLD=NEW, got "session_id"/],
    [{ paths: ['does/not/exist'] }, /path not found: does\/not\/exist/],
    [{ from: '__', to: 'flow' }, /--from: "__" has no words to match/],
  ])('rejects bad flags %j', (flags, message) => {
    expect(() => resolveOptions(tempDir(), flags)).toThrow(UsageError);
    expect(() => resolveOptions(tempDir(), flags)).toThrow(message);
  });

  it.each([
    ['{ "renames": [', /renamer\.config\.json: invalid JSON/],
    [{ renamez: [] }, /renamer\.config\.json: unknown key "renamez"/],
    [{ renames: [{ from: 'a' }] }, /renamer\.config\.json: "renames\.0" must have required property 'to'/],
    [{ database: { drop: 'x' } }, /"database\.drop" must be array/],
    [{ kinds: ['parameter', 'bogus'] }, /"kinds\.1" must match pattern/],
  ])('names the file and key of a malformed config %j', (config, message) => {
    expect(() => resolveOptions(tempDir(config), {})).toThrow(InputError);
    expect(() => resolveOptions(tempDir(config), {})).toThrow(message);
  });

  it('reports a missing --config file', () => {
    expect(() => resolveOptions(tempDir(), { config: 'missing.json' })).toThrow(/missing\.json: cannot read config file \(no such file\)/);
  });
});

describe('globs from a config file in another folder', () => {
  it('are rebased onto the current directory', () => {
    const dir = tempDir();
    const nested = path.join(dir, 'app');
    mkdirSync(nested);
    writeFileSync(path.join(nested, 'renamer.config.json'), JSON.stringify({ allow: ['src/compat/**'], exclude: ['!keep/**'] }));
    const options = resolveOptions(dir, { config: 'app/renamer.config.json', allow: ['x/**'] });
    expect(options.allow).toEqual(['app/src/compat/**', 'x/**']);
    expect(options.exclude).toEqual(['!app/keep/**']);
  });
});

describe('path arguments', () => {
  it('expands a glob the shell left alone, and names one that matches nothing', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'src', 'api'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'api', 'a.ts'), '');
    writeFileSync(path.join(dir, 'src', 'b.ts'), '');
    writeFileSync(path.join(dir, 'src', 'c.py'), '');
    expect(resolveOptions(dir, { paths: ['src/**/*.ts'] }).paths).toEqual([path.join(dir, 'src/api/a.ts'), path.join(dir, 'src/b.ts')]);
    expect(() => resolveOptions(dir, { paths: ['lib/**/*.ts'] })).toThrow('no files match lib/**/*.ts');
  });
});

describe('glob path arguments and .gitignore', () => {
  it('leave out what .gitignore excludes', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.gitignore'), 'dist/\n');
    mkdirSync(path.join(dir, 'dist'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'dist', 'a.js'), '');
    writeFileSync(path.join(dir, 'src', 'b.js'), '');
    expect(resolveOptions(dir, { paths: ['**/*.js'] }).paths).toEqual([path.join(dir, 'src/b.js')]);
    expect(() => resolveOptions(dir, { paths: ['dist/**/*.js'] })).toThrow(/no files match dist\/\*\*\/\*\.js/);
  });
});

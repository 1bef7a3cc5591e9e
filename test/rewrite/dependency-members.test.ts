import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';
import { planRewrites, type RewritePlan } from '../../src/rewrite/plan.js';
import { projectFor } from '../../src/rewrite/ts-project.js';
import { scan } from '../../src/scan/scan.js';
import { copyFixture, FIXTURES } from './helpers.js';

// The real projectFor, watched: syntax alone must spare the checker where it proves a site is the project's.
vi.mock('../../src/rewrite/ts-project.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/rewrite/ts-project.js')>();
  return { ...actual, projectFor: vi.fn(actual.projectFor) };
});

/** A project that declares its own `timeout` next to a dependency (under node_modules) that declares one too. */
const SHADOWED: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, lib: ['ES2022', 'DOM'], allowJs: true, noEmit: true }, include: ['src'] }),
  'node_modules/fake-emitter/package.json': JSON.stringify({ name: 'fake-emitter', version: '1.0.0', type: 'module', types: 'index.d.ts' }),
  'node_modules/fake-emitter/index.d.ts':
    'export interface EmitterOptions {\n  timeout?: number;\n}\nexport declare class Emitter {\n  constructor(options?: EmitterOptions);\n  timeout(ms: number): void;\n  readonly options: EmitterOptions;\n}\n',
  'src/options.ts': 'export interface Options {\n  timeout?: number;\n}\n',
};

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-dependency-members-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function plan(dir: string): Promise<RewritePlan> {
  const options = resolveOptions(dir, { from: 'timeout', to: 'deadline' });
  return planRewrites(options, await scan(options));
}

const updated = (result: RewritePlan, file: string): string | undefined => result.files.find((f) => f.path === file)?.updated;
const dependencyLines = (result: RewritePlan, file: string): number[] =>
  result.conflicts.filter((c) => c.file === file && /declared by a dependency \(node_modules\/fake-emitter\/index\.d\.ts\)/.test(c.reason)).map((c) => c.line);

describe('members of a dependency that the project also declares', () => {
  it('keeps the members TypeScript ties to the dependency and renames the project\'s own', async () => {
    const dir = tree({
      ...SHADOWED,
      'src/client.ts': [
        "import { Emitter, type EmitterOptions } from 'fake-emitter';",
        "import type { Options } from './options.js';",
        'export class Client extends Emitter {',
        '  run(): void { this.timeout(5); }',
        '}',
        'export class Own {',
        '  timeout = 1;',
        '  run(): number { return this.timeout; }',
        '}',
        'export const emitter = new Emitter({ timeout: 2 });',
        'export const defaults = { timeout: 3 };',
        'export const typed: Options = { timeout: 4 };',
        'export function read(options: EmitterOptions): number | undefined {',
        '  const { timeout } = options;',
        '  return timeout;',
        '}',
        'export const either = (x: Options | EmitterOptions): number | undefined => x.timeout;',
        '',
      ].join('\n'),
    });
    const result = await plan(dir);
    expect(dependencyLines(result, 'src/client.ts')).toEqual([4, 10, 14, 17]);
    const text = updated(result, 'src/client.ts')!.split('\n');
    expect(text[3]).toBe('  run(): void { this.timeout(5); }');
    expect(text.slice(6, 8)).toEqual(['  deadline = 1;', '  run(): number { return this.deadline; }']);
    expect(text[9]).toBe('export const emitter = new Emitter({ timeout: 2 });');
    expect(text.slice(10, 12)).toEqual(['export const defaults = { deadline: 3 };', 'export const typed: Options = { deadline: 4 };']);
    // The key stays the dependency's while the local binding it reads is renamed.
    expect(text.slice(13, 15)).toEqual(['  const { timeout: deadline } = options;', '  return deadline;']);
    expect(text[16]).toBe('export const either = (x: Options | EmitterOptions): number | undefined => x.timeout;');
    expect(updated(result, 'src/options.ts')).toContain('  deadline?: number;');
  });

  it('checks an untyped JavaScript literal when a JSDoc type may give it one', async () => {
    const dir = tree({
      ...SHADOWED,
      'src/setup.js': "/** @type {import('fake-emitter').EmitterOptions} */\nexport const typed = { timeout: 1 };\nexport const plain = { timeout: 2 };\n",
    });
    const result = await plan(dir);
    expect(dependencyLines(result, 'src/setup.js')).toEqual([2]);
    expect(updated(result, 'src/setup.js')).toBe("/** @type {import('fake-emitter').EmitterOptions} */\nexport const typed = { timeout: 1 };\nexport const plain = { deadline: 2 };\n");
  });

  it('names a platform member by its lib file, not by the checker\'s virtual path', async () => {
    const dir = tree({ ...SHADOWED, 'src/abort.ts': 'export const signal = (ms: number): AbortSignal => AbortSignal.timeout(ms);\n' });
    const result = await plan(dir);
    const conflict = result.conflicts.find((c) => c.file === 'src/abort.ts');
    expect(conflict?.reason).toMatch(/lib\.dom\.d\.ts/);
    expect(conflict?.reason).not.toMatch(/node_modules\/typescript/);
    expect(updated(result, 'src/abort.ts')).toBeUndefined();
  });

  it('builds no checker when syntax proves every site the project\'s, and one as soon as a site may be a dependency\'s', async () => {
    const own = [
      'export class Own {',
      '  constructor(private readonly timeoutMs: number) {}',
      '  timeout = 1;',
      '  run(): number { const later = () => this.timeout; return later() + this.timeoutMs; }',
      '}',
      'export const defaults = { timeout: 3, nested: { timeout: 4 } };',
      '',
    ].join('\n');
    vi.mocked(projectFor).mockClear();
    const spared = await plan(tree({ ...SHADOWED, 'src/own.ts': own }));
    expect(vi.mocked(projectFor)).not.toHaveBeenCalled();
    expect(updated(spared, 'src/own.ts')).toBe(own.replace(/timeout/g, 'deadline').replace(/Timeout/g, 'Deadline'));

    // Each of these could be a dependency's member: a base class's, a static one through `this`, a typed literal's.
    for (const risky of [
      "import { Emitter } from 'fake-emitter';\nexport class C extends Emitter {\n  timeout2 = 1;\n  run(): void { this.timeout(1); }\n}\n",
      'export class S {\n  timeout = 1;\n  static run(): string { return this.name + this.timeout; }\n}\n',
      "import type { EmitterOptions } from 'fake-emitter';\nexport const typed: EmitterOptions = { timeout: 1 };\n",
    ]) {
      vi.mocked(projectFor).mockClear();
      await plan(tree({ ...SHADOWED, 'src/risky.ts': risky }));
      expect(vi.mocked(projectFor), risky).toHaveBeenCalledOnce();
    }
  });

  it('leaves the golden case apply-dependency-shadowed type-checking, where renaming the dependency\'s members broke it', () => {
    const errorsOf = (dir: string): string[] => {
      cpSync(path.join(FIXTURES, 'apply-dependency-shadowed/node_modules'), path.join(dir, 'node_modules'), { recursive: true });
      const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
      const program = ts.createProgram(config.fileNames, config.options);
      return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    };
    expect(errorsOf(copyFixture('apply-dependency-shadowed/input'))).toEqual([]);
    expect(errorsOf(copyFixture('apply-dependency-shadowed/expected'))).toEqual([]);
  });
});

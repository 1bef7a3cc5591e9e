import { beforeAll, describe, expect, it } from 'vitest';
import { checkImports, type ImportCheckResult } from '../../src/imports/index.js';
import { bySpecifier, filesOf, fixture, mapping } from './helpers.js';

const cwd = fixture('imports-ts');

describe('checkImports on TypeScript and JavaScript (fixtures/imports-ts)', () => {
  let files: string[];
  let result: ImportCheckResult;
  let broken: ReturnType<typeof bySpecifier>;

  beforeAll(async () => {
    files = await filesOf(cwd);
    result = await checkImports({ cwd, files, map: [mapping('src/api/*', 'src/app/*', cwd)] });
    broken = bySpecifier(result.brokenImports);
  });

  it('reports exactly the imports that do not resolve', () => {
    expect([...broken.keys()].sort()).toEqual([
      '../api/flow-client.js',
      '../api/flow-history.js',
      '../api/session-store',
      '../assets/session.css',
      './legacy/session-banner.js',
      './routes',
      '@app/api/session-types',
      '@flow/storage/internal',
      'left-pad',
    ]);
    expect(result.filesWithIssues).toBe(3);
    expect(result.filesChecked).toBe(files.filter((file) => /\.(c|m)?[jt]sx?$/.test(file)).length);
    expect(result.errors).toEqual([]);
  });

  it('gives file, 1-based line and the UTF-16 column of the specifier inside the quotes', () => {
    expect(broken.get('../api/flow-client.js')).toMatchObject({ file: 'src/pages/dashboard.ts', line: 3, column: 28, language: 'typescript' });
    expect(broken.get('../api/session-store')).toMatchObject({ file: 'src/legacy/loader.cjs', line: 3, column: 35, language: 'javascript' });
  });

  it('resolves .js → .ts, folder index files, extends + paths aliases and package.json exports', () => {
    for (const resolved of ['../flows', '@app/flows/flow-store.js', '../flows/flow-store.js', '@flow/storage', '@flow/storage/keys']) {
      expect(broken.has(resolved)).toBe(false);
    }
    // On disk but not exported: TypeScript honours `exports`.
    expect(broken.get('@flow/storage/internal')).toBeDefined();
  });

  it('resolves assets that exist or that an ambient `declare module` covers', () => {
    expect(broken.has('../assets/flow.css')).toBe(false);
    expect(broken.has('../assets/flow-logo.svg')).toBe(false);
    expect(broken.get('../assets/session.css')?.line).toBe(9);
  });

  it('resolves Node builtins, declared-but-uninstalled packages, and reports undeclared ones', () => {
    expect(broken.has('node:fs')).toBe(false);
    expect(broken.has('path')).toBe(false);
    expect(broken.has('react')).toBe(false);
    expect(broken.get('left-pad')).toBeDefined();
  });

  it('checks dynamic import() and require() too', () => {
    expect(broken.get('../api/flow-history.js')?.line).toBe(17);
    expect(broken.has('../app/settings.json')).toBe(false);
  });

  it('follows each folder’s own tsconfig: NodeNext refuses a folder import, CommonJS require() accepts it', () => {
    expect(broken.get('./routes')).toMatchObject({ file: 'server/main.ts', line: 3 });
    expect(result.brokenImports.filter((entry) => entry.file === 'server/legacy.cts')).toEqual([]);
  });

  it('suggests the mapped module, in the original style, and says whether it resolves', () => {
    expect(broken.get('../api/flow-client.js')).toMatchObject({ suggestion: '../app/flow-client.js', suggestionResolves: true });
    expect(broken.get('@app/api/session-types')).toMatchObject({ suggestion: '@app/app/session-types', suggestionResolves: true });
    expect(broken.get('../api/flow-history.js')).toMatchObject({ suggestion: '../app/flow-history.js', suggestionResolves: false });
    expect(broken.get('../api/session-store')).toMatchObject({ suggestion: '../app/session-store', suggestionResolves: false });
    expect(broken.get('left-pad')?.suggestion).toBeUndefined();
  });

  it('leaves imports of build output (tsconfig outDir, .gitignore\'d folders) out unless includeGenerated', async () => {
    expect(broken.has('../../dist/version.js')).toBe(false);
    expect(broken.has('../../generated/build-info.js')).toBe(false);
    const all = await checkImports({ cwd, files, map: [], includeGenerated: true });
    expect(bySpecifier(all.brokenImports).get('../../dist/version.js')).toMatchObject({ line: 13 });
    expect(bySpecifier(all.brokenImports).get('../../generated/build-info.js')).toMatchObject({ file: 'src/pages/report.ts', line: 2 });
    expect(all.brokenImports.every((entry) => entry.suggestion === undefined)).toBe(true);
  });

  it('maps bare specifiers literally', async () => {
    const mapped = await checkImports({ cwd, files, map: [mapping('left-pad', '@flow/storage', cwd)] });
    expect(bySpecifier(mapped.brokenImports).get('left-pad')).toMatchObject({ suggestion: '@flow/storage', suggestionResolves: true });
  });

  it('counts every import it checked', () => {
    // dashboard.ts 16, flow-store.ts 2, flows/index.ts 1, flow-client.ts 1, loader.cjs 2, report.ts 1, server 3.
    expect(result.importsChecked).toBe(26);
  });
});

describe('checkImports with a solution-style tsconfig (fixtures/imports-ts-solution)', () => {
  it('takes the `paths` alias from the referenced tsconfig.app.json', async () => {
    const root = fixture('imports-ts-solution');
    const result = await checkImports({ cwd: root, files: await filesOf(root), map: [mapping('src/api/*', 'src/flows/*', root)] });
    expect(result.brokenImports).toEqual([
      {
        file: 'src/main.ts',
        line: 3,
        column: 29,
        specifier: '@/api/session-store',
        language: 'typescript',
        suggestion: '@/flows/session-store',
        suggestionResolves: false,
      },
    ]);
  });
});

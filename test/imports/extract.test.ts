import { createRequire } from 'node:module';
import type ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadParser } from '../../src/lang/tree-sitter.js';
import { extractPythonImports } from '../../src/imports/python/extract.js';
import { extractTsImports } from '../../src/imports/ts/extract.js';

const typescript = createRequire(import.meta.url)('typescript') as typeof ts;

describe('extractTsImports', () => {
  it('finds imports, export-from, require, import = require and dynamic import, with UTF-16 offsets', () => {
    const text = [
      "const label = '😀 flow'; import('./a.js');",
      "export { flowKey } from '@app/b';",
      "const legacy = require('./c');",
      "import store = require('./d');",
      "import type { FlowState } from './e';",
      "// import './commented-out';",
    ].join('\n');
    const found = extractTsImports(typescript, text);
    expect(found.imports.map(({ specifier, kind }) => `${kind} ${specifier}`)).toEqual([
      'dynamic-import ./a.js',
      'import @app/b',
      'require ./c',
      'require ./d',
      'import ./e',
    ]);
    for (const entry of found.imports) expect(text.slice(entry.start, entry.start + entry.specifier.length)).toBe(entry.specifier);
  });

  it('reads `declare module` as an ambient declaration, not an import', () => {
    const ambient = extractTsImports(typescript, "declare module '*.svg' { const url: string; export default url; }");
    expect(ambient).toEqual({ imports: [], ambientModules: ['*.svg'] });
    const augmentation = extractTsImports(typescript, "import 'vue';\ndeclare module 'vue' { interface Flow { flowId: string } }");
    expect(augmentation.imports.map((entry) => entry.specifier)).toEqual(['vue']);
    expect(augmentation.ambientModules).toEqual(['vue']);
  });
});

describe('extractPythonImports', () => {
  it('finds imports at any depth, with levels, names and UTF-16 offsets', async () => {
    const parser = await loadParser('python');
    const text = [
      'label = "😀"; import skill_fleet.api.dependencies as deps',
      'from ..api import (schemas, exceptions as errors)',
      'from . import flow_service',
      'from __future__ import annotations',
      'def load():',
      '    from skill_fleet.workflows import quality_assurance',
      'try:',
      '    import ujson',
      'except (ImportError, ValueError):',
      '    import json',
    ].join('\n');
    const found = extractPythonImports(parser, text);
    expect(found.map((entry) => [entry.module, entry.level, entry.names.map((name) => name.name).join(','), entry.guarded])).toEqual([
      ['skill_fleet.api.dependencies', 0, '', false],
      ['..api', 2, 'schemas,exceptions', false],
      ['.', 1, 'flow_service', false],
      ['skill_fleet.workflows', 0, 'quality_assurance', false],
      ['ujson', 0, '', true],
      ['json', 0, '', false],
    ]);
    expect(text.slice(found[0].start, found[0].start + found[0].module.length)).toBe('skill_fleet.api.dependencies');
    expect(text.slice(found[1].names[1].start).startsWith('exceptions')).toBe(true);
    parser.delete();
  });
});

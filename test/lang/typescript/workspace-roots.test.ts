import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../../src/lang/typescript/workspace.js';
import { FIXTURES } from '../../helpers/cli.js';

const typescript = createRequire(import.meta.url)('typescript') as typeof ts;
const INPUT = path.join(FIXTURES, 'apply-ts-narrowed-program/input');
const files = readdirSync(path.join(INPUT, 'src')).map((name) => path.join(INPUT, 'src', name));
/** As apply answers it: the file's bytes hold a word of the prefilter (`session` in any case). */
const mayMention = (_file: string, bytes: Buffer): boolean => /session/i.test(bytes.toString('utf8'));
const names = (roots: readonly string[]): string[] => roots.map((file) => path.basename(file)).sort();

describe("the TypeScript engine's programs", () => {
  it('take as roots the files that may spell the plan, and the ones that declare globals, not the other modules', () => {
    const workspace = loadWorkspace(typescript, INPUT, files, mayMention);
    expect(workspace.projects).toHaveLength(1);
    // helper.ts reaches the program through main.ts's import; unrelated.ts not at all.
    expect(names(workspace.projects[0].rootFiles)).toEqual(['augment.ts', 'env.ts', 'main.ts', 'types.ts']);
  });

  it('take a left-out file back when it is asked about, and every file without the predicate', () => {
    const workspace = loadWorkspace(typescript, INPUT, files, mayMention);
    const project = workspace.projectOf(path.join(INPUT, 'src/unrelated.ts'));
    expect(names(project.rootFiles)).toContain('unrelated.ts');
    expect(names(loadWorkspace(typescript, INPUT, files).projects[0].rootFiles)).toEqual(['augment.ts', 'env.ts', 'helper.ts', 'main.ts', 'types.ts', 'unrelated.ts']);
  });
});

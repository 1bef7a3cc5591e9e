/**
 * jscodeshift transform: rewrites import specifiers by renamer's module map (`--map=src/api/*=src/app/*`, or a
 * bare specifier `--map=old-pkg=new-pkg`; several separated by commas): relative specifiers are recomputed from
 * the importing file and keep their extension style. Covers `import`, `export ... from`, `require()` and `import()`.
 *
 *   npm run build && npx jscodeshift -t transforms/rewrite-imports.ts --map='src/api/*=src/app/*' src
 *
 * Unlike `renamer apply --map`, it does not check that the new specifier resolves, and knows no tsconfig aliases.
 * The module map comes from the built output (dist/, `npm run build`); see rename-identifier.ts.
 */
import path from 'node:path';
import type { API, FileInfo, Options } from 'jscodeshift';
// @ts-expect-error dist/ is built JavaScript without declarations; its types are those of src/imports below.
import * as builtMap from '../dist/imports/module-map.js';
// @ts-expect-error as above.
import * as builtSpecifier from '../dist/imports/specifier.js';

const { createModuleMap } = builtMap as typeof import('../src/imports/module-map.js');
const { rewriteTsSpecifier } = builtSpecifier as typeof import('../src/imports/specifier.js');

function mapFrom(options: Options) {
  const entries = [options.map ?? []].flat().flatMap((value: unknown) => String(value).split(','));
  const mappings = entries.map((entry) => {
    const at = entry.indexOf('=');
    if (at <= 0) throw new Error(`rewrite-imports: --map expects OLD=NEW, got "${entry}"`);
    return { from: entry.slice(0, at).trim(), to: entry.slice(at + 1).trim(), baseDir: String(options.cwd ?? process.cwd()) };
  });
  if (mappings.length === 0) throw new Error('rewrite-imports: give --map=OLD=NEW');
  return createModuleMap(mappings);
}

export default function rewriteImports(file: FileInfo, api: API, options: Options): string | undefined {
  const moduleMap = mapFrom(options);
  const j = api.jscodeshift;
  const root = j(file.source);
  const importingFile = path.resolve(file.path);
  const spans: { start: number; end: number; text: string }[] = [];
  const rewrite = (literal: { value: unknown; start?: number | null; end?: number | null }) => {
    if (typeof literal.value !== 'string' || typeof literal.start !== 'number' || typeof literal.end !== 'number') return;
    const specifier = literal.value;
    const relative = specifier.startsWith('.');
    const match = relative ? moduleMap.matchPath(path.resolve(path.dirname(importingFile), specifier)) : moduleMap.matchBare(specifier);
    if (!match) return;
    const next = relative ? rewriteTsSpecifier({ importingFile, oldSpecifier: specifier, newTarget: match.rewritten }) : match.rewritten;
    if (next === specifier) return;
    // Edit the literal's text between its quotes; nothing else is reprinted.
    spans.push({ start: literal.start + 1, end: literal.end - 1, text: next });
  };
  root.find(j.ImportDeclaration).forEach((p) => rewrite(p.node.source as never));
  root.find(j.ExportNamedDeclaration).forEach((p) => p.node.source && rewrite(p.node.source as never));
  root.find(j.ExportAllDeclaration).forEach((p) => rewrite(p.node.source as never));
  root.find(j.CallExpression).forEach((p) => {
    const callee = p.node.callee;
    const isLoader = callee.type === 'Import' || (callee.type === 'Identifier' && callee.name === 'require');
    const first = p.node.arguments[0];
    if (isLoader && first && (first.type === 'StringLiteral' || first.type === 'Literal')) rewrite(first as never);
  });
  if (spans.length === 0) return undefined;
  let result = '';
  let at = 0;
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    result += file.source.slice(at, span.start) + span.text;
    at = span.end;
  }
  return result + file.source.slice(at);
}

export const parser = 'tsx';

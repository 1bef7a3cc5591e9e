#!/usr/bin/env node
// Regenerates src/lang/typescript/globals.json: the names TypeScript's lib.*.d.ts and @types/node declare globally,
// and the members of global instances (`document`, `navigator`, ...). The scan analyzer reads this list instead of
// loading the TypeScript compiler, which costs ~0.7 s per run.
// Run after upgrading typescript or @types/node: `node scripts/generate-ts-globals.mjs`.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'src/lang/typescript/globals.json');

const probe = path.join(root, '__renamer_globals_probe__.ts');
const host = ts.createCompilerHost({});
const readFile = host.readFile.bind(host);
host.readFile = (file) => (path.resolve(file) === probe ? 'export {};\n' : readFile(file));
const fileExists = host.fileExists.bind(host);
host.fileExists = (file) => path.resolve(file) === probe || fileExists(file);
const program = ts.createProgram({
  rootNames: [probe],
  options: { lib: ['lib.esnext.full.d.ts'], types: ['node'], typeRoots: [path.join(root, 'node_modules/@types')], noEmit: true },
  host,
});
const checker = program.getTypeChecker();
const source = program.getSourceFile(probe);

/** `lib.dom.d.ts`, or `@types/node/globals.d.ts` for the Node declarations. */
function label(fileName) {
  const normal = fileName.replace(/\\/g, '/');
  const types = normal.lastIndexOf('/@types/');
  if (types !== -1) return normal.slice(types + 1);
  return path.basename(normal);
}

function add(groups, name, file) {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return;
  (groups[file] ??= new Set()).add(name);
}

/** Aliases of the global scope itself: their members are the global values (the analyzer knows these names too). */
const GLOBAL_SCOPES = new Set(['window', 'self', 'globalThis', 'global', 'frames', 'parent', 'top']);
const values = {};
const types = {};
const members = {};
for (const symbol of checker.getSymbolsInScope(source, ts.SymbolFlags.Value | ts.SymbolFlags.Type | ts.SymbolFlags.Namespace)) {
  const declaration = symbol.declarations?.[0];
  if (!declaration) continue;
  const file = label(declaration.getSourceFile().fileName);
  if (symbol.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.Namespace)) add(values, symbol.name, file);
  if (symbol.flags & ts.SymbolFlags.Type) add(types, symbol.name, file);
  // Members of global instances (`document.cookie`, `navigator.mediaSession`), not of constructors, whose statics
  // are few and whose instances are reached through user variables the scan cannot type.
  if (!(symbol.flags & ts.SymbolFlags.Variable) || !/^[a-z]/.test(symbol.name) || GLOBAL_SCOPES.has(symbol.name)) continue;
  const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
  if (!(type.flags & ts.TypeFlags.Object) || type.getConstructSignatures().length > 0) continue;
  const names = {};
  for (const property of checker.getPropertiesOfType(type)) {
    const where = property.declarations?.[0];
    if (where) add(names, property.name, label(where.getSourceFile().fileName));
  }
  if (Object.keys(names).length > 0) members[symbol.name] = names;
}

const sorted = (groups) =>
  Object.fromEntries(
    Object.keys(groups)
      .sort()
      .map((file) => [file, [...groups[file]].sort()]),
  );
const json = {
  typescript: ts.version,
  values: sorted(values),
  types: sorted(types),
  members: Object.fromEntries(Object.keys(members).sort().map((name) => [name, sorted(members[name])])),
};
writeFileSync(output, JSON.stringify(json) + '\n');
const count = (groups) => Object.values(groups).reduce((sum, names) => sum + names.size, 0);
process.stderr.write(`wrote ${path.relative(root, output)}: ${count(values)} values, ${count(types)} types, ${Object.keys(members).length} instances\n`);

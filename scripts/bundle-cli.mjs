#!/usr/bin/env node
// Bundles the compiled CLI (dist/) into dist/bundle/, which bin/renamer.js runs. Why: Node's ESM loader reads each
// of the ~50 modules a scan or check needs with its own asynchronous open/read/close, one import level at a time,
// and compiles each on every start (Node 20 has no compile cache). The bundle is one CommonJS file, which
// bin/renamer.js compiles with V8's code cache (src/config/code-cache.ts). Against the chunked ESM bundle before it,
// interleaved runs: `check --help` 59 → 42 ms, a cached check on the bench tree 0.18 → 0.16 s. Lazy parts stay lazy:
// esbuild wraps the modules reached only by `import()` (apply, sql, the reporters) in functions that run on first
// use, and a function that never runs costs nothing with the cache. (One ESM file, which evaluates every module up
// front: `check --help` 0.19 s in the same session as 0.078 s for the chunks.)
// The scan worker is a second file, shard-worker.cjs, loaded by worker_threads; code-cache.cjs is the loader.
// Packages that are large, load files beside themselves (wasm grammars, pyright's server) or are only used by
// apply/sql stay external and load from node_modules as before. The library API (dist/index.js) is not bundled.
// Writes dist/bundle/build.json: the bundle's content hash, which names its code cache and which check's cache
// takes for renamer's identity.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'bundle');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// Small pure-JavaScript packages on the scan/check path are bundled; every other dependency stays a package
// (fast-glob too: it is loaded through createRequire, which esbuild leaves alone).
const BUNDLED = new Set(['chalk', 'ignore', 'picomatch', 'pluralize', 'smol-toml']);
const external = Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name));

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  // The names are those parallel.ts and bin/renamer.js look for beside the bundle.
  entryPoints: {
    run: path.join(dist, 'cli/bundle-entry.js'),
    'shard-worker': path.join(dist, 'scan/shard-worker.js'),
    // What bin/renamer.js loads the bundle with: CommonJS as well, so that nothing on the way goes through the ESM loader.
    'code-cache': path.join(dist, 'config/code-cache.js'),
    // What bin/renamer.js asks first: a check whose run record stands prints it without loading the rest.
    replay: path.join(dist, 'cli/replay.js'),
  },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
  // The sources find files beside themselves (the worker, build.json, package.json) from import.meta.url.
  define: { 'import.meta.url': '__renamerModuleUrl' },
  banner: { js: "const __renamerModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

const hash = createHash('sha256');
for (const file of Object.keys(result.metafile.outputs).sort()) hash.update(`${path.basename(file)}\0`).update(readFileSync(path.resolve(root, file)));
writeFileSync(path.join(outdir, 'build.json'), `${JSON.stringify({ build: hash.digest('hex') })}\n`);

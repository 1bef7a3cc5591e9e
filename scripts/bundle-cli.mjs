#!/usr/bin/env node
// Bundles the compiled CLI (dist/) into dist/bundle/, which bin/renamer.js runs. Why: Node's ESM loader reads each
// of the ~50 modules a scan or check needs with its own asynchronous open/read/close, one import level at a time,
// and a run spends ~60 ms of its ~150 ms start-up idle waiting for them (measured with --cpu-prof on `scan --help`).
// esbuild joins them into a few chunks; code splitting keeps the lazy parts lazy (apply, sql, reporters load only
// when asked for: one eagerly evaluated file measured slower than the graph it replaced).
// Packages that are large, load files beside themselves (wasm grammars, pyright's server) or are only used by
// apply/sql stay external and load from node_modules as before. The library API (dist/index.js) is not bundled.
// Writes dist/bundle/build.json: the bundle's content hash, which check's cache takes for renamer's identity.
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
  entryPoints: { run: path.join(dist, 'cli/run.js'), 'shard-worker': path.join(dist, 'scan/shard-worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
  // Bundled CommonJS packages (picomatch, fast-glob) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __renamerCreateRequire } from 'node:module'; const require = __renamerCreateRequire(import.meta.url);" },
});

const hash = createHash('sha256');
for (const file of Object.keys(result.metafile.outputs).sort()) hash.update(`${path.basename(file)}\0`).update(readFileSync(path.resolve(root, file)));
writeFileSync(path.join(outdir, 'build.json'), `${JSON.stringify({ build: hash.digest('hex') })}\n`);

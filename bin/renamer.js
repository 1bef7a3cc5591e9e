#!/usr/bin/env node
// The CLI as bundled by scripts/bundle-cli.mjs (npm run build): one CommonJS file, compiled with V8's code cache
// when there is a user cache folder (src/config/code-cache.ts), else required as usual. CommonJS here too: an ES
// module on the way would bring in Node's ESM loader, which costs a start ~10 ms (bin/package.json makes this
// folder CommonJS). A check whose run record stands is answered before the bundle loads (src/cli/replay.ts).
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');

const argv = process.argv.slice(2);
const replayed = argv[0] === 'check' ? require('../dist/bundle/replay.cjs').replay(argv) : undefined;
if (replayed !== undefined) process.exitCode = replayed;
else {
  const { requireWithCodeCache } = require('../dist/bundle/code-cache.cjs');
  const bundle = path.join(__dirname, '../dist/bundle/run.cjs');
  // The cache is named by the bundle's content hash: V8 checks a cache against the source's length only.
  const { build } = JSON.parse(readFileSync(path.join(__dirname, '../dist/bundle/build.json'), 'utf8'));
  const { run } = requireWithCodeCache(bundle, { family: 'renamer', version: build })?.exports ?? require(bundle);
  run();
}

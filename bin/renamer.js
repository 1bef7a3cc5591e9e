#!/usr/bin/env node
// The CLI as bundled by scripts/bundle-cli.mjs (npm run build): a few chunks load faster than dist/'s module graph.
import '../dist/bundle/run.js';

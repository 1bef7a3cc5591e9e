#!/usr/bin/env node
// Regenerates src/config/config-validator.generated.ts: ajv's standalone validation code for
// schema/renamer.config.schema.json. Compiling the schema at run time costs ~0.35 s of CPU on every command that
// reads a config file (the gate runs on every commit); the generated function costs nothing to load.
// Run after editing the schema: `node scripts/generate-config-validator.mjs` (a test fails while it is stale).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configValidatorSource } from './config-validator-source.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'src/config/config-validator.generated.ts');
writeFileSync(output, configValidatorSource(root));
console.log(`wrote ${path.relative(root, output)}`);

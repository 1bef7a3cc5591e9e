#!/usr/bin/env node
// Generates a deterministic TypeScript tree for the benchmarks: N files (default 10,000, ~40 MB), 1% of
// them holding references to session_id in several styles, the rest realistic code without any.
// Usage: node bench/generate-tree.mjs DIR [--files N]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/renamer-bench-tree');
const filesFlag = args.indexOf('--files');
const fileCount = filesFlag >= 0 ? Number(args[filesFlag + 1]) : 10_000;
const TARGET_BYTES = 4_000;

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (items) => items[Math.floor(random() * items.length)];

const nouns = ['account', 'engagement', 'asset', 'invoice', 'report', 'catalog', 'tenant', 'workflow', 'audit', 'ledger'];
const verbs = ['load', 'store', 'update', 'remove', 'validate', 'render', 'compute', 'sync', 'resolve', 'format'];

function plainFunction(i) {
  const noun = pick(nouns);
  const verb = pick(verbs);
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  return `
/** ${verb}s the ${noun} record and returns its normalised form. */
export async function ${verb}${Noun}${i}(${noun}Id: string, options: { retries?: number } = {}): Promise<${Noun}Record> {
  const url = \`/api/v1/${noun}s/\${encodeURIComponent(${noun}Id)}\`;
  for (let attempt = 0; attempt <= (options.retries ?? 2); attempt++) {
    const response = await fetch(url, { headers: { 'x-request-id': crypto.randomUUID() } });
    if (response.ok) return normalise${Noun}((await response.json()) as ${Noun}Record);
  }
  throw new Error(\`${noun} \${${noun}Id} could not be ${verb}d\`);
}
`;
}

function matchingFunction(i) {
  return `
// Legacy: the validation session_id is still sent by older clients.
export function storeImport${i}(validationSessionId: string, data: ImportData): void {
  const storageKey = \`import_session_\${validationSessionId}\`;
  const body = { session_id: validationSessionId, data };
  localStorage.setItem(storageKey, JSON.stringify(body));
  const SESSION_ID_HEADER = 'x-session-id';
  void fetch('/api/import', { method: 'POST', headers: { [SESSION_ID_HEADER]: validationSessionId }, body: JSON.stringify(body) });
}
`;
}

function fileText(index, withMatch) {
  const noun = pick(nouns);
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  let text = `import type { ${Noun}Record } from '../types/${noun}.js';\nimport { normalise${Noun} } from '../lib/normalise.js';\n`;
  let i = 0;
  if (withMatch) text += matchingFunction(i++);
  while (text.length < TARGET_BYTES) text += plainFunction(i++);
  return text;
}

rmSync(dir, { recursive: true, force: true });
let bytes = 0;
let matching = 0;
for (let index = 0; index < fileCount; index++) {
  const folder = path.join(dir, `pkg${Math.floor(index / 500)}`, `mod${Math.floor(index / 50) % 10}`);
  if (index % 50 === 0) mkdirSync(folder, { recursive: true });
  const withMatch = index % 100 === 37;
  if (withMatch) matching++;
  const text = fileText(index, withMatch);
  bytes += text.length;
  writeFileSync(path.join(folder, `file${index}.ts`), text);
}
writeFileSync(path.join(dir, '.gitignore'), 'dist/\n');
console.log(JSON.stringify({ dir, files: fileCount, matchingFiles: matching, megabytes: +(bytes / 1e6).toFixed(1) }));

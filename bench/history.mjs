#!/usr/bin/env node
// `renamer history` on a generated repository: 10,000 TypeScript files (1% holding session_id in several styles)
// and 200 commits, each editing 25 files, every other one migrating a file off the old name. The target:
// under a minute on the 2-core CI machine. Prints the time, and the ratio to one `renamer check` of the last tree.
// Usage: node bench/history.mjs [DIR] [--files N] [--commits N]   (build first: npm run build)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/renamer-bench-history');
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const fileCount = flag('--files', 10_000);
const commitCount = flag('--commits', 200);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/renamer.js');

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const nouns = ['account', 'asset', 'invoice', 'report', 'tenant', 'workflow', 'ledger'];

const plain = (i, n) => `
export async function load${nouns[i % nouns.length]}${n}(id: string): Promise<unknown> {
  const response = await fetch(\`/api/v1/items/\${encodeURIComponent(id)}?v=${n}\`);
  if (!response.ok) throw new Error(\`item \${id} could not be loaded (${n})\`);
  return response.json();
}
`;
const matching = `
// Legacy: older clients still send session_id.
export function storeImport(validationSessionId: string, data: unknown): void {
  const body = { session_id: validationSessionId, data };
  localStorage.setItem(\`import_session_\${validationSessionId}\`, JSON.stringify(body));
}
`;
const fileText = (i, version, migrated) => {
  let text = `// file ${i}\n`;
  if (i % 100 === 0 && !migrated) text += matching;
  for (let n = 0; n < 12; n++) text += plain(i + n, n + version * 100);
  return text;
};

/** A fast-import stream: one commit with every file, then commits that edit a few each. */
function* stream() {
  const versions = new Array(fileCount).fill(0);
  const migrated = new Set();
  const file = (i) => {
    const data = Buffer.from(fileText(i, versions[i], migrated.has(i)));
    return `M 100644 inline src/m${Math.floor(i / 100)}/f${i}.ts\ndata ${data.length}\n${data}\n`;
  };
  for (let c = 0; c < commitCount; c++) {
    const message = c === 0 ? 'start' : `step ${c}`;
    let body = `commit refs/heads/main\ncommitter Bench <b@example.com> ${1_700_000_000 + c * 3600} +0000\ndata ${message.length}\n${message}\n`;
    if (c === 0) {
      for (let i = 0; i < fileCount; i++) body += file(i);
    } else {
      for (let k = 0; k < 25; k++) {
        const i = Math.floor(random() * fileCount);
        versions[i]++;
        body += file(i);
      }
      if (c % 2 === 0) {
        const i = ((c / 2) * 100) % fileCount;
        migrated.add(i);
        body += file(i);
      }
    }
    yield body;
  }
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
const started = Date.now();
const fastImport = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: [...stream()].join(''), maxBuffer: 1 << 30 });
if (fastImport.status !== 0) throw new Error(fastImport.stderr.toString());
execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir });
console.log(`generated ${fileCount} files × ${commitCount} commits in ${((Date.now() - started) / 1000).toFixed(1)} s: ${dir}`);

function timed(argv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(result.stderr);
  return { seconds, stdout: result.stdout, stderr: result.stderr };
}

const check = timed(['check', '--from', 'session_id', '--format', 'json']);
const history = timed(['history', '--from', 'session_id', '--format', 'json']);
const commits = JSON.parse(history.stdout).commits;
const checked = JSON.parse(check.stdout).check.failing;
console.log(`renamer check (last tree):  ${check.seconds.toFixed(1)} s, ${checked} references`);
console.log(`renamer history (${commits.length} commits): ${history.seconds.toFixed(1)} s, ${commits[0].references} → ${commits.at(-1).references} references (${history.stderr.trim()})`);
console.log(`ratio history / check: ${(history.seconds / check.seconds).toFixed(1)}×; the count at HEAD ${commits.at(-1).references === checked ? 'matches' : 'DIFFERS from'} check's`);

#!/usr/bin/env node
// Times `renamer imports` against `tsc --noEmit` on a generated 5,000-file TypeScript tree with relative and alias
// imports, a few of them broken, and compares what each reports: renamer's broken imports vs tsc's TS2307 errors.
// Usage: npm run build && node bench/imports-vs-tsc.mjs [fileCount]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fileCount = Number(process.argv[2] ?? 5000);
const FOLDERS = 50;
const BROKEN_EVERY = 500;

function generate(dir) {
  const perFolder = Math.ceil(fileCount / FOLDERS);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-tree', private: true, type: 'module' }));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        paths: { '@flows/*': ['./src/*'] },
      },
      include: ['src'],
    }),
  );
  const expected = [];
  for (let i = 0; i < fileCount; i++) {
    const folder = i % FOLDERS;
    const index = Math.floor(i / FOLDERS);
    const sub = path.join(dir, 'src', `flow${folder}`);
    if (index === 0) mkdirSync(sub, { recursive: true });
    const lines = [];
    const uses = [];
    if (index > 0) {
      lines.push(`import { flowStep${folder}_${index - 1} } from './step${index - 1}.js';`);
      uses.push(`flowStep${folder}_${index - 1}`);
    }
    const other = (folder + 1) % FOLDERS;
    if (index < perFolder - 1 && i + 1 < fileCount) {
      lines.push(`import { flowStep${other}_${index} } from '../flow${other}/step${index}.js';`);
      lines.push(`import type { FlowState${other}_${index} } from '@flows/flow${other}/step${index}';`);
      uses.push(`flowStep${other}_${index}`);
    }
    if (i % BROKEN_EVERY === 7) {
      lines.push(`import { sessionStep } from '../session${folder}/step${index}.js';`);
      lines.push(`import type { SessionState } from '@flows/session${folder}/state';`);
      expected.push(`../session${folder}/step${index}.js`, `@flows/session${folder}/state`);
      uses.push('sessionStep');
    }
    // A module of ordinary size (~40 lines): types, a class and functions, as a real code base has them.
    const name = `${folder}_${index}`;
    lines.push(
      '',
      `export interface FlowState${name} { flowId: string; step: number; startedAt: Date; labels: Record<string, string> }`,
      `export type FlowEvent${name} = { kind: 'started' | 'finished'; flowId: string } | { kind: 'failed'; flowId: string; reason: string };`,
      '',
      `/** Storage key of a flow (was \`import_session_\${sessionId}\` before the flow_id migration). */`,
      `export const flowKey${name} = (flowId: string): string => \`import_flow_${name}_\${flowId}\`;`,
      '',
      `export class FlowRecorder${name} {`,
      `  private readonly events: FlowEvent${name}[] = [];`,
      '',
      `  record(event: FlowEvent${name}): number {`,
      `    this.events.push(event);`,
      `    return this.events.filter((entry) => entry.flowId === event.flowId).length;`,
      '  }',
      '',
      `  failures(): string[] {`,
      `    return this.events.flatMap((entry) => (entry.kind === 'failed' ? [entry.reason] : []));`,
      '  }',
      '}',
      '',
      `export function flowStep${name}(flowId: string): string {`,
      `  const state: FlowState${name} = { flowId, step: ${index}, startedAt: new Date(0), labels: { folder: '${folder}' } };`,
      `  const recorder = new FlowRecorder${name}();`,
      `  recorder.record({ kind: 'started', flowId });`,
      `  return [flowKey${name}(flowId), state.step, ${uses.map((used) => `String(${used})`).join(', ') || "''"}].join('/');`,
      '}',
    );
    writeFileSync(path.join(sub, `step${index}.ts`), `${lines.join('\n')}\n`);
  }
  return expected;
}

function time(command, args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The CLI when the lead's `imports` command is built; else the library through dist/ with a fast-glob file list. */
function runRenamer(tree) {
  const cli = time(process.execPath, ['bin/renamer.js', 'imports', tree, '--format', 'json']);
  if (cli.status === 0 || cli.status === 1) return { ...cli, via: 'node bin/renamer.js imports', report: JSON.parse(cli.stdout) };
  if (!existsSync(path.join(root, 'dist/imports/index.js'))) throw new Error(`renamer imports failed and dist/ is not built: ${cli.stderr}`);
  const script = `
    import fg from 'fast-glob';
    import { checkImports } from './dist/imports/index.js';
    const files = await fg('**/*', { cwd: process.argv[1], absolute: true, ignore: ['**/node_modules/**'] });
    process.stdout.write(JSON.stringify(await checkImports({ cwd: process.argv[1], files, map: [] })));`;
  const library = time(process.execPath, ['--input-type=module', '-e', script, tree]);
  return { ...library, via: 'dist/imports (CLI not available)', report: JSON.parse(library.stdout) };
}

const tree = mkdtempSync(path.join(tmpdir(), 'renamer-bench-imports-'));
try {
  const expected = generate(tree);
  const renamer = runRenamer(tree);
  const tsc = time(process.execPath, [path.join(root, 'node_modules/typescript/lib/tsc.js'), '--noEmit', '-p', tree]);
  const ts2307 = [...tsc.stdout.matchAll(/error TS2307: Cannot find module '([^']+)'/g)].map((match) => match[1]);
  const ours = renamer.report.brokenImports.map((entry) => entry.specifier);
  const sameSet = JSON.stringify([...ours].sort()) === JSON.stringify([...ts2307].sort());
  console.log(`tree: ${fileCount} files in ${tree}, ${expected.length} broken imports planted`);
  console.log(`renamer (${renamer.via}): ${renamer.seconds.toFixed(2)} s, ${ours.length} broken imports`);
  console.log(`tsc --noEmit:  ${tsc.seconds.toFixed(2)} s, ${ts2307.length} TS2307 errors`);
  console.log(`ratio renamer/tsc: ${(renamer.seconds / tsc.seconds).toFixed(2)} (goal < 0.33)`);
  console.log(`same unresolved modules as TS2307: ${sameSet ? 'yes' : 'NO'}`);
  if (!sameSet) {
    console.log('  only renamer:', ours.filter((name) => !ts2307.includes(name)));
    console.log('  only tsc:', ts2307.filter((name) => !ours.includes(name)));
  }
  process.exitCode = sameSet ? 0 : 1;
} finally {
  // RENAMER_BENCH_KEEP=1 keeps the tree for profiling (node --cpu-prof bin/renamer.js imports <tree>).
  if (!process.env.RENAMER_BENCH_KEEP) rmSync(tree, { recursive: true, force: true });
}

#!/usr/bin/env node
// Times `renamer apply --dry-run` on a real TypeScript project (a monorepo with its dependencies installed) against
// the project's own full type check over the same projects, and prints both wall times, the ratio and the peak
// memory of each (the sum over the whole process tree, sampled from /proc, so tsserver-style children count; and
// the largest single process, from GNU time). Budget from issue 9: apply at most 1.5x tsc, peak under 2 GB.
// The type check is `tsc -b --force --pretty false` when the root tsconfig.json has project references (every
// referenced project checked, none skipped as up to date), else `tsc --noEmit --pretty false -p .`, with the
// project's own node_modules/.bin/tsc (renamer's when the project has none); --tsc "CMD" replaces it.
// Runs alternate (apply, tsc, apply, tsc, …) so that neither gets the other's warm cache; medians are printed.
// Usage: node bench/apply-vs-tsc.mjs <project-dir> --from OLD --to NEW [--runs N] [--tsc "CMD"]
//                                    [--renamer BIN] [-- extra renamer apply args, e.g. --allow-dirty]
// Example: node bench/apply-vs-tsc.mjs /tmp/real/ts-better-auth --from session_id --to flow_id
// Needs GNU time at /usr/bin/time for the single-process figure. Writes nothing into the project except what its
// own type check writes (tsc -b: declarations and .tsbuildinfo where the tsconfig puts them).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultTsc, fmtMb, fmtS, measure, median, parseArgs, readDryRun, root, tscDiagnostics, usage } from './oracle.mjs';

const args = parseArgs(process.argv.slice(2), ['--from', '--to', '--runs', '--tsc', '--renamer']);
const dir = args.positional[0] && path.resolve(args.positional[0]);
if (!dir) usage('usage: node bench/apply-vs-tsc.mjs <project-dir> --from OLD --to NEW [--runs N] [--tsc "CMD"] [--renamer BIN] [-- args]');
const from = args.one('--from');
const to = args.one('--to');
if (!from || !to) usage('--from and --to are required');
const runs = Number(args.one('--runs', 1));
const bin = path.resolve(args.one('--renamer', path.join(root, 'bin/renamer.js')));
const tsc = args.one('--tsc', defaultTsc(dir));
const applyArgs = [bin, 'apply', '--dry-run', '--no-color', '--from', from, '--to', to, ...args.extra];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'renamer-bench-apply-'));
const applyRuns = [];
const tscRuns = [];
const loadBefore = os.loadavg();
try {
  for (let i = 0; i < runs; i++) {
    applyRuns.push(
      await measure('node', applyArgs, { cwd: dir, stdoutFile: path.join(scratch, `apply-${i}.out`), stderrFile: path.join(scratch, `apply-${i}.err`) }),
    );
    tscRuns.push(await measure(tsc, [], { cwd: dir, shell: true }));
  }
  const loadAfter = os.loadavg();
  const apply = applyRuns.at(-1);
  const dry = readDryRun(apply.stdoutFile);
  const check = tscRuns.at(-1);
  const diagnostics = tscDiagnostics(check.stdout);
  const wall = (list) => median(list.map((r) => r.wall));
  const peak = (list, key) => Math.max(...list.map((r) => r[key]));
  const times = (list) => list.map((r) => r.wall.toFixed(1)).join(', ');
  const applyWall = wall(applyRuns);
  const tscWall = wall(tscRuns);
  const applyPeak = peak(applyRuns, 'peakTreeMb');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');

  console.log(`project: ${dir}; ${os.cpus().length} cores; median of ${runs} run(s)`);
  console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`renamer apply --dry-run  ${fmtS(applyWall)} (runs: ${times(applyRuns)})   peak ${fmtMb(applyPeak)} (largest process ${fmtMb(peak(applyRuns, 'peakSingleMb'))})   exit ${apply.status}`);
  console.log(`  node ${applyArgs.slice(1).join(' ')}`);
  console.log(`  dry-run diff: ${dry.files} files, -${dry.removed} +${dry.added} lines`);
  for (const line of dry.summary) console.log(`  | ${line}`);
  const stderr = readFileSync(apply.stderrFile, 'utf8').trim().split('\n').filter(Boolean).slice(-6);
  for (const line of stderr) console.log(`  ! ${line}`);
  console.log(`tsc                      ${fmtS(tscWall)} (runs: ${times(tscRuns)})   peak ${fmtMb(peak(tscRuns, 'peakTreeMb'))} (largest process ${fmtMb(peak(tscRuns, 'peakSingleMb'))})   exit ${check.status}`);
  console.log(`  ${tsc}`);
  console.log(`  ${diagnostics.length} diagnostics`);
  const ratio = applyWall / tscWall;
  console.log(`ratio apply/tsc: ${ratio.toFixed(2)}   (goal at most 1.5: ${verdict(ratio <= 1.5)})`);
  console.log(`apply peak memory: ${fmtMb(applyPeak)}   (goal under 2048 MB: ${verdict(applyPeak < 2048)})`);
} finally {
  // RENAMER_BENCH_KEEP=1 keeps apply's output (the dry-run diff) for reading.
  if (process.env.RENAMER_BENCH_KEEP) console.log(`apply output kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

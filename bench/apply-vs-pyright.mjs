#!/usr/bin/env node
// Times `renamer apply --dry-run` on a real Python project (its dependencies installed in a venv) against one
// pyright run over the same files, and prints both wall times, the ratio, pyright's diagnostics and the peak memory
// of each (the sum over the whole process tree, sampled from /proc, so a pyright language server started by renamer
// counts; and the largest single process, from GNU time). Budget from issue 9: apply at most the time of one pyright
// run. The interpreter is --python, else <dir>/.venv/bin/python, else VIRTUAL_ENV, else python3; renamer runs with
// VIRTUAL_ENV and PATH pointing at that venv, pyright with `--pythonpath` set to it. pyright is renamer's own
// (node_modules/.bin/pyright); --pyright "CMD" replaces the whole command.
// Runs alternate (apply, pyright, …) so that neither gets the other's warm cache; medians are printed.
// Usage: node bench/apply-vs-pyright.mjs <project-dir> --from OLD --to NEW [--runs N] [--python PATH]
//                                        [--pyright "CMD"] [--renamer BIN] [-- extra renamer apply args]
// Example: node bench/apply-vs-pyright.mjs /tmp/real/py-moto --from access_key_id --to credential_id
// Needs GNU time at /usr/bin/time for the single-process figure. Writes nothing into the project.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPyright, findPython, fmtMb, fmtS, measure, median, parseArgs, pyrightDiagnostics, readDryRun, root, usage, venvEnv } from './oracle.mjs';

const args = parseArgs(process.argv.slice(2), ['--from', '--to', '--runs', '--python', '--pyright', '--renamer']);
const dir = args.positional[0] && path.resolve(args.positional[0]);
if (!dir) usage('usage: node bench/apply-vs-pyright.mjs <project-dir> --from OLD --to NEW [--runs N] [--python PATH] [--pyright "CMD"] [--renamer BIN] [-- args]');
const from = args.one('--from');
const to = args.one('--to');
if (!from || !to) usage('--from and --to are required');
const runs = Number(args.one('--runs', 1));
const bin = path.resolve(args.one('--renamer', path.join(root, 'bin/renamer.js')));
const python = findPython(dir, args.one('--python'));
const env = venvEnv(python);
const pyright = args.one('--pyright', defaultPyright(python));
const applyArgs = [bin, 'apply', '--dry-run', '--no-color', '--from', from, '--to', to, ...args.extra];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'renamer-bench-apply-'));
const applyRuns = [];
const pyrightRuns = [];
const loadBefore = os.loadavg();
try {
  for (let i = 0; i < runs; i++) {
    applyRuns.push(
      await measure('node', applyArgs, { cwd: dir, env, stdoutFile: path.join(scratch, `apply-${i}.out`), stderrFile: path.join(scratch, `apply-${i}.err`) }),
    );
    pyrightRuns.push(await measure(pyright, [], { cwd: dir, env, shell: true }));
  }
  const loadAfter = os.loadavg();
  const apply = applyRuns.at(-1);
  const dry = readDryRun(apply.stdoutFile);
  const check = pyrightRuns.at(-1);
  const { keys, summary } = pyrightDiagnostics(check.stdout, dir);
  const wall = (list) => median(list.map((r) => r.wall));
  const peak = (list, key) => Math.max(...list.map((r) => r[key]));
  const times = (list) => list.map((r) => r.wall.toFixed(1)).join(', ');
  const applyWall = wall(applyRuns);
  const pyrightWall = wall(pyrightRuns);
  const verdict = (ok) => (ok ? 'met' : 'NOT met');

  console.log(`project: ${dir}; python ${python}; ${os.cpus().length} cores; median of ${runs} run(s)`);
  console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`renamer apply --dry-run  ${fmtS(applyWall)} (runs: ${times(applyRuns)})   peak ${fmtMb(peak(applyRuns, 'peakTreeMb'))} (largest process ${fmtMb(peak(applyRuns, 'peakSingleMb'))})   exit ${apply.status}`);
  console.log(`  node ${applyArgs.slice(1).join(' ')}`);
  console.log(`  dry-run diff: ${dry.files} files, -${dry.removed} +${dry.added} lines`);
  for (const line of dry.summary) console.log(`  | ${line}`);
  for (const line of readFileSync(apply.stderrFile, 'utf8').trim().split('\n').filter(Boolean).slice(-6)) console.log(`  ! ${line}`);
  console.log(`pyright                  ${fmtS(pyrightWall)} (runs: ${times(pyrightRuns)})   peak ${fmtMb(peak(pyrightRuns, 'peakTreeMb'))} (largest process ${fmtMb(peak(pyrightRuns, 'peakSingleMb'))})   exit ${check.status}`);
  console.log(`  ${pyright}`);
  if (summary) {
    console.log(`  ${summary.filesAnalyzed} files analyzed, ${summary.errorCount} errors, ${summary.warningCount} warnings, ${summary.informationCount} informations (pyright's own time ${summary.timeInSec} s)`);
  } else console.log(`  ${keys.length} diagnostics (no JSON summary)`);
  const ratio = applyWall / pyrightWall;
  console.log(`ratio apply/pyright: ${ratio.toFixed(2)}   (goal at most 1.0: ${verdict(ratio <= 1)})`);
} finally {
  // RENAMER_BENCH_KEEP=1 keeps apply's output (the dry-run diff) for reading.
  if (process.env.RENAMER_BENCH_KEEP) console.log(`apply output kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

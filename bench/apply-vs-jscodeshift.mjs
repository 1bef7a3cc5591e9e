#!/usr/bin/env node
// Times `renamer apply --dry-run` against a jscodeshift dry run of a plain Identifier-rename transform, once over
// every file (what most jscodeshift users run) and once over only the files ripgrep lists as candidates (the best
// a jscodeshift user can do), and prints the wall times, both ratios and renamer's peak memory.
// Generates the 10,000-file tree when none is given.
// Usage: node bench/apply-vs-jscodeshift.mjs [DIR] [--runs N] [--full-runs N] [--cpus N]
//   --runs N       runs of renamer and of the restricted jscodeshift run (median; default 5)
//   --full-runs N  runs of the full jscodeshift run, about a minute each on two cores (median; default 3)
//   --cpus N       jscodeshift worker processes (default: jscodeshift's own, max(cores - 1, 1))
// Needs `rg` (apt-get install ripgrep) and GNU time at /usr/bin/time for the memory figure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const VALUE_FLAGS = ['--runs', '--full-runs', '--cpus'];
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const runs = flag('--runs', 5);
const fullRuns = flag('--full-runs', 3);
const cpus = flag('--cpus', undefined);
const positional = args.find((a, i) => !a.startsWith('--') && !VALUE_FLAGS.includes(args[i - 1]));
const dir = path.resolve(positional ?? '/tmp/renamer-bench-tree');

if (!existsSync(dir)) execFileSync('node', [path.join(root, 'bench/generate-tree.mjs'), dir], { stdio: 'inherit' });
if (spawnSync('rg', ['--version']).error) {
  console.error('bench: ripgrep (rg) is not installed; apt-get install ripgrep');
  process.exit(2);
}
const jscodeshift = path.join(root, 'node_modules/.bin/jscodeshift');
if (!existsSync(jscodeshift)) {
  console.error(`bench: ${jscodeshift} is missing; run npm ci`);
  process.exit(2);
}
const hasGnuTime = existsSync('/usr/bin/time');

/** One run: wall seconds, peak resident memory in KB (GNU time; 0 without it), stdout. */
function once(command, commandArgs, input) {
  const options = { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, input };
  const started = process.hrtime.bigint();
  const result = hasGnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], options)
    : spawnSync(command, commandArgs, options);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error || result.status === null) throw new Error(`bench: ${command} failed: ${result.error ?? result.signal}`);
  const peakKb = hasGnuTime ? Number(result.stderr.trim().split('\n').pop()) || 0 : 0;
  return { wall, peakKb, stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median wall time of `count` runs of `step` (which may chain commands), and the highest peak memory seen. */
function time(count, step) {
  const walls = [];
  let peakKb = 0;
  let last;
  for (let i = 0; i < count; i++) {
    last = step();
    walls.push(last.wall);
    peakKb = Math.max(peakKb, last.peakKb);
  }
  return { wall: median(walls), walls, peakMb: peakKb / 1024, last };
}

const cpuArgs = cpus ? [`--cpus=${cpus}`] : [];
const transform = path.join(root, 'bench/transforms/rename-identifier.cjs');
// --parser=ts: the tree is TypeScript, which jscodeshift's default babel parser does not read.
const shiftArgs = ['--dry', '--silent', '--parser=ts', ...cpuArgs, '-t', transform, '--from=session_id', '--to=flow_id'];
const bin = path.join(root, 'bin/renamer.js');
const rgArgs = ['-l', '-i', '--no-messages', 'session[_-]?id', '.'];
const loadBefore = os.loadavg();

const renamer = time(runs, () =>
  once('node', [bin, 'apply', '--dry-run', '--from', 'session_id', '--to', 'flow_id', '--allow-dirty']),
);
const summaryLine = renamer.last.stdout.split('\n').find((line) => /^Would rewrite/.test(line)) ?? '(no summary line)';

// The restricted run is the pipeline a user would run: rg lists the candidates, jscodeshift reads them from stdin.
const restricted = time(runs, () => {
  const rg = once('rg', rgArgs);
  const files = rg.stdout.trim().split('\n').filter(Boolean);
  const shift = once(jscodeshift, [...shiftArgs, '--stdin'], files.join('\n'));
  return { wall: rg.wall + shift.wall, peakKb: shift.peakKb, files: files.length, rgWall: rg.wall };
});
// Sanity: the transform must parse every candidate and change each one (jscodeshift's own summary, not timed).
const check = once(jscodeshift, [...shiftArgs.filter((a) => a !== '--silent'), '--stdin'], once('rg', rgArgs).stdout.trim());
const checkLine = (label) => check.stdout.match(new RegExp(`(\\d+) ${label}`))?.[1] ?? '?';

const full = time(fullRuns, () => once(jscodeshift, [...shiftArgs, '.']));
const loadAfter = os.loadavg();

const workers = cpus ?? Math.max(os.cpus().length - 1, 1);
const secs = (t) => `${t.wall.toFixed(2)} s (runs: ${t.walls.map((w) => w.toFixed(2)).join(', ')})`;
const mb = (t) => (t.peakMb ? `   peak ${t.peakMb.toFixed(0)} MB` : '');
console.log(`tree: ${dir}; ${os.cpus().length} cores; jscodeshift --cpus=${workers}${cpus ? '' : ' (its default)'}`);
console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
console.log(`renamer apply --dry-run      ${secs(renamer)}${mb(renamer)}   ${summaryLine}`);
console.log(
  `jscodeshift, rg candidates   ${secs(restricted)}${mb(restricted)}   ${restricted.last.files} files ` +
    `(rg ${restricted.last.rgWall.toFixed(2)} s included; check run: ${checkLine('ok')} ok, ${checkLine('errors')} errors)`,
);
console.log(`jscodeshift, every file      ${secs(full)}${mb(full)}`);
const ratioFull = renamer.wall / full.wall;
const ratioRestricted = renamer.wall / restricted.wall;
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log(`ratio renamer/full:       1/${(1 / ratioFull).toFixed(1)}   (goal at most 1/20: ${verdict(ratioFull <= 1 / 20)})`);
console.log(`ratio renamer/restricted: ${ratioRestricted.toFixed(2)}   (goal at most 0.5: ${verdict(ratioRestricted <= 0.5)})`);
if (renamer.peakMb) console.log(`renamer peak memory: ${renamer.peakMb.toFixed(0)} MB   (goal under 600 MB: ${verdict(renamer.peakMb < 600)})`);

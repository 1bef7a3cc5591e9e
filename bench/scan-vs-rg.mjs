#!/usr/bin/env node
// Times `renamer scan` and `renamer check` against ripgrep on the same tree and prints files, references,
// wall times, the ratios and renamer's peak memory. Generates the 10,000-file tree when none is given.
// Usage: node bench/scan-vs-rg.mjs [DIR] [--runs N]        (needs `rg`: apt-get install ripgrep)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 5;
const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? '/tmp/renamer-bench-tree');

if (!existsSync(dir)) execFileSync('node', [path.join(root, 'bench/generate-tree.mjs'), dir], { stdio: 'inherit' });
if (spawnSync('rg', ['--version']).error) {
  console.error('bench: ripgrep (rg) is not installed; apt-get install ripgrep');
  process.exit(2);
}

/** Median wall time of `runs` runs, and the peak resident memory GNU time reports (KB), when available. */
function time(command, commandArgs) {
  const walls = [];
  let peakKb = 0;
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const hasGnuTime = existsSync('/usr/bin/time');
    const result = hasGnuTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(command, commandArgs, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (hasGnuTime) peakKb = Math.max(peakKb, Number(result.stderr.trim().split('\n').pop()) || 0);
    stdout = result.stdout;
  }
  walls.sort((a, b) => a - b);
  return { wall: walls[Math.floor(walls.length / 2)], peakMb: peakKb / 1024, stdout };
}

const bin = path.join(root, 'bin/renamer.js');
const rg = time('rg', ['--count-matches', '--ignore-case', '--no-messages', 'session[_-]?id', '.']);
const rgFiles = rg.stdout.trim().split('\n').filter(Boolean);
const rgMatches = rgFiles.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(':') + 1)), 0);
const scan = time('node', [bin, 'scan', '--from', 'session_id', '--to', 'flow_id', '--format', 'json']);
const summary = JSON.parse(scan.stdout).summary;
const check = time('node', [bin, 'check', '--from', 'session_id', '--to', 'flow_id', '--format', 'json']);

const row = (name, t) => `${name.padEnd(16)} ${t.wall.toFixed(3)} s${t.peakMb ? `   peak ${t.peakMb.toFixed(0)} MB` : ''}`;
console.log(`tree: ${dir} (${summary.filesScanned} files scanned), median of ${runs} runs`);
console.log(row('rg', rg) + `   ${rgFiles.length} files, ${rgMatches} matches (case-insensitive session[_-]?id)`);
console.log(row('renamer scan', scan) + `   ${summary.files} files, ${summary.references} references`);
console.log(row('renamer check', check));
console.log(`ratio scan/rg:  ${(scan.wall / rg.wall).toFixed(1)}x   (budget 8x, peak memory budget 400 MB)`);
console.log(`ratio check/rg: ${(check.wall / rg.wall).toFixed(1)}x`);

#!/usr/bin/env node
// Times renamer against ripgrep on the same tree and prints wall times, ratios and renamer's peak memory:
//   scan (no cache), check without the cache, the cached second check (answered from its run record), a check with one
//   file touched (the record misses, the per-file cache answers), and check --staged / --since with five
//   changed files in a git copy of the tree. Generates the 10,000-file tree when none is given.
// Usage: node bench/scan-vs-rg.mjs [DIR] [--runs N]        (needs `rg`: apt-get install ripgrep; GNU time for memory)
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, rmSync, utimesSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? '/tmp/renamer-bench-tree');

if (!existsSync(dir)) execFileSync('node', [path.join(root, 'bench/generate-tree.mjs'), dir], { stdio: 'inherit' });
if (spawnSync('rg', ['--version']).error) {
  console.error('bench: ripgrep (rg) is not installed; apt-get install ripgrep');
  process.exit(2);
}
const hasGnuTime = existsSync('/usr/bin/time');

/** Median wall time of `runs` runs (after `before`, each time), and the peak resident memory GNU time reports. */
function time(command, commandArgs, cwd = dir, before = () => {}) {
  const walls = [];
  let peakKb = 0;
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    before();
    const started = process.hrtime.bigint();
    const result = hasGnuTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(command, commandArgs, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (hasGnuTime) peakKb = Math.max(peakKb, Number(result.stderr.trim().split('\n').pop()) || 0);
    if (result.status === 2) throw new Error(`${commandArgs.join(' ')}: ${result.stderr}`);
    stdout = result.stdout;
  }
  walls.sort((a, b) => a - b);
  return { wall: walls[Math.floor(walls.length / 2)], peakMb: peakKb / 1024, stdout, load: loadavg()[0] };
}

const bin = path.join(root, 'bin/renamer.js');
const plan = ['--from', 'session_id', '--to', 'flow_id', '--format', 'json'];
const cacheDir = path.join(dir, '.renamer-cache');
const dropCache = () => rmSync(cacheDir, { recursive: true, force: true });
const rg = time('rg', ['--count-matches', '--ignore-case', '--no-messages', 'session[_-]?id', '.']);
const rgFiles = rg.stdout.trim().split('\n').filter(Boolean);
const rgMatches = rgFiles.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(':') + 1)), 0);
// Node's own start, for scale: no Node program can beat it (NODE_EXTRA_CA_CERTS, set on some machines, adds to it).
const nodeStart = time('node', ['-e', '0']);
const scan = time('node', [bin, 'scan', ...plan]);
const summary = JSON.parse(scan.stdout).summary;
const cold = time('node', [bin, 'check', ...plan, '--no-cache']);
const first = time('node', [bin, 'check', ...plan], dir, dropCache);
const cached = time('node', [bin, 'check', ...plan]);
// One file touched (no reference in it): check's run record no longer stands, so the run goes through the cache.
const quietFile = path.join(dir, execFileSync('rg', ['--files', '--sort', 'path', '--glob', '*.ts', '.'], { cwd: dir, encoding: 'utf8' }).split('\n').find((file) => file && !rgFiles.some((line) => line.startsWith(`${file}:`))));
const touched = time('node', [bin, 'check', ...plan], dir, () => utimesSync(quietFile, new Date(), new Date()));

// A git copy of the tree with five changed files (one with a new reference), staged.
const repo = `${dir}-git`;
if (!existsSync(path.join(repo, '.git'))) {
  rmSync(repo, { recursive: true, force: true });
  cpSync(dir, repo, { recursive: true, filter: (source) => !source.includes('.renamer-cache') });
  const git = (...gitArgs) => execFileSync('git', gitArgs, { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'tree');
  const changed = execFileSync('git', ['ls-files'], { cwd: repo, encoding: 'utf8' }).trim().split('\n').filter((file) => file.endsWith('.ts')).filter((_, i) => i % 1999 === 5).slice(0, 5);
  changed.forEach((file, i) => appendFileSync(path.join(repo, file), i === 0 ? 'export const lastSessionId = 1;\n' : `export const touched${i} = ${i};\n`));
  git('add', '-A');
}
// As in a working repository, git's index knows the files' stat data (a fresh copy would make git re-read them all).
execFileSync('git', ['update-index', '-q', '--refresh'], { cwd: repo, stdio: 'ignore' });
const staged = time('node', [bin, 'check', '--staged', ...plan], repo);
const since = time('node', [bin, 'check', '--since', 'HEAD', ...plan], repo);

const row = (name, t, note = '') =>
  `${name.padEnd(26)} ${t.wall.toFixed(3)} s${t.peakMb ? `   peak ${t.peakMb.toFixed(0).padStart(3)} MB` : ''}   load ${t.load.toFixed(2)}${note ? `   ${note}` : ''}`;
console.log(`tree: ${dir} (${summary.filesScanned} files scanned), median of ${runs} run${runs === 1 ? '' : 's'} each, 2 cores: state the load beside any number you quote`);
console.log(row('rg', rg, `${rgFiles.length} files, ${rgMatches} matches (case-insensitive session[_-]?id)`));
console.log(row('node -e 0', nodeStart, process.env.NODE_EXTRA_CA_CERTS ? 'Node\'s own start; NODE_EXTRA_CA_CERTS is set, which Node reads at every start' : "Node's own start"));
console.log(row('renamer scan', scan, `${summary.files} files, ${summary.references} references`));
console.log(row('renamer check --no-cache', cold));
console.log(row('renamer check, empty cache', first));
console.log(row('renamer check, cached', cached, 'the second run over the unchanged tree: answered from its run record (a readdir per folder, a stat per file)'));
console.log(row('check, one file touched', touched, 'the record misses: unchanged files stat\'ed, not read; candidates answered from the cache'));
console.log(row('check --staged (5 files)', staged, 'git copy of the tree, five files changed and staged, cache warm after the first run'));
console.log(row('check --since HEAD (5)', since));
const peak = Math.max(scan.peakMb, cold.peakMb, first.peakMb, cached.peakMb, touched.peakMb);
console.log(`ratio scan/rg:          ${(scan.wall / rg.wall).toFixed(1)}x   (goal ≤ 4x)`);
console.log(`ratio cached check/rg:  ${(cached.wall / rg.wall).toFixed(1)}x   (goal ≤ 2x)`);
console.log(`--staged / --since:     ${staged.wall.toFixed(2)} s / ${since.wall.toFixed(2)} s   (goal < 0.3 s)`);
console.log(`peak memory:            ${peak.toFixed(0)} MB   (goal < 400 MB)`);

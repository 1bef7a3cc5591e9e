#!/usr/bin/env node
// Where a scan's time goes, stage by stage, on one thread (the stages the CLI overlaps are timed apart here):
// node start, module loading, options, discovery, the file-name plan, read+prefilter, grammar loading, parse,
// classify, findings, report. Then one CLI run end to end (wall and CPU), for comparison.
// Usage: node bench/scan-profile.mjs [DIR] [--from NAME] [--to NAME] [--cpu-prof]
//   DIR defaults to the 10,000-file bench tree (generated when missing). --cpu-prof also writes V8 CPU profiles of
//   the CLI run (both threads) under /tmp/renamer-scan-profile and prints the heaviest files and functions.
// Needs `npm run build` (it times dist/, which is what users run).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && !['--from', '--to'].includes(args[i - 1])) ?? '/tmp/renamer-bench-tree');
const from = flag('--from', 'session_id');
const to = flag('--to', 'flow_id');
const cpuProfile = args.includes('--cpu-prof');
if (!existsSync(dir)) execFileSync('node', [path.join(root, 'bench/generate-tree.mjs'), dir], { stdio: 'inherit' });

const dist = (file) => pathToFileURL(path.join(root, 'dist', file)).href;
const now = () => performance.now();
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const rows = [];
/** A stage's wall time, and its CPU time (all of the process's threads) when measured in process. */
const stage = (name, ms, note = '', cpu = undefined) => rows.push({ name, ms, note, cpu });
let cpuAt = cpuNow();
const cpuSince = () => {
  const spent = cpuNow() - cpuAt;
  cpuAt = cpuNow();
  return spent;
};

// Node's own start, and the CLI's module graph for `scan` (what `renamer scan --help` costs beyond it).
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const wall = (command, commandArgs, options = {}) => {
  const started = now();
  const result = spawnSync(command, commandArgs, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  return { ms: now() - started, result };
};
stage('node start', median([0, 1, 2].map(() => wall('node', ['-e', '0']).ms)), 'node -e 0');
stage('cli start', median([0, 1, 2].map(() => wall('node', [path.join(root, 'bin/renamer.js'), 'scan', '--help']).ms)), 'renamer scan --help, node start included');

let started = now();
const { resolveOptions } = await import(dist('config/resolve.js'));
const { scan } = await import(dist('scan/scan.js'));
const { discoverAll, planPaths } = await import(dist('scan/paths.js'));
const { readCandidates } = await import(dist('scan/read-candidates.js'));
const { analyzeCandidates } = await import(dist('scan/shard.js'));
const registry = await import(dist('lang/registry.js'));
const { createMatcher } = await import(dist('words/index.js'));
const { reporterFor } = await import(dist('report/index.js'));
// dist/'s ES modules, which the library API loads; the CLI loads the bundle with V8's code cache instead (the
// difference between 'cli start' and 'node start').
stage('modules', now() - started, "scan pipeline imported in process (dist/'s modules, not the CLI's bundle)", cpuSince());
const { Parser } = await import(pathToFileURL(path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.js')).href);

cpuSince();
started = now();
const options = resolveOptions(dir, { from, to, fromAlone: true });
stage('options', now() - started, '', cpuSince());

started = now();
const everyFile = discoverAll(options);
const discovery = { files: everyFile.filter((file) => registry.languageOf(file.absolutePath) !== undefined) };
stage('discovery', now() - started, `${everyFile.length} files, ${discovery.files.length} in known languages`, cpuSince());

started = now();
const pathPlan = planPaths(options, false, everyFile);
stage('file-name plan', now() - started, `${pathPlan.entries.length} family-named paths`, cpuSince());

const settings = { renames: options.renames, allow: options.allow, maxFileSize: options.maxFileSize, fallbackOnParseError: false };
const matcher = createMatcher(options.renames);
started = now();
const read = await readCandidates(discovery.files, matcher, options.maxFileSize);
const bytes = read.candidates.reduce((sum, candidate) => sum + candidate.text.length, 0);
stage('read+prefilter', now() - started, `${read.candidates.length} candidates, ${(bytes / 1e6).toFixed(1)} MB of them`, cpuSince());

started = now();
const languages = [...new Set(read.candidates.map((candidate) => registry.languageOf(candidate.file.path)))];
const analyzers = await Promise.all(languages.map((language) => registry.loadAnalyzer(language)));
stage('grammar load', now() - started, languages.join(', ') || 'none', cpuSince());

// Parse time is tree-sitter's own; classify is the rest of each analyzer's work; findings is the shard's remainder.
let parseMs = 0;
let analyzeMs = 0;
const parse = Parser.prototype.parse;
Parser.prototype.parse = function timedParse(...parseArgs) {
  const at = now();
  try {
    return parse.apply(this, parseArgs);
  } finally {
    parseMs += now() - at;
  }
};
for (const analyzer of analyzers) {
  const analyze = analyzer.analyze;
  analyzer.analyze = (...analyzeArgs) => {
    const at = now();
    try {
      return analyze.apply(analyzer, analyzeArgs);
    } finally {
      analyzeMs += now() - at;
    }
  };
}
cpuSince();
started = now();
const shard = await analyzeCandidates(read.candidates, settings);
const shardMs = now() - started;
const shardCpu = cpuSince();
stage('parse', parseMs, 'tree-sitter (wasm)');
stage('classify', analyzeMs - parseMs, 'analyzers less parsing');
stage('findings', shardMs - analyzeMs, `${shard.references.length} references`);
rows.at(-1).note += `; parse+classify+findings CPU ${shardCpu.toFixed(0)} ms`;

started = now();
const result = await scan(options, {});
const scanMs = now() - started;
const reporter = await reporterFor('json', ['json']);
cpuSince();
started = now();
const output = reporter(result.report, { command: 'scan', color: false });
stage('report (json)', now() - started, `${((typeof output === 'string' ? output : output.output ?? '').length / 1e3).toFixed(0)} kB`, cpuSince());

const total = rows.filter((row) => row.name !== 'cli start').reduce((sum, row) => sum + row.ms, 0);
console.log(`tree: ${dir}   plan: --from ${from}${to ? ` --to ${to}` : ''}   ${cpus().length} cores, load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
for (const row of rows) {
  const share = row.name === 'cli start' ? '' : `${((row.ms / total) * 100).toFixed(0).padStart(3)}%`;
  const cpu = row.cpu === undefined ? '' : `${row.cpu.toFixed(0)} ms CPU`;
  console.log(`${row.name.padEnd(16)} ${row.ms.toFixed(0).padStart(6)} ms ${share.padStart(4)} ${cpu.padStart(12)}   ${row.note}`);
}
console.log(`${'sum'.padEnd(16)} ${total.toFixed(0).padStart(6)} ms        (one thread; scan() in process, warm: ${scanMs.toFixed(0)} ms)`);

// The CLI as users run it: wall time and CPU time (user + system, both threads), from GNU time when present.
const cli = [path.join(root, 'bin/renamer.js'), 'scan', '--from', from, ...(to ? ['--to', to] : []), '--format', 'json'];
const profileDir = '/tmp/renamer-scan-profile';
if (cpuProfile) {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
}
const nodeArgs = cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...cli] : cli;
const timed = existsSync('/usr/bin/time')
  ? wall('/usr/bin/time', ['-f', '%e %U %S %M', 'node', ...nodeArgs])
  : wall('node', nodeArgs);
const [, user, system, peakKb] = (timed.result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
console.log(
  `cli scan         ${timed.ms.toFixed(0).padStart(6)} ms wall` +
    (user !== undefined && !Number.isNaN(user) ? `, ${((user + system) * 1000).toFixed(0)} ms CPU, peak ${(peakKb / 1024).toFixed(0)} MB` : '') +
    `   load ${loadavg()[0].toFixed(2)}${cpuProfile ? ' (profiled)' : ''}`,
);

if (cpuProfile) {
  for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')).sort()) {
    const profile = JSON.parse(readFileSync(path.join(profileDir, file), 'utf8'));
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const byFile = new Map();
    const byFunction = new Map();
    profile.samples.forEach((id, index) => {
      const { callFrame } = nodes.get(id);
      const where = callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/') || `(${callFrame.functionName})`;
      const us = profile.timeDeltas[index] ?? 0;
      byFile.set(where, (byFile.get(where) ?? 0) + us);
      const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    });
    const top = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
    console.log(`\n${file} (${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms): by file`);
    console.log(top(byFile, 12).join('\n'));
    console.log('by function (self time)');
    console.log(top(byFunction, 12).join('\n'));
  }
}

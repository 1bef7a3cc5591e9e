#!/usr/bin/env node
// Independent oracles for `renamer apply` on a real project: copies the project to a scratch folder, runs the
// project's own type checker (tsc for TypeScript, pyright for Python) and named test commands before and after
// `renamer apply`, and prints what changed: new diagnostics (keyed by file + code + message, positions ignored;
// a second count first renames the old name's case styles inside the baseline messages, so an old error that
// merely mentions a renamed name is not counted as new), test pass/fail counts before/after, and the changed
// identifiers of the diff that also occur in the installed dependencies' code (third-party names that apply may
// have touched; a list to review, not a verdict). Prints, never asserts: the exit code is 0 unless the usage is wrong.
//
// Usage: node bench/oracle.mjs <project-dir> --from OLD --to NEW [options] [-- extra renamer apply args]
//   --lang ts|py          which checker (default: py when <dir>/.venv or pyproject/setup.cfg and no tsconfig.json)
//   --typecheck "CMD"     the type check (default ts: `tsc -b --force --pretty false` when the root tsconfig.json
//                         has references, else `tsc --noEmit --pretty false -p .`, with the project's own tsc;
//                         py: `pyright --outputjson --pythonpath <python>` from renamer's node_modules)
//   --python PATH         the project's interpreter (default <dir>/.venv/bin/python; else VIRTUAL_ENV; else python3)
//   --prepare "CMD"       run before the type check and the tests, before and after apply (e.g. a package build)
//   --test "CMD"          a test command (repeatable), run with bash in the copy; pass/fail counts are read from
//                         its closing line (vitest, jest, pytest, node --test: "N passed", "N failed")
//   --baseline FILE       reuse the before-apply numbers stored in FILE; when FILE does not exist they are
//                         measured on the copy and stored there (delete it when the commands change)
//   --renamer BIN         the CLI to run (default <renamer>/bin/renamer.js)
//   --work DIR            scratch folder (default a new /tmp/renamer-oracle-*): the copy is DIR/project, and DIR
//                         keeps apply's output, the diff, each test run's log and the JSON report; --keep keeps
//                         the copy afterwards
//   --skip-typecheck, --skip-tests   leave an oracle out
// The copy: files are copied, except `node_modules` and `.git` folders, which are hard-linked (nothing writes into
// them in place: tool caches under node_modules (.cache, .vite, .vitest) are removed from the copy first); `.pth`
// files of a copied .venv that name the project folder are pointed at the copy. The original is never written.
// Examples (see /tmp/real/NOTES.md for the projects):
//   node bench/oracle.mjs /tmp/real/ts-better-auth --from session_id --to flow_id \
//     --baseline /tmp/real/baseline-ts-better-auth.json \
//     --prepare 'PATH=/tmp/real/node22/package/bin:$PATH npx -y pnpm@11.1.1 -r --filter "./packages/*" build' \
//     --test 'PATH=/tmp/real/node22/package/bin:$PATH node_modules/.bin/vitest run --project @better-auth/core'
//   node bench/oracle.mjs /tmp/real/py-moto --from access_key_id --to credential_id \
//     --baseline /tmp/real/baseline-py-moto.json --test '.venv/bin/python -m pytest -q -p no:cacheprovider tests/test_sts'
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PAGE = 4096;

// ---------------------------------------------------------------- arguments

/** Splits argv into flags (value flags may repeat), booleans, positionals and what follows `--`. */
export function parseArgs(argv, valueFlags, booleanFlags = []) {
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const extra = dash >= 0 ? argv.slice(dash + 1) : [];
  const values = {};
  const flags = new Set();
  const positional = [];
  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valueFlags.includes(name)) {
      const value = inline ?? own[++i];
      if (value === undefined) usage(`${name} needs a value`);
      (values[name] ??= []).push(value);
    } else if (booleanFlags.includes(name)) flags.add(name);
    else if (arg.startsWith('--')) usage(`unknown flag ${arg}`);
    else positional.push(arg);
  }
  return { one: (name, fallback) => values[name]?.at(-1) ?? fallback, all: (name) => values[name] ?? [], has: (name) => flags.has(name), positional, extra };
}

export function usage(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- measuring

/** Resident memory (KB) of `pid` and all its descendants, read from /proc. */
function treeRssKb(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const queue = [pid];
  while (queue.length) {
    const current = queue.pop();
    try {
      total += Number(readFileSync(`/proc/${current}/statm`, 'utf8').split(' ')[1]) * (PAGE / 1024);
    } catch {
      // ended
    }
    queue.push(...(children.get(current) ?? []));
  }
  return total;
}

/** Process groups of the commands under way: ended with the bench when it is interrupted. */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

/**
 * Runs a command and measures it: wall seconds, the peak of the summed resident memory of its whole process tree
 * (sampled every `sampleMs` from /proc: tsserver/pyright children and workers count), the largest single process
 * (GNU time's %M, when /usr/bin/time exists), the exit status. stdout and stderr go to files (outputs can be large).
 */
export async function measure(command, args, { cwd, env, stdoutFile, stderrFile, sampleMs = 250, shell = false } = {}) {
  const gnuTime = existsSync('/usr/bin/time');
  const scratch = mkdtempSync(path.join(tmpdir(), 'renamer-bench-'));
  const timeFile = path.join(scratch, 'time');
  const outFile = stdoutFile ?? path.join(scratch, 'stdout');
  const errFile = stderrFile ?? path.join(scratch, 'stderr');
  const [cmd, cmdArgs] = shell ? ['bash', ['-c', command]] : [command, args];
  const [exe, exeArgs] = gnuTime ? ['/usr/bin/time', ['-f', '%M %e', '-o', timeFile, cmd, ...cmdArgs]] : [cmd, cmdArgs];
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const started = process.hrtime.bigint();
  // Its own process group, so that an interrupted bench ends the whole tree (see the handler below).
  const child = spawn(exe, exeArgs, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', out, err], detached: true });
  running.add(child.pid);
  let peakTreeKb = 0;
  const sample = () => {
    if (child.pid) peakTreeKb = Math.max(peakTreeKb, treeRssKb(child.pid));
  };
  const timer = setInterval(sample, sampleMs);
  const status = await new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  clearInterval(timer);
  running.delete(child.pid);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(out);
  closeSync(err);
  let peakSingleKb = 0;
  if (gnuTime && existsSync(timeFile)) {
    const line = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    peakSingleKb = Number(line.split(' ')[0]) || 0;
  }
  const result = {
    command: shell ? command : [command, ...args].join(' '),
    wall,
    status: status.code,
    signal: status.signal ?? null,
    peakTreeMb: Math.max(peakTreeKb, peakSingleKb) / 1024,
    peakSingleMb: peakSingleKb / 1024,
    stdoutFile: outFile,
    stderrFile: errFile,
  };
  if (status.error) result.error = String(status.error);
  if (!stdoutFile || !stderrFile) {
    result.stdout = readFileSync(outFile, 'utf8');
    result.stderr = readFileSync(errFile, 'utf8');
  }
  rmSync(scratch, { recursive: true, force: true });
  return result;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const fmtS = (s) => `${s.toFixed(1)} s`;
export const fmtMb = (mb) => `${mb.toFixed(0)} MB`;

/** Last `n` lines of a file, without reading all of a large one. */
export function tail(file, n = 20) {
  const size = statSync(file).size;
  const length = Math.min(size, 256 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  readSync(fd, buffer, 0, length, size - length);
  closeSync(fd);
  return buffer.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n').slice(-n);
}

/** What a dry run printed: files and lines in the unified diff, and the lines that are not part of the diff. */
export function readDryRun(stdoutFile) {
  const text = readFileSync(stdoutFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  let files = 0;
  let removed = 0;
  let added = 0;
  const other = [];
  let inHunk = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('+++ ')) {
      files++;
      inHunk = false;
    } else if (line.startsWith('--- ') || line.startsWith('diff ') || line.startsWith('index ')) inHunk = false;
    else if (line.startsWith('@@')) inHunk = true;
    else if (inHunk && line.startsWith('+')) added++;
    else if (inHunk && line.startsWith('-')) removed++;
    else if (inHunk && line.startsWith(' ')) continue;
    else if (line.trim()) {
      inHunk = false;
      other.push(line);
    }
  }
  return { files, removed, added, summary: other.slice(-12) };
}

// ---------------------------------------------------------------- projects and checkers

export function detectLang(dir) {
  if (existsSync(path.join(dir, 'tsconfig.json'))) return 'ts';
  if (['.venv', 'pyproject.toml', 'setup.cfg', 'setup.py'].some((name) => existsSync(path.join(dir, name)))) return 'py';
  return 'ts';
}

/** The project's interpreter: --python, <dir>/.venv, VIRTUAL_ENV, python3. */
export function findPython(dir, explicit) {
  if (explicit) return path.resolve(explicit);
  for (const candidate of [path.join(dir, '.venv/bin/python'), process.env.VIRTUAL_ENV && path.join(process.env.VIRTUAL_ENV, 'bin/python')]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return 'python3';
}

/** Environment that makes renamer (and its pyright) see the project's venv. */
export function venvEnv(python) {
  if (!python.includes('/bin/python')) return {};
  const venv = path.dirname(path.dirname(python));
  if (!existsSync(path.join(venv, 'pyvenv.cfg'))) return {};
  return { VIRTUAL_ENV: venv, PATH: `${path.join(venv, 'bin')}:${process.env.PATH}` };
}

/** The type check of a TypeScript project: `tsc -b --force` over the references of the root tsconfig, else --noEmit. */
export function defaultTsc(dir) {
  const own = path.join(dir, 'node_modules/.bin/tsc');
  const tsc = existsSync(own) ? own : path.join(root, 'node_modules/.bin/tsc');
  let references = false;
  try {
    // tsconfig.json is JSONC: drop comments and trailing commas before looking for "references".
    const text = readFileSync(path.join(dir, 'tsconfig.json'), 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:"])\/\/.*$/gm, '$1');
    references = /"references"\s*:\s*\[\s*\{/.test(text);
  } catch {
    // no root tsconfig.json: tsc -p . reports it
  }
  return references ? `${tsc} -b --force --pretty false` : `${tsc} --noEmit --pretty false -p .`;
}

export function defaultPyright(python) {
  return `${path.join(root, 'node_modules/.bin/pyright')} --outputjson --pythonpath ${python}`;
}

/** tsc output → diagnostic keys `file code message` (multi-line messages joined), positions dropped. */
export function tscDiagnostics(text) {
  const keys = [];
  for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    const located = line.match(/^(.+?)\(\d+,\d+\): (error|warning) (TS\d+): (.*)$/);
    const global = line.match(/^(error|warning) (TS\d+): (.*)$/);
    if (located) keys.push(`${located[1]} ${located[3]} ${located[4]}`);
    else if (global) keys.push(`(global) ${global[2]} ${global[3]}`);
    else if (/^\s+\S/.test(line) && keys.length) keys[keys.length - 1] += ` / ${line.trim()}`;
  }
  return keys;
}

/** pyright --outputjson → keys `file severity rule message` relative to `dir`, plus the summary. */
export function pyrightDiagnostics(text, dir) {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return { keys: [`(global) pyright printed no JSON: ${text.slice(0, 200)}`], summary: null };
  }
  const keys = (report.generalDiagnostics ?? []).map((d) => {
    const file = d.file ? path.relative(dir, d.file) : '(global)';
    return `${file} ${d.severity} ${d.rule ?? '-'} ${d.message.replace(/\s*\n\s*/g, ' / ')}`;
  });
  return { keys, summary: report.summary ?? null };
}

/** The old name's case styles (snake, camel, Pascal, UPPER, kebab, plural of the last word) and their new forms. */
export function familyPairs(from, to) {
  const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/).filter(Boolean).map((w) => w.toLowerCase());
  const styles = (ws) => {
    const cap = (w) => w[0].toUpperCase() + w.slice(1);
    return [ws.join('_'), ws.map((w, i) => (i ? cap(w) : w)).join(''), ws.map(cap).join(''), ws.join('_').toUpperCase(), ws.join('-')];
  };
  const plural = (ws) => [...ws.slice(0, -1), ws.at(-1).endsWith('y') ? `${ws.at(-1).slice(0, -1)}ies` : `${ws.at(-1)}s`];
  const a = words(from);
  const b = words(to);
  const pairs = [];
  for (const [x, y] of [[plural(a), plural(b)], [a, b]]) {
    const sx = styles(x);
    const sy = styles(y);
    sx.forEach((s, i) => pairs.push([s, sy[i]]));
  }
  return pairs;
}

export function renameInText(text, pairs) {
  let out = text;
  for (const [a, b] of pairs) out = out.split(a).join(b);
  return out;
}

/** Multiset difference after − before. */
function newKeys(before, after) {
  const counts = new Map();
  for (const key of before) counts.set(key, (counts.get(key) ?? 0) + 1);
  const added = [];
  for (const key of after) {
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else added.push(key);
  }
  return added;
}

/** The closing counts of a test run: vitest/jest "Tests 3 failed | 40 passed", pytest "40 passed, 3 failed in 2s". */
export function testCounts(text) {
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => /\d+ (passed|failed)/.test(l));
  const vitest = lines.filter((l) => /^\s*Tests\s/.test(l)).pop();
  const line = vitest ?? lines.pop() ?? '';
  const count = (word) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed') + count('errors?'), skipped: count('skipped'), line: line.trim() };
}

// ---------------------------------------------------------------- the copy

/** Copies `src` to `dst`: node_modules and .git hard-linked, everything else copied; tool caches dropped. */
export function copyProject(src, dst) {
  mkdirSync(dst, { recursive: true });
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, entry.name);
    const to = path.join(dst, entry.name);
    if (entry.isDirectory() && (entry.name === 'node_modules' || entry.name === '.git')) {
      const cp = spawnSync('cp', ['-al', from, to], { stdio: 'inherit' });
      if (cp.status !== 0) throw new Error(`cp -al ${from} failed`);
      if (entry.name === 'node_modules') {
        for (const cache of ['.cache', '.vite', '.vitest', '.tmp']) rmSync(path.join(to, cache), { recursive: true, force: true });
      }
    } else if (entry.isDirectory()) copyProject(from, to);
    else cpSync(from, to, { verbatimSymlinks: true, preserveTimestamps: true });
  }
}

/** A copied venv's .pth files that name the original folder are pointed at the copy. */
function retargetVenv(src, dst) {
  const lib = path.join(dst, '.venv/lib');
  if (!existsSync(lib)) return;
  for (const version of readdirSync(lib)) {
    const site = path.join(lib, version, 'site-packages');
    if (!existsSync(site)) continue;
    for (const name of readdirSync(site).filter((n) => n.endsWith('.pth'))) {
      const file = path.join(site, name);
      const text = readFileSync(file, 'utf8');
      if (text.includes(src)) writeFileSync(file, text.split(src).join(dst));
    }
  }
}

// ---------------------------------------------------------------- dependency neighbourhood

/** Identifier changes in `git diff`: old → new, with the places they happened. */
export function changedIdentifiers(work) {
  const diff = spawnSync('git', ['diff', '-U0', '--no-color', '--word-diff=porcelain', '--word-diff-regex=[A-Za-z_$][A-Za-z0-9_$]*'], {
    cwd: work,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  }).stdout;
  const changes = new Map();
  let file = '';
  let line = 0;
  let pendingOld = null;
  for (const raw of diff.split('\n')) {
    if (raw.startsWith('+++ ')) file = raw.slice(6);
    else if (raw.startsWith('@@')) line = Number(raw.match(/\+(\d+)/)?.[1] ?? 0);
    else if (raw === '~') line++;
    else if (raw.startsWith('-') && !raw.startsWith('---')) pendingOld = raw.slice(1);
    else if (raw.startsWith('+') && pendingOld !== null) {
      // A chunk may hold several changed words and what lies between them: pair its identifiers in order.
      const ident = /[A-Za-z_$][A-Za-z0-9_$]*/g;
      const olds = pendingOld.match(ident) ?? [];
      const news = raw.slice(1).match(ident) ?? [];
      olds.forEach((old, i) => {
        const renamed = news[i];
        if (!renamed || renamed === old) return;
        const key = `${old} → ${renamed}`;
        if (!changes.has(key)) changes.set(key, { old, new: renamed, sites: [] });
        changes.get(key).sites.push(`${file}:${line}`);
      });
      pendingOld = null;
    } else pendingOld = null;
  }
  return [...changes.values()];
}

/** Which of `names` occur as whole words in the dependencies' code (TS: .d.ts under node_modules/.pnpm or
 *  node_modules; Python: .py/.pyi/.json under the interpreter's site-packages, the project's own packages left out). */
export function namesInDependencies(names, { lang, work, python }) {
  if (!names.length) return new Set();
  const found = new Set();
  const pattern = names.map((n) => n.replace(/[$]/g, '\\$')).join('|'); // identifiers only: no other metacharacter
  let dirs = [];
  let includes = [];
  const excludes = [];
  if (lang === 'ts') {
    dirs = [path.join(work, 'node_modules/.pnpm'), path.join(work, 'node_modules')].filter(existsSync).slice(0, 1);
    includes = ['--include=*.d.ts', '--include=*.d.mts', '--include=*.d.cts'];
  } else {
    const probe = spawnSync(python, ['-c', 'import site,sys,json; print(json.dumps([p for p in site.getsitepackages()+[site.getusersitepackages()]]))'], { encoding: 'utf8' });
    try {
      dirs = JSON.parse(probe.stdout).filter(existsSync);
    } catch {
      dirs = [];
    }
    includes = ['--include=*.py', '--include=*.pyi', '--include=*.json'];
    // The project's own top-level packages may also be installed (moto is): they are not dependencies.
    for (const entry of readdirSync(work, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(path.join(work, entry.name, '__init__.py'))) excludes.push(`--exclude-dir=${entry.name}`);
    }
  }
  for (const dir of dirs) {
    // Fixed strings (-F): GNU grep matches many -e words in one pass; an -E alternation with -w -o backtracks and took
    // over an hour on a pnpm store.
    const words = names.flatMap((n) => ['-e', n]);
    const grep = spawnSync('grep', ['-rhowF', ...includes, ...excludes, ...words, dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
    for (const match of grep.stdout.split('\n')) if (match) found.add(match);
    if (lang === 'py') {
      // botocore keeps its API models (parameter and response member names) gzipped.
      const listed = spawnSync('find', [dir, '-name', '*.json.gz', '-not', '-path', '*/moto/*'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const wanted = new RegExp(`(?<![A-Za-z0-9_$])(${pattern})(?![A-Za-z0-9_$])`, 'g');
      for (const file of listed.stdout.split('\n').filter(Boolean)) {
        try {
          for (const match of gunzipSync(readFileSync(file)).toString('utf8').matchAll(wanted)) found.add(match[1]);
        } catch {
          // not gzip after all
        }
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------- the oracle

async function runChecks(label, { lang, work, typecheck, tests, prepare, python }, skip) {
  const result = { label, prepare: null, typecheck: null, tests: [] };
  if (prepare) {
    process.stdout.write(`  ${label}: prepare … `);
    const run = await measure(prepare, [], { cwd: work, shell: true });
    result.prepare = { command: prepare, status: run.status, wall: run.wall };
    console.log(`exit ${run.status}, ${fmtS(run.wall)}`);
    if (run.status !== 0) console.log(`${run.stdout}\n${run.stderr}`.trimEnd().split('\n').slice(-8).map((l) => `    ${l}`).join('\n'));
  }
  if (!skip.typecheck) {
    process.stdout.write(`  ${label}: ${typecheck} … `);
    const run = await measure(typecheck, [], { cwd: work, shell: true, env: lang === 'py' ? venvEnv(python) : {} });
    const parsed = lang === 'py' ? pyrightDiagnostics(run.stdout, work) : { keys: tscDiagnostics(run.stdout), summary: null };
    result.typecheck = { command: typecheck, status: run.status, wall: run.wall, peakTreeMb: run.peakTreeMb, count: parsed.keys.length, summary: parsed.summary, keys: parsed.keys };
    console.log(`exit ${run.status}, ${parsed.keys.length} diagnostics, ${fmtS(run.wall)}, peak ${fmtMb(run.peakTreeMb)}`);
  }
  if (!skip.tests) {
    for (const [index, command] of tests.entries()) {
      process.stdout.write(`  ${label}: ${command} … `);
      const run = await measure(command, [], { cwd: work, shell: true, env: lang === 'py' ? venvEnv(python) : {} });
      const counts = testCounts(`${run.stdout}\n${run.stderr}`);
      // The whole output stays beside the copy, for reading the failures.
      const log = path.join(path.dirname(work), `${label}-test-${index + 1}.log`);
      writeFileSync(log, `$ ${command}\n${run.stdout}\n${run.stderr}`);
      result.tests.push({ command, status: run.status, wall: run.wall, log, ...counts });
      console.log(`exit ${run.status}, ${counts.passed} passed, ${counts.failed} failed, ${fmtS(run.wall)}   [${counts.line}]`);
    }
  }
  return result;
}

async function main() {
  const args = parseArgs(
    process.argv.slice(2),
    ['--from', '--to', '--lang', '--typecheck', '--python', '--prepare', '--test', '--baseline', '--renamer', '--work'],
    ['--keep', '--skip-typecheck', '--skip-tests'],
  );
  const dir = args.positional[0] && path.resolve(args.positional[0]);
  if (!dir || !existsSync(dir)) usage('usage: node bench/oracle.mjs <project-dir> --from OLD --to NEW [options] [-- renamer args]');
  const from = args.one('--from');
  const to = args.one('--to');
  if (!from || !to) usage('--from and --to are required');
  const lang = args.one('--lang', detectLang(dir));
  const bin = path.resolve(args.one('--renamer', path.join(root, 'bin/renamer.js')));
  if (!existsSync(bin)) usage(`${bin} is missing`);
  const scratch = path.resolve(args.one('--work', '') || mkdtempSync(path.join(tmpdir(), 'renamer-oracle-')));
  const work = path.join(scratch, 'project');
  const skip = { typecheck: args.has('--skip-typecheck'), tests: args.has('--skip-tests') };
  const baselineFile = args.one('--baseline');

  console.log(`project: ${dir} (${lang}), rename ${from} → ${to}`);
  console.log(`copy: ${work}`);
  const copyStarted = Date.now();
  if (existsSync(work)) usage(`${work} already exists`);
  copyProject(dir, work);
  retargetVenv(dir, work);
  console.log(`  copied in ${((Date.now() - copyStarted) / 1000).toFixed(1)} s`);
  const python = lang === 'py' ? findPython(work, args.one('--python')) : 'python3';
  const typecheck = args.one('--typecheck') ?? (lang === 'py' ? defaultPyright(python) : defaultTsc(work));
  const setup = { lang, work, typecheck, tests: args.all('--test'), prepare: args.one('--prepare'), python };

  let before;
  if (baselineFile && existsSync(baselineFile)) {
    before = JSON.parse(readFileSync(baselineFile, 'utf8'));
    console.log(`before (from ${baselineFile}, measured ${before.measuredAt}):`);
    if (before.typecheck) console.log(`  ${before.typecheck.count} diagnostics, ${fmtS(before.typecheck.wall)}`);
    for (const t of before.tests) console.log(`  ${t.command}: ${t.passed} passed, ${t.failed} failed, ${fmtS(t.wall)}`);
  } else {
    console.log('before:');
    before = { project: dir, measuredAt: new Date().toISOString(), ...(await runChecks('before', setup, skip)) };
    if (baselineFile) writeFileSync(baselineFile, JSON.stringify(before, null, 1));
  }

  console.log('apply:');
  const applyArgs = [bin, 'apply', '--from', from, '--to', to, ...args.extra];
  const apply = await measure('node', applyArgs, {
    cwd: work,
    env: lang === 'py' ? venvEnv(python) : {},
    stdoutFile: path.join(scratch, 'apply.out'),
    stderrFile: path.join(scratch, 'apply.err'),
  });
  console.log(`  node ${applyArgs.slice(1).join(' ')}`);
  console.log(`  exit ${apply.status}, ${fmtS(apply.wall)}, peak ${fmtMb(apply.peakTreeMb)} (largest process ${fmtMb(apply.peakSingleMb)})`);
  for (const line of [...tail(apply.stdoutFile, 8), ...tail(apply.stderrFile, 8)]) console.log(`  | ${line}`);
  const stat = spawnSync('git', ['diff', '--shortstat'], { cwd: work, encoding: 'utf8' }).stdout.trim();
  writeFileSync(path.join(scratch, 'apply.diff'), spawnSync('git', ['diff'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout);
  console.log(`  git diff: ${stat || 'no change'} (saved to ${path.join(scratch, 'apply.diff')})`);

  console.log('after:');
  const after = await runChecks('after', setup, skip);

  const report = { project: dir, work, from, to, apply: { ...apply, stdoutFile: undefined, stderrFile: undefined }, diffStat: stat, before, after };
  console.log('oracles:');
  if (before.typecheck && after.typecheck) {
    const pairs = familyPairs(from, to);
    const rawNew = newKeys(before.typecheck.keys, after.typecheck.keys);
    const normalisedNew = newKeys(before.typecheck.keys.map((k) => renameInText(k, pairs)), after.typecheck.keys);
    const gone = newKeys(after.typecheck.keys, before.typecheck.keys.map((k) => renameInText(k, pairs)));
    report.newDiagnostics = normalisedNew;
    console.log(`  type check: ${before.typecheck.count} → ${after.typecheck.count} diagnostics; new: ${normalisedNew.length} (${rawNew.length} before renaming the baseline's messages); gone: ${gone.length}`);
    for (const key of normalisedNew.slice(0, 40)) console.log(`    + ${key}`);
    if (normalisedNew.length > 40) console.log(`    … ${normalisedNew.length - 40} more in the report`);
  }
  for (const test of after.tests) {
    const was = before.tests.find((t) => t.command === test.command);
    const same = was && was.passed === test.passed && was.failed === test.failed && was.status === test.status;
    console.log(
      `  tests: ${test.command}\n    before: exit ${was?.status ?? '?'}, ${was?.passed ?? '?'} passed, ${was?.failed ?? '?'} failed   ` +
        `after: exit ${test.status}, ${test.passed} passed, ${test.failed} failed   ${same ? '(same)' : '(CHANGED)'}`,
    );
  }
  const changes = changedIdentifiers(work);
  const inDeps = namesInDependencies([...new Set(changes.map((c) => c.old))], { lang, work, python });
  const suspects = changes.filter((c) => inDeps.has(c.old)).sort((a, b) => b.sites.length - a.sites.length);
  report.identifierChanges = changes.map((c) => ({ old: c.old, new: c.new, count: c.sites.length }));
  report.dependencyNames = suspects.map((c) => ({ old: c.old, new: c.new, count: c.sites.length, sites: c.sites.slice(0, 50) }));
  const total = changes.reduce((sum, c) => sum + c.sites.length, 0);
  console.log(`  identifiers changed: ${changes.length} distinct renames at ${total} sites`);
  console.log(`  of those, names that the installed dependencies' code also spells (review that these sites are the project's own):`);
  for (const c of suspects.slice(0, 25)) console.log(`    ${c.old} → ${c.new}: ${c.sites.length} sites, e.g. ${c.sites.slice(0, 3).join(', ')}`);
  if (!suspects.length) console.log('    none');
  const reportFile = path.join(scratch, 'report.json');
  writeFileSync(reportFile, JSON.stringify(report, null, 1));
  console.log(`report: ${reportFile}`);
  if (!args.has('--keep')) {
    rmSync(work, { recursive: true, force: true });
    console.log(`(copy removed; --keep keeps it; apply's output, the diff and the report stay in ${scratch})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}

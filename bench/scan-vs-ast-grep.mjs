#!/usr/bin/env node
// Times `renamer scan` against ast-grep running exact-name identifier rules only (the family's spellings in
// snake_case, camelCase, PascalCase and UPPER_CASE, singular and plural) over the same code files, and prints the
// ratio per tree. renamer also classifies strings and comments, and matches inside compounds; ast-grep does not.
// ast-grep is installed with npm into a temporary prefix (not a project dependency) on first use.
// Usage: node bench/scan-vs-ast-grep.mjs [DIR...] [--from NAME] [--runs N]
//   DIR defaults to the 10,000-file bench tree (generated when missing). Name real repositories to compare on them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const valued = new Set(['--from', '--runs']);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const from = flag('--from', 'session_id');
const runs = Number(flag('--runs', '1'));
const dirs = args.filter((arg, i) => !arg.startsWith('--') && !valued.has(args[i - 1])).map((dir) => path.resolve(dir));
if (dirs.length === 0) dirs.push('/tmp/renamer-bench-tree');
for (const dir of dirs) if (dir === '/tmp/renamer-bench-tree' && !existsSync(dir)) execFileSync('node', [path.join(root, 'bench/generate-tree.mjs'), dir], { stdio: 'inherit' });

const VERSION = '0.51.1';
const prefix = path.join('/tmp', `renamer-ast-grep-${VERSION}`);
const astGrep = path.join(prefix, 'node_modules', '.bin', 'ast-grep');
if (!existsSync(astGrep)) {
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `@ast-grep/cli@${VERSION}`], { stdio: 'inherit' });
}

// The family's exact spellings: session_id → session_id, sessionId, SessionId, SESSION_ID and their plurals.
const words = from.split(/[_\-\s]+|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
const capital = (word) => word[0].toUpperCase() + word.slice(1);
const spellings = [words.join('_'), words[0] + words.slice(1).map(capital).join(''), words.map(capital).join(''), words.join('_').toUpperCase()];
const regex = `^(${[...new Set(spellings.flatMap((name) => [name, `${name}${name === name.toUpperCase() ? 'S' : 's'}`]))].join('|')})$`;
const jsKinds = ['identifier', 'property_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern'];
const tsKinds = [...jsKinds, 'type_identifier'];
const rule = (id, language, kinds) =>
  `id: ${id}\nlanguage: ${language}\nrule:\n  regex: '${regex}'\n  any: [${kinds.map((kind) => `{ kind: ${kind} }`).join(', ')}]\n`;
const rules = path.join(prefix, `rules-${words.join('-')}.yml`);
writeFileSync(rules, [rule('ts', 'TypeScript', tsKinds), rule('tsx', 'Tsx', tsKinds), rule('js', 'JavaScript', jsKinds), rule('py', 'Python', ['identifier'])].join('---\n'));
// The same files for both: ast-grep reads these extensions by its language defaults.
const include = '**/*.{ts,mts,cts,tsx,js,jsx,mjs,cjs,py,pyi}';

function time(command, commandArgs, cwd) {
  const walls = [];
  let stdout = '';
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
    walls.push((performance.now() - started) / 1000);
    if (result.status !== 0 && !(command.endsWith('renamer.js') || commandArgs[0]?.endsWith('renamer.js'))) {
      throw new Error(`${path.basename(command)} failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
    }
    peakKb = Math.max(peakKb, Number(result.stderr.trim().split('\n').pop()) || 0);
    stdout = result.stdout;
  }
  walls.sort((a, b) => a - b);
  return { wall: walls[Math.floor(walls.length / 2)], stdout, peakMb: peakKb / 1024 };
}

console.log(`ast-grep ${VERSION} exact-name rules ${regex} vs renamer scan --from ${from}; ${runs === 1 ? 'one run' : `median of ${runs} runs`} each`);
for (const dir of dirs) {
  const sg = time(astGrep, ['scan', '--rule', rules, '--json=stream', '.'], dir);
  const sgLines = sg.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const scan = time('node', [path.join(root, 'bin/renamer.js'), 'scan', '--from', from, '--include', include, '--format', 'json'], dir);
  const { summary } = JSON.parse(scan.stdout);
  const load = loadavg()[0].toFixed(2);
  console.log(`\n${dir}: ${summary.filesScanned} code files   (load ${load})`);
  console.log(`  ast-grep       ${sg.wall.toFixed(2)} s   ${new Set(sgLines.map((match) => match.file)).size} files, ${sgLines.length} identifiers   peak ${sg.peakMb.toFixed(0)} MB`);
  console.log(`  renamer scan   ${scan.wall.toFixed(2)} s   ${summary.files} files, ${summary.references} references (identifiers, strings, comments)   peak ${scan.peakMb.toFixed(0)} MB`);
  console.log(`  ratio renamer/ast-grep: ${(scan.wall / sg.wall).toFixed(2)}x   (goal ≤ 0.5x)`);
}

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../../src/cli/replay.js';
import { RACY_MS } from '../../src/scan/quiet-files.js';
import { check, copyFixture, removeCopies, requireBuild, ROOT, type Run } from './helpers.js';

/**
 * check's run record (src/check/run-record.ts): a second identical check over an unchanged tree prints the first
 * one's output without running; any change to what the run read makes it run. A run records only when every file
 * it read is older than the racy window, so the copies are made first and the tests start once they are old enough.
 */

const SCENARIOS = ['same', 'edit', 'same-size', 'add', 'remove', 'gitignore', 'config', 'config-new', 'install', 'rename-folder', 'git-above', 'key', 'corrupt', 'racy', 'excluded', 'baseline', 'cli'] as const;
const copies = new Map<string, string>();

beforeAll(async () => {
  requireBuild();
  for (const scenario of SCENARIOS) copies.set(scenario, copyFixture('scan-cache'));
  // A .gitignore that ignores nothing yet, so that the scenario edits one rather than adding a file.
  writeFileSync(path.join(copies.get('gitignore')!, '.gitignore'), '# nothing ignored yet\n');
  expect((await check(copies.get('baseline')!, '--update-baseline', 'baseline.json')).code).toBe(0);
  await sleep(RACY_MS + 200);
});
afterAll(removeCopies);

const dirOf = (scenario: (typeof SCENARIOS)[number]): string => copies.get(scenario)!;

/** What bin/renamer.js does first, with the same io as check() below: undefined when the record does not stand. */
function replayed(cwd: string, ...args: string[]): Run | undefined {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
  const code = replay(['check', ...args], { cwd, env, isTTY: false, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return code === undefined ? undefined : { code, stdout, stderr };
}

/** Records the tree as it is, and proves the record stands before the scenario changes anything. */
async function recorded(dir: string, ...args: string[]): Promise<Run> {
  const run = await check(dir, ...args);
  expect(run.code, run.stderr).toBe(1);
  expect(replayed(dir, ...args)).toEqual(run);
  return run;
}

/** After a change, the record must not stand, and the run must see the change. */
async function missesAndSees(dir: string, before: Run, ...args: string[]): Promise<Run> {
  expect(replayed(dir, ...args)).toBeUndefined();
  const after = await check(dir, ...args);
  expect(after.stdout).toBe((await check(dir, ...args, '--no-cache')).stdout);
  expect(after.stdout).not.toBe(before.stdout);
  return after;
}

const json = ['--format', 'json'];

describe('renamer check: the run record', () => {
  it('a second check over the same tree prints what the first printed, as a run without any cache does', async () => {
    const dir = dirOf('same');
    const run = await recorded(dir, ...json);
    expect(run.stdout).toBe((await check(dir, ...json, '--no-cache')).stdout);
    expect(replayed(dir, ...json)).toEqual(run);
    expect(readdirSync(path.join(dir, '.renamer-cache/runs'))).toHaveLength(1);
  });

  it('misses when a file the run read changes, whatever its size', async () => {
    const edit = dirOf('edit');
    const before = await recorded(edit, ...json);
    appendFileSync(path.join(edit, 'src/client.ts'), '\nexport const lastSessionId = 1;\n');
    await missesAndSees(edit, before, ...json);

    const sameSize = dirOf('same-size');
    const ahead = await recorded(sameSize, ...json);
    const file = path.join(sameSize, 'docs/sessions.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('session_id', 'session_ix'));
    expect(readFileSync(file).length).toBe(Buffer.byteLength(text));
    await missesAndSees(sameSize, ahead, ...json);
  });

  it('misses when a file is added, removed or its folder renamed', async () => {
    const add = dirOf('add');
    const before = await recorded(add, ...json);
    writeFileSync(path.join(add, 'src/new.ts'), 'export const sessionId = 1;\n');
    await missesAndSees(add, before, ...json);

    const remove = dirOf('remove');
    const ahead = await recorded(remove, ...json);
    rmSync(path.join(remove, 'src/client.ts'));
    await missesAndSees(remove, ahead, ...json);

    const moved = dirOf('rename-folder');
    const first = await recorded(moved, ...json);
    renameSync(path.join(moved, 'app/services'), path.join(moved, 'app/handlers'));
    await missesAndSees(moved, first, ...json);
  });

  it('misses when the rules of what is read change: .gitignore, the config file, a new config file, `.git` above', async () => {
    const ignored = dirOf('gitignore');
    const before = await recorded(ignored, ...json);
    writeFileSync(path.join(ignored, '.gitignore'), 'docs/\n# edited\n');
    await missesAndSees(ignored, before, ...json);

    const config = dirOf('config');
    const configured = await recorded(config, ...json);
    const file = path.join(config, 'renamer.config.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), allow: ['docs/**'] }));
    await missesAndSees(config, configured, ...json);

    // Without a config file the plan comes from the flags; a config file that appears brings its allow-list.
    const fresh = dirOf('config-new');
    rmSync(path.join(fresh, 'renamer.config.json'));
    const flags = ['--from', 'session_id', '--to', 'flow_id', ...json];
    const plain = await recorded(fresh, ...flags);
    writeFileSync(path.join(fresh, 'renamer.config.json'), JSON.stringify({ allow: ['src/**'] }));
    await missesAndSees(fresh, plain, ...flags);

    // A `.git` where none was makes the folder a repository's top: .gitignore files above it no longer apply.
    const repository = dirOf('git-above');
    await recorded(repository, ...json);
    mkdirSync(path.join(repository, '.git'));
    expect(replayed(repository, ...json)).toBeUndefined();
  });

  it('misses when the baseline changes', async () => {
    const dir = dirOf('baseline');
    const args = ['--baseline', 'baseline.json', ...json];
    const covered = await check(dir, ...args);
    expect(covered.code).toBe(0);
    expect(replayed(dir, ...args)).toEqual(covered);
    const file = path.join(dir, 'baseline.json');
    const baseline = JSON.parse(readFileSync(file, 'utf8')) as { total: number; references: unknown[] };
    writeFileSync(file, JSON.stringify({ ...baseline, total: baseline.total - 1, references: baseline.references.slice(1) }));
    expect(replayed(dir, ...args)).toBeUndefined();
    expect((await check(dir, ...args)).code).toBe(1);
  });

  it("misses when a dependency is installed above a TypeScript file with findings", async () => {
    const dir = dirOf('install');
    const before = await recorded(dir, ...json);
    const installed = path.join(dir, 'packages/app/node_modules/session-kit');
    mkdirSync(installed, { recursive: true });
    writeFileSync(path.join(installed, 'package.json'), '{ "name": "session-kit" }');
    await missesAndSees(dir, before, ...json);
  });

  it('is kept per command line, environment and terminal', async () => {
    const dir = dirOf('key');
    const run = await recorded(dir, ...json);
    expect(replayed(dir, '--format', 'text')).toBeUndefined();
    let stdout = '';
    const terminal = replay(['check', ...json], { cwd: dir, env: { NO_COLOR: '1' }, isTTY: true, stdout: (text) => void (stdout += text), stderr: () => {} });
    expect(terminal).toBeUndefined();
    expect(stdout).toBe('');
    expect(replayed(dir, ...json)).toEqual(run);
  });

  it('a corrupt record misses and is written again', async () => {
    const dir = dirOf('corrupt');
    const run = await recorded(dir, ...json);
    const runs = path.join(dir, '.renamer-cache/runs');
    for (const name of readdirSync(runs)) writeFileSync(path.join(runs, name), Buffer.from([7, 0, 0, 0, 123, 34, 102]));
    expect(replayed(dir, ...json)).toBeUndefined();
    expect(await check(dir, ...json)).toEqual(run);
    expect(replayed(dir, ...json)).toEqual(run);
  });

  it('a run that read a file changed within the racy window writes no record', async () => {
    const dir = dirOf('racy');
    appendFileSync(path.join(dir, 'src/client.ts'), '\n');
    await check(dir, ...json);
    expect(replayed(dir, ...json)).toBeUndefined();
  });

  it('--no-cache, --output and --update-baseline runs write none', async () => {
    const dir = dirOf('excluded');
    for (const args of [['--no-cache'], ['--output', 'report.json'], ['--update-baseline', 'baseline.json']]) {
      await check(dir, ...json, ...args);
      expect(replayed(dir, ...json, ...args)).toBeUndefined();
    }
    expect(existsSync(path.join(dir, '.renamer-cache/runs'))).toBe(false);
  });

  it('bin/renamer.js answers from the record without opening the per-file cache', () => {
    const dir = dirOf('cli');
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/renamer.js'), 'check', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const first = cli(...json);
    expect(first.status, first.stderr).toBe(1);
    const cache = path.join(dir, '.renamer-cache');
    const perFile = readdirSync(cache).filter((name) => /^[0-9a-f]{16}$/.test(name));
    expect(perFile).toHaveLength(1);
    rmSync(path.join(cache, perFile[0]), { recursive: true });
    const second = cli(...json);
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(1);
    // A replay reads no cache entry and writes none; a run would have written the folder again.
    expect(existsSync(path.join(cache, perFile[0]))).toBe(false);
  });
});

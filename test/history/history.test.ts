import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check/check.js';
import { resolveOptions } from '../../src/config/resolve.js';
import { history } from '../../src/history/history.js';
import { main } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/io.js';
import { FIXTURES } from '../helpers/cli.js';

/** fixtures/history/step-N are the trees of four commits: a migration that moves, renames, reverts and breaks files. */
const STEPS = readdirSync(path.join(FIXTURES, 'history')).filter((name) => name.startsWith('step-')).sort();
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let repo: string;

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'renamer-history-'));
  git(repo, 'init', '-q', '-b', 'main');
  STEPS.forEach((step, i) => {
    for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(path.join(repo, entry), { recursive: true });
    cpSync(path.join(FIXTURES, 'history', step), repo, { recursive: true });
    git(repo, 'add', '-A');
    const date = `2026-01-0${i + 1}T12:00:00Z`;
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', step], {
      cwd: repo,
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
  });
});

/** What `check` counts in a step's tree, scanned whole: the incremental history must agree at every commit. */
async function checkedCount(dir: string): Promise<number> {
  const result = await check(resolveOptions(dir, { paths: [], fromAlone: true }));
  return result.remaining.length;
}

describe('renamer history', () => {
  it('counts what check counts at every commit, reading only what each commit changed, and leaves the work tree alone', async () => {
    const head = git(repo, 'rev-parse', 'HEAD');
    const result = await history(resolveOptions(repo, { paths: [], fromAlone: true }));
    const expected = await Promise.all(STEPS.map((step) => checkedCount(path.join(FIXTURES, 'history', step))));
    expect(result.commits.map((c) => c.subject)).toEqual(STEPS);
    expect(result.commits.map((c) => c.references)).toEqual(expected);
    // Versions read: 3 + 2 (client, routes) + 3 (client, the moved store.py, compat) + 1 (broken.ts): step-4's
    // client.ts is step-2's again, so it is not read again, nor is any file a commit did not change.
    expect(result.fileVersionsRead).toBe(9);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('--since REV starts at REV; --every N keeps the first commit, HEAD and every Nth commit before it', async () => {
    const options = resolveOptions(repo, { paths: [], fromAlone: true });
    const all = (await history(options)).commits;
    const since = await history(options, { since: 'HEAD~2' });
    expect(since.commits).toEqual(all.slice(1).map((c, i) => (i === 0 ? { ...c, changedFiles: since.commits[0].changedFiles } : c)));
    const every = await history(options, { every: 2 });
    expect(every.commits.map((c) => [c.subject, c.references])).toEqual([all[0], all[1], all[3]].map((c) => [c.subject, c.references]));
  });

  it('prints a table; a bad --every or a folder outside git is exit 2 naming it', async () => {
    // The command in-process, as the CLI runs it (bin/renamer.js is one call of main): this file has loaded the engine already.
    const run = async (cwd: string, argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const io: CommandIO = { cwd, env: { NO_COLOR: '1' }, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
      return { code: await main(argv, io), stdout, stderr };
    };
    const text = await run(repo, ['history', 'src/storage']);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/^renamer history: 4 commits, \d+ file versions read, in \d+\.\d s\n$/);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^commit +date +references +change +subject$/);
    expect(lines.slice(1, -1).map((line) => line.split(/ +/).slice(1, 3))).toEqual(STEPS.map((_, i) => [`2026-01-0${i + 1}`, expect.stringMatching(/^\d+$/)]));
    expect(lines.at(-1)).toMatch(/^renamer history: 4 commits, \d+ → \d+ references?$/);
    const bad = await run(repo, ['history', '--every', '0']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'renamer history: --every: "0" is not a positive whole number of commits']);
    const outside = mkdtempSync(path.join(tmpdir(), 'renamer-no-git-'));
    const none = await run(outside, ['history', '--from', 'session_id']);
    expect([none.code, none.stderr.trim()]).toEqual([2, `renamer history: ${outside} is not inside a git work tree`]);
  });
});

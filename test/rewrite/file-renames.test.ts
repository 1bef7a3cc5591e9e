import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { performMoves } from '../../src/rewrite/file-renames-moves.js';
import { MovedView } from '../../src/rewrite/file-renames-view.js';
import { copyFixture, FIXTURES, listFiles as allFiles, runApply, snapshot as snapshotAll, verify } from './helpers.js';

/** The work tree's files, without git's own folder (where the journal lives too). */
const listFiles = (dir: string): string[] => allFiles(dir).filter((file) => !file.startsWith('.git/'));
const snapshot = (dir: string): Map<string, string> => new Map([...snapshotAll(dir)].filter(([file]) => !file.startsWith('.git/')));


/** A copy of a fixture's input as the only commit of a fresh repository, so that renames go through git. */
function committed(name: string): string {
  const dir = copyFixture(`${name}/input`);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'input');
  return dir;
}

const gitStatus = (dir: string): string[] => execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);


function expectTree(dir: string, expectedDir: string): void {
  expect(listFiles(dir).sort()).toEqual(listFiles(expectedDir).sort());
  for (const file of listFiles(expectedDir)) expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
}

describe('apply --files', () => {
  // One engine-backed run (TypeScript's language service and pyright): a Python package with a renamed module and
  // subpackage, a TS app with a renamed component behind an alias and a barrel, Next.js pages and app routes.
  it('renames files and folders with every import, module path and route key; the fixture passes its own checks', { timeout: 300_000 }, async () => {
    const spec = JSON.parse(readFileSync(path.join(FIXTURES, 'apply-files-app', 'files-case.json'), 'utf8')) as { args: string[]; exitCode: number; verify: string[][] };
    const dir = committed('apply-files-app');
    const first = await runApply(dir, spec.args);
    expect(first.stderr).toBe('');
    expect(first.code, first.stdout).toBe(spec.exitCode);
    expect(first.stdout).toContain('Renamed 8 paths.');
    expectTree(dir, path.join(FIXTURES, 'apply-files-app', 'expected'));
    // git mv: the index holds the renames, so history follows the files.
    expect(gitStatus(dir)).toContain('RM backend/utils/session_manager.py -> backend/utils/flow_manager.py');
    expect(gitStatus(dir)).toContain('RM web/pages/api/sessions/[sessionId].ts -> web/pages/api/flows/[flowId].ts');
    verify(dir, spec.verify);

    const before = snapshot(dir);
    const second = await runApply(dir, spec.args);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Rewrote 0 references in 0 files\.$/m);
    expect(second.stdout).not.toMatch(/^Renamed/m);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--dry-run lists the renames before the diff and writes nothing; apply renames through git; --undo puts every path back', async () => {
    const dir = committed('apply-files-plain');
    const original = snapshot(dir);
    const args = ['--from', 'session', '--to', 'flow', '--files', '--allow', 'src/session_compat.txt'];
    const dry = await runApply(dir, [...args, '--dry-run']);
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.stdout.split('\n').slice(0, 5)).toEqual([
      'rename assets/SessionIcon.svg → assets/FlowIcon.svg',
      'rename docs/session-guide.md → docs/flow-guide.md',
      'rename src/session-utils/ → src/flow-utils/',
      'rename src/session-utils/session_b.txt → src/flow-utils/flow_b.txt',
      'Would rewrite 0 references in 0 files.',
    ]);
    expect(dry.stdout).toContain('Kept paths: 1 path named by --allow keeps its name:\n  src/session_compat.txt\n');
    // package.json is text, which this plan does not rewrite: its mention of a renamed path is listed.
    expect(dry.stdout).toContain('\n  package.json:3 names docs/session-guide.md (renamed to docs/flow-guide.md)\n');
    expect(snapshot(dir)).toEqual(original);

    const applied = await runApply(dir, args);
    expect(applied.code, applied.stdout).toBe(0);
    expect(listFiles(dir).sort()).toEqual(['assets/FlowIcon.svg', 'docs/flow-guide.md', 'package.json', 'src/flow-utils/a.txt', 'src/flow-utils/flow_b.txt', 'src/session_compat.txt']);
    expect(gitStatus(dir).sort()).toEqual([
      'R  assets/SessionIcon.svg -> assets/FlowIcon.svg',
      'R  docs/session-guide.md -> docs/flow-guide.md',
      'R  src/session-utils/a.txt -> src/flow-utils/a.txt',
      'R  src/session-utils/session_b.txt -> src/flow-utils/flow_b.txt',
    ]);

    const undone = await runApply(dir, ['--undo']);
    expect(undone.code, undone.stdout).toBe(0);
    expect(snapshot(dir)).toEqual(original);
    expect(gitStatus(dir)).toEqual([]);
  });

  it('a target that exists, two paths with one target, a target that differs only in case: listed, nothing renamed, exit 1', async () => {
    const dir = copyFixture('apply-files-conflicts');
    const before = snapshot(dir);
    const result = await runApply(dir, ['--rename', 'session=flow', '--rename', 'job=flow', '--files']);
    expect(result.code).toBe(1);
    const listed = result.stdout.slice(result.stdout.indexOf('Path conflicts:')).split('\n').slice(1, 5);
    expect(listed).toEqual([
      '  docs/session.md → docs/flow.md: docs/Flow.md differs only in case: on a case-insensitive file system (macOS, Windows) both are one path',
      '  logs/job_log.txt → logs/flow_log.txt: logs/session_log.txt would be renamed to the same path',
      '  logs/session_log.txt → logs/flow_log.txt: logs/job_log.txt would be renamed to the same path',
      '  notes/session.txt → notes/flow.txt: notes/flow.txt exists already',
    ]);
    // docs/session-notes.md has no conflict of its own: the renames are all or none.
    expect(snapshot(dir)).toEqual(before);
  });

  it('resolves imports in the renamed tree before anything moves: new paths hold today\'s files, old ones are gone', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-view-'));
    mkdirSync(path.join(dir, 'session', '__pycache__'), { recursive: true });
    writeFileSync(path.join(dir, 'session', 'store.py'), 'store');
    writeFileSync(path.join(dir, 'session', 'session_a.py'), 'a');
    writeFileSync(path.join(dir, 'session', '__pycache__', 'store.pyc'), 'cache');
    const at = (name: string) => path.join(dir, name);
    const view = new MovedView(new Map([[at('session/store.py'), at('flow/store.py')], [at('session/session_a.py'), at('flow/flow_a.py')]]));
    expect([view.fileExists(at('flow/store.py')), view.fileExists(at('flow/flow_a.py')), view.directoryExists(at('flow'))]).toEqual([true, true, true]);
    expect([view.fileExists(at('session/store.py')), view.directoryExists(at('session')), view.fileExists(at('flow/session_a.py'))]).toEqual([false, false, false]);
    // What git ignores moves with its folder.
    expect(view.fileExists(at('flow/__pycache__/store.pyc'))).toBe(true);
    expect([...view.list(at('flow'))].sort()).toEqual(['__pycache__', 'flow_a.py', 'store.py']);
    expect(view.readFile(at('flow/flow_a.py'))).toBe('a');
  });

  it('renames all or none: a failing rename puts back the ones done before it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-moves-'));
    mkdirSync(path.join(dir, 'session'));
    writeFileSync(path.join(dir, 'session', 'session_a.txt'), 'a');
    writeFileSync(path.join(dir, 'session_b.txt'), 'b');
    // Someone created the second target after the plan was made.
    writeFileSync(path.join(dir, 'flow_b.txt'), 'theirs');
    const at = (name: string) => path.join(dir, name);
    const outcome = performMoves([
      { from: at('session'), to: at('flow') },
      { from: at('flow/session_a.txt'), to: at('flow/flow_a.txt') },
      { from: at('session_b.txt'), to: at('flow_b.txt') },
    ]);
    expect(outcome.failure).toMatch(/^cannot rename .*session_b\.txt to .*flow_b\.txt/);
    expect(outcome.done).toEqual([]);
    expect(listFiles(dir).sort()).toEqual(['flow_b.txt', 'session/session_a.txt', 'session_b.txt']);
    expect(readFileSync(at('flow_b.txt'), 'utf8')).toBe('theirs');
  });
});

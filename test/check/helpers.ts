import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/renamer.js');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The tests run the built CLI as a user does; `npm test` builds first. */
export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist/cli/check.js'))) throw new Error('dist/cli/check.js is missing: run `npm run build` first');
}

/** A fresh copy of fixtures/<name> under a temp dir, so that tests can edit it. */
const copies: string[] = [];

export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `renamer-${name}-`));
  copies.push(dir);
  cpSync(path.join(ROOT, 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** Removes the fixture copies this test file made (call from afterAll). */
export function removeCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function renamer(cwd: string, args: readonly string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const check = (cwd: string, ...args: string[]): Run => renamer(cwd, ['check', ...args]);

export interface JsonReference {
  file: string;
  line: number;
  column: number;
  text: string;
  kind: string;
  language: string;
  allowed: boolean;
  failing: boolean;
  databaseColumn?: string;
  reason?: string;
}

export function checkJson(cwd: string, ...args: string[]): { code: number | null; report: { references: JsonReference[]; errors: { file: string }[]; check: { passed: boolean; failing: number; baselineCovered: number; stale?: { file: string; text: string; missing: number }[] } } } {
  const run = check(cwd, ...args, '--format', 'json');
  if (run.code === 2) throw new Error(`renamer check failed to run: ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) };
}

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A git repository holding the fixture, committed, with a throwaway identity. */
export function gitFixture(name: string): string {
  const dir = copyFixture(name);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'CI');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fixture');
  return dir;
}

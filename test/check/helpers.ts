import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * check's tests call the CLI's entry point in-process (below); the ones that run a built artefact (scan workers,
 * hooks) need dist/, which `npm test` builds first.
 */
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

/**
 * Runs the CLI's entry point in this process, as bin/renamer.js does (argv, working folder, environment, colour off,
 * stdout and stderr captured): a child process per call cost each test ~0.5 s of Node start and module loading.
 * test/cli/ and test/cli/package.test.ts run the built binary itself.
 */
export async function renamer(cwd: string, args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
  const code = await main([...args], { cwd, env, isTTY: false, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

export const check = (cwd: string, ...args: string[]): Promise<Run> => renamer(cwd, ['check', ...args]);

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

export async function checkJson(cwd: string, ...args: string[]): Promise<{ code: number | null; report: { references: JsonReference[]; errors: { file: string }[]; check: { passed: boolean; failing: number; baselineCovered: number; stale?: { file: string; text: string; missing: number }[] } } }> {
  const run = await check(cwd, ...args, '--format', 'json');
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

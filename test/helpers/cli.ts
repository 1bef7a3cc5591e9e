import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/renamer.js');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user does: a child process, colour off, in `cwd`. Build first (`npm test` does). */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
    maxBuffer: 1 << 26,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the built CLI with its stdout closed before it starts, as `renamer ... | head` leaves it once head has
 * exited: every write to stdout fails (EPIPE). Resolves with the exit code and what it wrote to stderr.
 */
export function runCliIntoClosedPipe(args: readonly string[], cwd: string): Promise<Omit<CliResult, 'stdout'>> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => void (stderr += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/** A private copy of a fixture tree, so that a test may write to it. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `renamer-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/**
 * The environment the fixtures' own Python checks run in: no pytest plugin is autoloaded (the machine's
 * site-packages carry hypothesis's and pytest-benchmark's, ~0.85 s of every pytest start; the fixtures use none),
 * and no bytecode is written into the copied trees.
 */
export const PYTHON_CHECK_ENV: NodeJS.ProcessEnv = { ...process.env, PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', PYTHONDONTWRITEBYTECODE: '1' };

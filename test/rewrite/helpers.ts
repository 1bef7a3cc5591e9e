import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/io.js';
import { PYTHON_CHECK_ENV } from '../helpers/cli.js';
import { compile } from '../helpers/tsc.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** A copy of a fixture folder in a fresh temp dir, so that tests can write to it. */
export function copyFixture(relative: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-apply-'));
  cpSync(path.join(FIXTURES, relative), dir, { recursive: true });
  return dir;
}

/** What a golden case installs beside its input, as a user's package manager would have. */
export interface CaseDependencies {
  /** A folder of the case copied to node_modules (git does not keep node_modules folders). */
  readonly nodeModules?: string;
  /** A folder of the case copied into the site-packages of a fresh `.venv` (fake third-party Python packages). */
  readonly venv?: string;
  /** Workspace links: node_modules/<name> → a folder of the input, as npm workspaces make them. */
  readonly workspaceLinks?: Readonly<Record<string, string>>;
  /** Commands run in the copy before apply, as a user would have: a build whose output git does not keep (`dist/`). */
  readonly prepare?: readonly string[][];
}

let sitePackagesDir: string | undefined;
/** `lib/python3.X/site-packages`, for the machine's python3. */
function sitePackages(): string {
  sitePackagesDir ??= execFileSync('python3', ['-c', 'import sys; print(f"lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages")'], { encoding: 'utf8' }).trim();
  return sitePackagesDir;
}

/** The case's input in a temp dir, with its dependencies installed. */
export function installCaseDependencies(name: string, spec: CaseDependencies): string {
  const dir = copyFixture(`${name}/input`);
  if (spec.nodeModules) cpSync(path.join(FIXTURES, name, spec.nodeModules), path.join(dir, 'node_modules'), { recursive: true });
  for (const [pkg, target] of Object.entries(spec.workspaceLinks ?? {})) {
    const link = path.join(dir, 'node_modules', pkg);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(dir, target), link, 'dir');
  }
  if (spec.prepare) verify(dir, spec.prepare);
  if (spec.venv) {
    execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', path.join(dir, '.venv')]);
    cpSync(path.join(FIXTURES, name, spec.venv), path.join(dir, '.venv', sitePackages()), { recursive: true });
  }
  return dir;
}

/** Every file under `dir`, relative with `/`, skipping node_modules, .venv and dist (a case's `prepare` build). */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules' || entry.name === '.venv' || entry.name === 'dist') return [];
    return entry.isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

export const snapshot = (dir: string): Map<string, string> =>
  new Map(listFiles(dir).map((file) => [file, readFileSync(path.join(dir, file), 'latin1')]));

export const modeOf = (file: string): number => statSync(file).mode & 0o777;

/** Runs `renamer apply` in-process, with colour off, returning exit code and output. */
export async function runApply(cwd: string, args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = { cwd, env: { NO_COLOR: '1', ...env }, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['apply', ...args], io);
  return { code, stdout, stderr };
}

/** Runs the case's own checks in `dir`; a failure shows the command's output. */
export function verify(dir: string, commands: readonly string[][]): void {
  for (const [command, ...args] of commands) {
    if (command === 'tsc') {
      compile(dir, args);
      continue;
    }
    try {
      execFileSync(command, args, { cwd: dir, stdio: 'pipe', encoding: 'utf8', env: PYTHON_CHECK_ENV });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`${command} ${args.join(' ')} failed in ${dir}:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  }
}

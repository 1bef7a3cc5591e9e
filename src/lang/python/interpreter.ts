import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The interpreter whose installed packages pyright should see, and the folders that tell owners apart:
 * a declaration under `sitePackages` belongs to a dependency, one under `stdlib` to the platform.
 */
export interface PythonInterpreter {
  /** The interpreter as found (a venv's `bin/python` stays a venv path: pyright derives sys.path from it). */
  readonly executable: string;
  readonly sitePackages: readonly string[];
  readonly stdlib: readonly string[];
  /** How it was chosen, for reports: `VIRTUAL_ENV`, `.venv beside pyproject.toml`, `python3 on PATH`. */
  readonly source: string;
}

const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile'];
const VENV_DIRS = ['.venv', 'venv'];

const binOf = (venv: string): string =>
  process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');

/**
 * The folders that may hold a project's venv, nearest first: the run's cwd and its parents up to the repository's
 * root (a venv often sits above the sub-package the user runs in; one in the home folder is not the project's),
 * then every folder of the run holding a project marker.
 */
function candidateRoots(cwd: string, files: readonly string[]): string[] {
  const roots: string[] = [];
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    roots.push(dir);
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  const projectDirs = new Set<string>();
  for (const file of files) {
    if (PROJECT_MARKERS.includes(path.basename(file))) projectDirs.add(path.dirname(file));
  }
  roots.push(...[...projectDirs].sort((a, b) => a.length - b.length || a.localeCompare(b)));
  return roots;
}

/** Which interpreter to use, in the order a developer's own tools would pick it (VS Code's Python extension). */
export function chooseInterpreter(
  cwd: string,
  files: readonly string[],
  env: NodeJS.ProcessEnv,
): { executable: string; source: string } {
  if (env.VIRTUAL_ENV && existsSync(binOf(env.VIRTUAL_ENV))) return { executable: binOf(env.VIRTUAL_ENV), source: 'VIRTUAL_ENV' };
  for (const root of candidateRoots(cwd, files)) {
    for (const venv of VENV_DIRS) {
      const executable = binOf(path.join(root, venv));
      if (existsSync(executable)) return { executable, source: `${path.relative(cwd, path.join(root, venv)) || venv}` };
    }
  }
  // pyenv's shim is a chain of shell scripts that costs about a second each time it runs (every probe, every
  // apply); its choice is plain files, so the version's own binary is run instead.
  const pyenv = pyenvVersionDir(cwd, env);
  if (pyenv && existsSync(binOf(pyenv))) return { executable: binOf(pyenv), source: `pyenv ${path.basename(pyenv)}` };
  return { executable: process.platform === 'win32' ? 'python' : 'python3', source: 'python3 on PATH' };
}

/**
 * The pyenv version folder `python3` on PATH runs, when PATH leads to pyenv's shims and the version is not `system`:
 * PYENV_VERSION, else the nearest `.python-version` from `cwd` up, else pyenv's global `version` file.
 */
export function pyenvVersionDir(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const shims = (env.PATH ?? '').split(path.delimiter).find((dir) => existsSync(path.join(dir, 'python3')));
  if (!shims || path.basename(shims) !== 'shims') return undefined;
  const root = env.PYENV_ROOT ?? path.dirname(shims);
  let version = env.PYENV_VERSION;
  for (let dir = cwd; version === undefined; dir = path.dirname(dir)) {
    const file = path.join(dir, '.python-version');
    if (existsSync(file)) version = readFileSync(file, 'utf8');
    if (path.dirname(dir) === dir) break;
  }
  if (version === undefined && existsSync(path.join(root, 'version'))) version = readFileSync(path.join(root, 'version'), 'utf8');
  const first = version?.split(/[\s:]+/).find((entry) => entry && !entry.startsWith('#'));
  if (!first || first === 'system') return undefined;
  const dir = path.join(root, 'versions', first);
  return existsSync(dir) ? dir : undefined;
}

// Prints the folders the owner rules need; `site` may be disabled (-S), so the paths come from sys.path too.
const PROBE = [
  'import json, sys, sysconfig',
  'paths = sysconfig.get_paths()',
  'site = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]',
  'site += [paths["purelib"], paths["platlib"]]',
  'print(json.dumps({"executable": sys.executable, "site": site, "stdlib": [paths["stdlib"], paths["platstdlib"]]}))',
].join('\n');

/** Runs the interpreter once (about 30 ms) for its folders; undefined when it cannot run. */
export function probeInterpreter(executable: string, source: string, env: NodeJS.ProcessEnv): Promise<PythonInterpreter | undefined> {
  return new Promise((resolve) => {
    execFile(executable, ['-c', PROBE], { env, timeout: 10_000, windowsHide: true }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const probe = JSON.parse(stdout) as { executable: string; site: string[]; stdlib: string[] };
        // A PATH shim (pyenv) is replaced by the real binary, so pyright and we agree on one interpreter.
        const chosen = source === 'python3 on PATH' ? probe.executable : executable;
        resolve({ executable: chosen, sitePackages: unique(probe.site), stdlib: unique(probe.stdlib), source });
      } catch {
        resolve(undefined);
      }
    });
  });
}

const unique = (paths: readonly string[]): string[] => [...new Set(paths.map((p) => path.resolve(p)))];

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseInterpreter, probeInterpreter } from '../../lang/python/interpreter.js';
import { FsCache } from '../fs-cache.js';

export const normalizeName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '_');

/** Virtualenv folders looked for inside each project, whatever interpreter the run found. */
export const VIRTUALENV_DIRS = ['.venv', 'venv', 'env', '.env'];

/**
 * The site-packages folders of the interpreter the project's own tools would pick (interpreter.ts: VIRTUAL_ENV, a
 * `.venv` or `venv` near the run, pyenv's version, else `python3` on PATH). A virtualenv's and a pyenv version's
 * folders are read from disk; any other `python3` runs once. Empty when none runs.
 */
export async function interpreterSitePackages(cwd: string, files: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const chosen = chooseInterpreter(cwd, files, env);
  if (chosen.source !== 'python3 on PATH') return venvSitePackages(new FsCache(), path.dirname(path.dirname(chosen.executable)));
  const interpreter = await probeInterpreter(chosen.executable, chosen.source, env);
  return interpreter ? [...interpreter.sitePackages] : [];
}

/** `lib/python3.X/site-packages` (POSIX) and `Lib/site-packages` (Windows) of a virtualenv folder. */
export function venvSitePackages(fsCache: FsCache, venv: string): string[] {
  const found: string[] = [];
  for (const lib of ['lib', 'Lib']) {
    const dir = path.join(venv, lib);
    if (fsCache.directoryExists(path.join(dir, 'site-packages'))) found.push(path.join(dir, 'site-packages'));
    for (const python of fsCache.list(dir)) {
      const sitePackages = path.join(dir, python, 'site-packages');
      if (python.startsWith('python') && fsCache.directoryExists(sitePackages)) found.push(sitePackages);
    }
  }
  return found;
}

/**
 * What site-packages folders hold: the top-level import names installed there, the folders `.pth` files put on
 * sys.path (editable installs by uv, hatch, pip's legacy `develop`), and the project folders of editable installs
 * that record one in `direct_url.json` (PEP 660 installs whose `.pth` runs an import hook instead).
 */
export class InstalledPackages {
  readonly names = new Set<string>();
  readonly pathEntries: string[] = [];
  readonly editableProjects: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly fsCache: FsCache) {}

  add(sitePackages: string): void {
    if (this.seen.has(sitePackages)) return;
    this.seen.add(sitePackages);
    for (const entry of this.fsCache.list(sitePackages)) {
      const full = path.join(sitePackages, entry);
      if (entry.endsWith('.pth')) this.readPth(sitePackages, full);
      else if (entry.endsWith('.dist-info')) this.readDirectUrl(full);
      else if (entry !== '__pycache__' && !entry.endsWith('.egg-info') && !entry.endsWith('.data')) {
        this.names.add(normalizeName(entry.replace(/\.(py|pyi)$/, '').replace(/\..*\.(so|pyd)$/, '')));
      }
    }
  }

  /** site.py: a line starting with `import` is run, `#` is a comment, anything else is a folder (relative to site-packages). */
  private readPth(sitePackages: string, file: string): void {
    for (const raw of (this.fsCache.readFile(file) ?? '').split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || /^import[\s\t]/.test(line)) continue;
      const dir = path.resolve(sitePackages, line);
      if (this.fsCache.directoryExists(dir)) this.pathEntries.push(dir);
    }
  }

  private readDirectUrl(distInfo: string): void {
    const text = this.fsCache.readFile(path.join(distInfo, 'direct_url.json'));
    if (text === undefined) return;
    try {
      const record = JSON.parse(text) as { url?: string; dir_info?: { editable?: boolean } };
      if (record.dir_info?.editable && record.url?.startsWith('file:')) this.editableProjects.push(fileURLToPath(record.url));
    } catch {
      // A malformed record names no project; the installed names still count.
    }
  }

  has(topLevel: string): boolean {
    return this.names.has(normalizeName(topLevel));
  }
}

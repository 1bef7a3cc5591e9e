import path from 'node:path';
import picomatch from 'picomatch';
import type { FsCache } from '../fs-cache.js';
import { InstalledPackages, VIRTUALENV_DIRS, venvSitePackages } from './environment.js';
import { readPyprojectLayout } from './pyproject.js';
import { readSetupRoots } from './setup-files.js';

/** Where an environment says first-party code lives, besides the projects of the scanned files. */
export interface FirstPartySources {
  /** The interpreter's site-packages folders: their editable installs (`.pth`, direct_url.json) are first-party. */
  readonly sitePackages?: readonly string[];
  /** Extra import roots from the config (`pythonPaths`), like pyright's `extraPaths`. */
  readonly extraRoots?: readonly string[];
}

/** Expands `libs/*` (uv workspace members) one path segment at a time against the folders on disk. */
function expandMember(fsCache: FsCache, pattern: string): string[] {
  if (!pattern.includes('*') && !pattern.includes('?') && !pattern.includes('[')) return [pattern];
  const segments = pattern.split(path.sep);
  let dirs = [segments[0] === '' ? path.sep : segments[0]!];
  for (const segment of segments.slice(1)) {
    if (!/[*?[]/.test(segment)) {
      dirs = dirs.map((dir) => path.join(dir, segment));
      continue;
    }
    const matches = picomatch(segment, { dot: false });
    dirs = dirs.flatMap((dir) => [...fsCache.list(dir)].filter((entry) => matches(entry)).map((entry) => path.join(dir, entry)));
  }
  return dirs.filter((dir) => fsCache.directoryExists(dir));
}

/**
 * The import roots of every project a repository installs: each project that builds a distribution (pyproject
 * `[project]` or `[tool.poetry]`, setup.py, setup.cfg), the projects it takes from disk (uv sources and workspace
 * members, poetry path dependencies), editable installs of the environment, and the configured extra roots. A
 * first-party package is importable from every project of the repository, as it is once `uv sync` or
 * `pip install -e` has run: `examples/demo.py` imports `libs/pkg`'s `pkg` though the two are separate projects.
 */
export class FirstPartyRoots {
  private readonly roots: string[] = [];
  private readonly visited = new Set<string>();
  private readonly seen = new Set<string>();
  /** Every environment met: the interpreter's and each project's in-tree virtualenvs. */
  readonly environment: InstalledPackages;

  constructor(private readonly fsCache: FsCache) {
    this.environment = new InstalledPackages(fsCache);
  }

  /** A project's package roots: what its pyproject or setup files declare, else `src/`, else the folder itself. */
  packageRoots(dir: string): string[] {
    const pyproject = readPyprojectLayout(this.fsCache, dir);
    const declared = [...pyproject.roots, ...[...pyproject.packages.values()].map((folder) => path.dirname(folder)), ...readSetupRoots(this.fsCache, dir)];
    if (declared.length > 0) return declared;
    const src = path.join(dir, 'src');
    return [this.fsCache.directoryExists(src) ? src : dir];
  }

  private isInstallable(dir: string): boolean {
    return (
      readPyprojectLayout(this.fsCache, dir).installable ||
      this.fsCache.fileExists(path.join(dir, 'setup.py')) ||
      this.fsCache.fileExists(path.join(dir, 'setup.cfg'))
    );
  }

  /** Adds a project; `installed` when something installs it (a path source, an editable install) whatever it declares. */
  addProject(dir: string, installed = false): void {
    if (!this.seen.has(dir)) {
      this.seen.add(dir);
      for (const venv of VIRTUALENV_DIRS) for (const site of venvSitePackages(this.fsCache, path.join(dir, venv))) this.environment.add(site);
    }
    if (this.visited.has(dir) || !this.fsCache.directoryExists(dir)) return;
    const pyproject = readPyprojectLayout(this.fsCache, dir);
    if (installed || this.isInstallable(dir)) {
      this.visited.add(dir);
      this.roots.push(...this.packageRoots(dir));
    }
    for (const local of pyproject.localProjects) {
      for (const member of expandMember(this.fsCache, local)) this.addProject(member, true);
    }
  }

  /** Call once every project is added: the environments' editable installs come after the repository's projects. */
  addSources(sources: FirstPartySources): void {
    for (const site of sources.sitePackages ?? []) this.environment.add(site);
    this.roots.unshift(...(sources.extraRoots ?? []));
    this.roots.push(...this.environment.pathEntries);
    for (const project of this.environment.editableProjects) this.addProject(project, true);
  }

  get all(): readonly string[] {
    return [...new Set(this.roots)];
  }
}

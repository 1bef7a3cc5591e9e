import path from 'node:path';
import type { FsCache } from '../fs-cache.js';

/** Files that say "a Python project starts here": its own dependencies and import roots. */
const MARKER_FILES = new Set(['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile', 'tox.ini']);
const REQUIREMENTS_FILE = /^requirements.*\.(txt|in)$/i;

/**
 * Which Python project each file belongs to: the nearest folder, up to the scan root, holding a project marker
 * (pyproject.toml, setup.py, setup.cfg, Pipfile, tox.ini, requirements*.txt, a `requirements/` folder, or `.git`);
 * the scan root otherwise. Two services side by side in one repository are two projects, each with its own
 * packages and dependencies, as they are when each is run or installed.
 */
export class PythonProjects {
  private readonly byDir = new Map<string, string>();
  private readonly found = new Set<string>();

  constructor(
    private readonly fsCache: FsCache,
    private readonly scanRoot: string,
  ) {
    this.found.add(scanRoot);
  }

  private isProject(dir: string): boolean {
    for (const entry of this.fsCache.list(dir)) {
      if (MARKER_FILES.has(entry) || REQUIREMENTS_FILE.test(entry)) {
        if (this.fsCache.fileExists(path.join(dir, entry))) return true;
      } else if (entry === '.git' || entry === 'requirements') {
        // `.git` is a folder in a clone and a file in a worktree or submodule; both start a project.
        if (entry === '.git' || this.fsCache.directoryExists(path.join(dir, entry))) return true;
      }
    }
    return false;
  }

  private inside(dir: string): boolean {
    return dir === this.scanRoot || dir.startsWith(this.scanRoot + path.sep);
  }

  /** The project folder of a folder (cached: every file of a folder asks the same question). */
  projectOfDir(dir: string): string {
    const known = this.byDir.get(dir);
    if (known !== undefined) return known;
    let project: string;
    if (!this.inside(dir) || dir === this.scanRoot) project = this.scanRoot;
    else if (this.isProject(dir)) project = dir;
    else project = this.projectOfDir(path.dirname(dir));
    this.byDir.set(dir, project);
    this.found.add(project);
    return project;
  }

  projectOf(file: string): string {
    return this.projectOfDir(path.dirname(file));
  }

  /** Projects found so far (the scan root always). */
  get all(): readonly string[] {
    return [...this.found];
  }

  /** The projects around a project, nearest first, ending with the scan root; empty for the scan root itself. */
  enclosing(project: string): string[] {
    const outer: string[] = [];
    if (project === this.scanRoot || !this.inside(project)) return outer;
    for (let dir = path.dirname(project); ; dir = path.dirname(dir)) {
      const owner = this.projectOfDir(dir);
      if (!outer.includes(owner)) outer.push(owner);
      if (owner === this.scanRoot) return outer;
      dir = owner;
    }
  }
}

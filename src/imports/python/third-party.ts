import path from 'node:path';
import type { FsCache } from '../fs-cache.js';
import { InstalledPackages, normalizeName, VIRTUALENV_DIRS, venvSitePackages } from './environment.js';
import type { PythonProjects } from './projects.js';
import { readPipfileNames, readPyprojectLayout, requirementName } from './pyproject.js';

/**
 * Distributions whose import name is not their normalised distribution name. Names not listed here are matched
 * normalised (PEP 503: case-folded, runs of `-`, `_`, `.` as one `_`), which covers most packages.
 */
const IMPORT_NAMES: Readonly<Record<string, readonly string[]>> = {
  pyyaml: ['yaml'],
  pillow: ['PIL'],
  beautifulsoup4: ['bs4'],
  scikit_learn: ['sklearn'],
  scikit_image: ['skimage'],
  python_dateutil: ['dateutil'],
  opencv_python: ['cv2'],
  opencv_python_headless: ['cv2'],
  protobuf: ['google'],
  psycopg2_binary: ['psycopg2'],
  psycopg_binary: ['psycopg'],
  python_dotenv: ['dotenv'],
  python_multipart: ['multipart', 'python_multipart'],
  python_jose: ['jose'],
  pyjwt: ['jwt'],
  attrs: ['attr', 'attrs'],
  djangorestframework: ['rest_framework'],
  grpcio: ['grpc'],
  pymupdf: ['fitz'],
  pyzmq: ['zmq'],
  pycryptodome: ['Crypto'],
  google_api_python_client: ['googleapiclient'],
  email_validator: ['email_validator'],
  msgpack_python: ['msgpack'],
  setuptools: ['setuptools', 'pkg_resources'],
  typing_extensions: ['typing_extensions'],
};

export { normalizeName } from './environment.js';

/** Import names a project can use without shipping them: declared requirements and its in-tree virtualenvs. */
export class ThirdPartyNames {
  private readonly names = new Set<string>();
  readonly installed: InstalledPackages;

  constructor(
    private readonly fsCache: FsCache,
    projectDirs: readonly string[],
  ) {
    this.installed = new InstalledPackages(fsCache);
    for (const dir of projectDirs) {
      for (const name of readPyprojectLayout(fsCache, dir).dependencies) this.addDistribution(name);
      for (const name of readPipfileNames(fsCache, dir)) this.addDistribution(name);
      this.readRequirementFiles(dir);
      this.readRequirementFiles(path.join(dir, 'requirements'));
      for (const venv of VIRTUALENV_DIRS) for (const site of venvSitePackages(fsCache, path.join(dir, venv))) this.installed.add(site);
    }
  }

  private addDistribution(name: string): void {
    const normalized = normalizeName(name);
    this.names.add(normalized);
    for (const alias of IMPORT_NAMES[normalized] ?? []) this.names.add(normalizeName(alias));
    // `python-foo` commonly installs `foo`; `types-foo` only adds stubs for `foo`.
    const stripped = normalized.replace(/^(python|py|types)_/, '');
    if (stripped !== normalized) this.names.add(stripped);
  }

  private readRequirementFiles(dir: string): void {
    for (const entry of this.fsCache.list(dir)) {
      if (!/^requirements.*\.(txt|in)$/i.test(entry) && !(dir.endsWith('requirements') && entry.endsWith('.txt'))) continue;
      const text = this.fsCache.readFile(path.join(dir, entry)) ?? '';
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        const egg = /#egg=([A-Za-z0-9._-]+)/.exec(raw)?.[1];
        if (egg) this.addDistribution(egg);
        if (line === '' || line.startsWith('-') || line.includes('://')) continue;
        const name = requirementName(line);
        if (name) this.addDistribution(name);
      }
    }
  }

  /** Declared by a requirement. */
  declares(topLevel: string): boolean {
    return this.names.has(normalizeName(topLevel));
  }

  has(topLevel: string): boolean {
    return this.declares(topLevel) || this.installed.has(topLevel);
  }
}

/**
 * Third-party names per project: a file may import what its own project declares or has installed in-tree, or
 * what a project around it does (a repository-wide requirements-dev.txt), but never what a sibling project
 * declares: service B depending on `requests` does not make service A's `import requests` installable.
 */
export class ProjectDependencies {
  private readonly byProject = new Map<string, ThirdPartyNames>();

  constructor(
    private readonly fsCache: FsCache,
    private readonly projects: PythonProjects,
  ) {}

  private namesOf(project: string): ThirdPartyNames {
    let names = this.byProject.get(project);
    if (!names) {
      names = new ThirdPartyNames(this.fsCache, [project]);
      this.byProject.set(project, names);
    }
    return names;
  }

  private around(file: string): ThirdPartyNames[] {
    const project = this.projects.projectOf(file);
    return [project, ...this.projects.enclosing(project)].map((dir) => this.namesOf(dir));
  }

  /** Declared by the file's project or one around it. */
  declares(topLevel: string, file: string): boolean {
    return this.around(file).some((names) => names.declares(topLevel));
  }

  /** Installed in a virtualenv of the file's project or one around it. */
  installedInTree(topLevel: string, file: string): boolean {
    return this.around(file).some((names) => names.installed.has(topLevel));
  }

  has(topLevel: string, file: string): boolean {
    return this.declares(topLevel, file) || this.installedInTree(topLevel, file);
  }

  /** The in-tree environments of every project asked about so far and of `projects` (for editable installs). */
  environments(projects: readonly string[]): InstalledPackages[] {
    return projects.map((dir) => this.namesOf(dir).installed);
  }
}

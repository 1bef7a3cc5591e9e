import path from 'node:path';
import type { FsCache } from '../fs-cache.js';
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

export const normalizeName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '_');

const VIRTUALENV_DIRS = ['.venv', 'venv', 'env', '.env'];

/** Import names a project can use without shipping them: declared requirements and installed site-packages. */
export class ThirdPartyNames {
  private readonly names = new Set<string>();

  constructor(
    private readonly fsCache: FsCache,
    projectDirs: readonly string[],
  ) {
    for (const dir of projectDirs) {
      for (const name of readPyprojectLayout(fsCache, dir).dependencies) this.addDistribution(name);
      for (const name of readPipfileNames(fsCache, dir)) this.addDistribution(name);
      this.readRequirementFiles(dir);
      this.readRequirementFiles(path.join(dir, 'requirements'));
      for (const venv of VIRTUALENV_DIRS) this.readVirtualenv(path.join(dir, venv));
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

  /** Every top-level entry of `lib/python3.X/site-packages` is an import name, whatever the distribution is called. */
  private readVirtualenv(venv: string): void {
    const lib = path.join(venv, 'lib');
    for (const python of this.fsCache.list(lib)) {
      const sitePackages = path.join(lib, python, 'site-packages');
      for (const entry of this.fsCache.list(sitePackages)) {
        if (entry.endsWith('.dist-info') || entry.endsWith('.egg-info') || entry === '__pycache__' || entry.endsWith('.pth')) continue;
        this.names.add(normalizeName(entry.replace(/\.(py|pyi)$/, '').replace(/\..*\.(so|pyd)$/, '')));
      }
    }
  }

  has(topLevel: string): boolean {
    return this.names.has(normalizeName(topLevel));
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

  has(topLevel: string, file: string): boolean {
    const project = this.projects.projectOf(file);
    return [project, ...this.projects.enclosing(project)].some((dir) => this.namesOf(dir).has(topLevel));
  }
}

import path from 'node:path';
import { parse } from 'smol-toml';
import type { FsCache } from '../fs-cache.js';

/** What a pyproject.toml says about package placement and dependencies. */
export interface PyprojectLayout {
  /** Extra import roots (`package-dir = {"" = "lib"}`, `packages.find.where`, poetry `from`, hatch wheel packages). */
  readonly roots: string[];
  /** Top-level packages placed explicitly: name → folder. */
  readonly packages: Map<string, string>;
  /** Distribution names this project depends on (PEP 621, PEP 735 groups, poetry). */
  readonly dependencies: string[];
  /** Project folders it takes from disk: `[tool.uv.sources]` and poetry `path` dependencies, uv workspace members. */
  readonly localProjects: string[];
  /** Whether it builds a distribution (`[project]`, `[tool.poetry]`): its packages are importable once installed. */
  readonly installable: boolean;
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});

/** A TOML document's top table, or undefined when it does not parse. */
function parseTable(text: string): Table | undefined {
  try {
    return parse(text) as Table;
  } catch {
    return undefined;
  }
}
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const strings = (value: unknown): string[] => list(value).filter((item): item is string => typeof item === 'string');

/** `requests[socks]>=2; python_version>'3'` → `requests`. */
export const requirementName = (requirement: string): string | undefined =>
  /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];

/** Parsed once per run and folder: roots, first-party projects and dependencies all ask for the same file. */
const parsed = new WeakMap<FsCache, Map<string, PyprojectLayout>>();

export function readPyprojectLayout(fsCache: FsCache, projectDir: string): PyprojectLayout {
  let byDir = parsed.get(fsCache);
  if (!byDir) parsed.set(fsCache, (byDir = new Map()));
  let layout = byDir.get(projectDir);
  if (!layout) byDir.set(projectDir, (layout = parseLayout(fsCache.readFile(path.join(projectDir, 'pyproject.toml')), projectDir)));
  return layout;
}

function parseLayout(text: string | undefined, dir: string): PyprojectLayout {
  const empty: PyprojectLayout = { roots: [], packages: new Map(), dependencies: [], localProjects: [], installable: false };
  // A pyproject that does not parse places nothing; the folder-based roots still apply.
  const toml = text === undefined ? undefined : parseTable(text);
  if (toml === undefined) return empty;
  const project = table(toml.project);
  const tool = table(toml.tool);
  const setuptools = table(tool.setuptools);
  const poetry = table(tool.poetry);
  const uv = table(tool.uv);
  const layout: PyprojectLayout = { ...empty, installable: toml.project !== undefined || tool.poetry !== undefined };

  for (const [name, folder] of Object.entries(table(setuptools['package-dir']))) {
    if (typeof folder !== 'string') continue;
    if (name === '') layout.roots.push(path.resolve(dir, folder));
    else if (!name.includes('.')) layout.packages.set(name, path.resolve(dir, folder));
  }
  for (const where of strings(table(table(setuptools.packages).find).where)) layout.roots.push(path.resolve(dir, where));
  for (const entry of list(poetry.packages)) {
    const from = table(entry).from;
    if (typeof from === 'string') layout.roots.push(path.resolve(dir, from));
  }
  const wheel = table(table(table(table(tool.hatch).build).targets).wheel);
  for (const folder of strings(wheel.packages)) layout.roots.push(path.dirname(path.resolve(dir, folder)));

  const requirements = [
    ...strings(project.dependencies),
    ...Object.values(table(project['optional-dependencies'])).flatMap(strings),
    ...Object.values(table(toml['dependency-groups'])).flatMap(strings),
  ];
  const poetryTables = [poetry.dependencies, poetry['dev-dependencies'], ...Object.values(table(poetry.group)).map((group) => table(group).dependencies)];
  const poetryNames = poetryTables.flatMap((deps) => Object.keys(table(deps))).filter((name) => name !== 'python');
  const sources = [...Object.values(table(uv.sources)), ...poetryTables.flatMap((deps) => Object.values(table(deps)))];
  for (const source of sources) {
    const where = table(source).path;
    if (typeof where === 'string') layout.localProjects.push(path.resolve(dir, where));
  }
  layout.localProjects.push(...strings(table(uv.workspace).members).map((member) => path.resolve(dir, member)));
  for (const requirement of [...requirements, ...poetryNames]) {
    const name = requirementName(requirement);
    if (name) layout.dependencies.push(name);
  }
  return layout;
}

/** Distribution names a Pipfile lists under `[packages]` and `[dev-packages]`. */
export function readPipfileNames(fsCache: FsCache, projectDir: string): string[] {
  const text = fsCache.readFile(path.join(projectDir, 'Pipfile'));
  if (text === undefined) return [];
  try {
    const toml = parse(text) as Table;
    return [...Object.keys(table(toml.packages)), ...Object.keys(table(toml['dev-packages']))];
  } catch {
    // An unreadable Pipfile declares nothing; imports of its packages are then reported, which shows the problem.
    return [];
  }
}

/**
 * Every `module:attr` target pyproject.toml's `[project.scripts]`, `[project.gui-scripts]` and
 * `[project.entry-points.*]` name, with the 1-based line and column where its text starts; none when it does not
 * parse.
 */
export function entryPointTargets(text: string): { readonly target: string; readonly line: number; readonly column: number }[] {
  const targets: { target: string; line: number; column: number }[] = [];
  const toml = parseTable(text);
  if (toml === undefined) return targets;
  const project = table(toml.project);
  const groups = [project.scripts, project['gui-scripts'], ...Object.values(table(project['entry-points']))];
  const lines = text.split('\n');
  for (const group of groups) {
    for (const value of Object.values(table(group))) {
      if (typeof value !== 'string') continue;
      // `module:attr [extra]`, spaces allowed around the colon (the entry points specification).
      const target = value.replace(/\[.*\]\s*$/, '').replace(/\s+/g, '');
      const index = lines.findIndex((line) => line.includes(value));
      if (target.includes(':')) targets.push({ target, line: index + 1, column: index === -1 ? 1 : lines[index]!.indexOf(value) + 1 });
    }
  }
  return targets;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';

type Table = Record<string, unknown>;
const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});

/**
 * The objects a Python project's installed metadata names as `module:attr`: pyproject.toml's `[project.scripts]`,
 * `[project.gui-scripts]` and `[project.entry-points.*]`. importlib.metadata loads them by that text, which only a
 * reinstall from an edited pyproject changes, and the pyproject is text this run does not rewrite by default: a
 * module-level class or function renamed alone leaves its entry point naming an attribute that is gone
 * (Python-Markdown's `extensions=['abbr']` loads `markdown.extensions.abbr:AbbrExtension`).
 */
export class EntryPoints {
  /** Per folder: its pyproject's targets (`module:attr` → line), or undefined when it has no pyproject.toml. */
  private readonly byDir = new Map<string, Map<string, number> | undefined>();

  constructor(private readonly stop: string) {}

  /** Where the module-level `name` of `file` is named as an entry point (`pyproject.toml` path and line). */
  namedAt(file: string, name: string): { file: string; line: number } | undefined {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const targets = this.targets(dir);
      // The nearest pyproject is the project the file is installed with; an outer one is another project.
      if (targets) {
        const module = modulePath(path.relative(dir, file));
        for (const [target, line] of targets) {
          const [owner, attr = ''] = target.split(':');
          if (attr.split('.')[0] === name && (module === owner || module.endsWith(`.${owner}`))) return { file: path.join(dir, 'pyproject.toml'), line };
        }
        return undefined;
      }
      if (dir === this.stop || path.dirname(dir) === dir) return undefined;
    }
  }

  private targets(dir: string): Map<string, number> | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    let targets: Map<string, number> | undefined;
    try {
      targets = parseTargets(readFileSync(path.join(dir, 'pyproject.toml'), 'utf8'));
    } catch {
      targets = undefined;
    }
    this.byDir.set(dir, targets);
    return targets;
  }
}

/** `pkg/sub/mod.py` → `pkg.sub.mod`; a package's `__init__.py` is the package. */
const modulePath = (relative: string): string =>
  relative
    .replace(/\.pyi?$/, '')
    .split(path.sep)
    .filter((part) => part !== '__init__')
    .join('.');

function parseTargets(text: string): Map<string, number> {
  return new Map(entryPointTargets(text).map(({ target, line }) => [target, line]));
}

/**
 * Every `module:attr` target pyproject.toml's `[project.scripts]`, `[project.gui-scripts]` and
 * `[project.entry-points.*]` name, with the 1-based line and column where its text starts; none when it does not
 * parse.
 */
export function entryPointTargets(text: string): { readonly target: string; readonly line: number; readonly column: number }[] {
  const targets: { target: string; line: number; column: number }[] = [];
  let toml: Table;
  try {
    toml = parse(text) as Table;
  } catch {
    return targets;
  }
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

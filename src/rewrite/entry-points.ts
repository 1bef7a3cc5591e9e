import { readFileSync } from 'node:fs';
import path from 'node:path';
import { entryPointTargets } from '../imports/python/pyproject.js';

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

import path from 'node:path';

/**
 * New import specifiers for a moved module, written the way the old one was: relative or alias, with or without
 * an extension, `.js` for a `.ts` source (TypeScript's ESM convention), folder imports for `index` files.
 */

/** A tsconfig `paths` entry with absolute substitutions (`@app/*` → `/repo/src/*`). */
export interface PathAlias {
  readonly pattern: string;
  readonly substitutions: readonly string[];
}

export interface TsSpecifierInput {
  readonly importingFile: string;
  readonly oldSpecifier: string;
  /** The absolute file the import should now name; an extension-less path is used as it is. */
  readonly newTarget: string;
  readonly aliases?: readonly PathAlias[];
}

const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];
const TS_EXTENSIONS = ['.d.ts', '.d.mts', '.d.cts', '.ts', '.tsx', '.mts', '.cts'];
const JS_FOR_TS: Readonly<Record<string, string>> = {
  '.d.ts': '.js',
  '.d.mts': '.mjs',
  '.d.cts': '.cjs',
  '.ts': '.js',
  '.tsx': '.js',
  '.mts': '.mjs',
  '.cts': '.cjs',
};

const codeExtension = (file: string): string | undefined =>
  [...TS_EXTENSIONS, ...JS_EXTENSIONS].find((extension) => file.endsWith(extension));

function splitStar(pattern: string): [string, string] | undefined {
  const star = pattern.indexOf('*');
  return star === -1 ? undefined : [pattern.slice(0, star), pattern.slice(star + 1)];
}

function matchesAlias(specifier: string, alias: PathAlias): boolean {
  const parts = splitStar(alias.pattern);
  if (!parts) return specifier === alias.pattern;
  return specifier.length >= parts[0].length + parts[1].length && specifier.startsWith(parts[0]) && specifier.endsWith(parts[1]);
}

/** The target written in the old specifier's style, still as an absolute path. */
function styledTarget(oldSpecifier: string, newTarget: string): string {
  const targetExtension = codeExtension(newTarget);
  if (!targetExtension) return newTarget;
  const oldExtension = codeExtension(oldSpecifier);
  const stem = newTarget.slice(0, -targetExtension.length);
  if (oldExtension === undefined) {
    const namesIndex = /(^|\/)index$/.test(oldSpecifier);
    return path.basename(stem) === 'index' && !namesIndex ? path.dirname(stem) : stem;
  }
  if (JS_EXTENSIONS.includes(oldExtension) && JS_FOR_TS[targetExtension]) {
    const js = targetExtension === '.tsx' && oldExtension === '.jsx' ? '.jsx' : JS_FOR_TS[targetExtension];
    return stem + js;
  }
  return newTarget;
}

function asAlias(target: string, aliases: readonly PathAlias[]): string | undefined {
  for (const alias of aliases) {
    const patternParts = splitStar(alias.pattern);
    for (const substitution of alias.substitutions) {
      const parts = splitStar(substitution);
      if (!parts || !patternParts) {
        if (!parts && !patternParts && substitution === target) return alias.pattern;
        continue;
      }
      const [prefix, suffix] = parts;
      if (target.length < prefix.length + suffix.length || !target.startsWith(prefix) || !target.endsWith(suffix)) continue;
      const middle = target.slice(prefix.length, target.length - suffix.length).split(path.sep).join('/');
      return patternParts[0] + middle + patternParts[1];
    }
  }
  return undefined;
}

export function relativeSpecifier(importingFile: string, target: string): string {
  const relative = path.relative(path.dirname(importingFile), target).split(path.sep).join('/');
  if (relative === '') return '.';
  return relative === '..' || relative.startsWith('../') ? relative : `./${relative}`;
}

export function rewriteTsSpecifier(input: TsSpecifierInput): string {
  const target = styledTarget(input.oldSpecifier, input.newTarget);
  const aliases = input.aliases ?? [];
  const used = aliases.filter((alias) => matchesAlias(input.oldSpecifier, alias));
  if (used.length > 0) {
    // Prefer the alias the old specifier used, then any other alias that covers the new target.
    const alias = asAlias(target, used) ?? asAlias(target, aliases);
    if (alias) return alias;
  }
  return relativeSpecifier(input.importingFile, target);
}

/** The package a Python module's relative imports start from: itself for `__init__.py`, else its parent. */
const packageParts = (importer: string, isPackage: boolean): string[] => {
  const parts = importer.split('.');
  return isPackage ? parts : parts.slice(0, -1);
};

/** `from ..x import y` in module `importer` → the absolute dotted module, or undefined when it climbs too high. */
export function absolutePythonModule(importer: string, isPackage: boolean, relative: string): string | undefined {
  const dots = relative.length - relative.replace(/^\.+/, '').length;
  const rest = relative.slice(dots);
  const base = packageParts(importer, isPackage);
  // Python refuses to climb to or past the top-level package ("beyond top-level package").
  if (dots === 0 || dots - 1 >= base.length) return undefined;
  const parts = base.slice(0, base.length - (dots - 1));
  if (rest) parts.push(rest);
  return parts.filter(Boolean).join('.');
}

/**
 * The relative form (`..app.deps`) of `target` as seen from module `importer`; the absolute name when the two
 * share no top-level package, since a relative import cannot leave it.
 */
export function relativePythonModule(importer: string, isPackage: boolean, target: string): string {
  const base = packageParts(importer, isPackage);
  const parts = target.split('.');
  let common = 0;
  while (common < base.length && common < parts.length && base[common] === parts[common]) common++;
  if (common === 0) return target;
  return '.'.repeat(1 + base.length - common) + parts.slice(common).join('.');
}

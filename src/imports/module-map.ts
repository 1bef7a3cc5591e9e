import path from 'node:path';
import type { ModuleMapping } from '../config/options.js';
import { UsageError } from '../errors.js';

/**
 * The module map of `--map OLD=NEW` (CONTRACT.md, "The rename plan"): dotted (Python), path form (TS/JS, relative
 * to the mapping's baseDir) or a bare specifier taken literally. A trailing `*` matches the rest; `a.b.*` also
 * matches `a.b` itself (and `src/api/*` the folder `src/api`). The most specific pattern wins: the longest literal
 * prefix, and an exact pattern over a wildcard of the same prefix.
 */
export interface MapMatch {
  readonly mapping: ModuleMapping;
  /** The specifier (dotted or bare) or the absolute path, with the mapping applied. */
  readonly rewritten: string;
}

export interface ModuleMap {
  readonly size: number;
  matchDotted(specifier: string): MapMatch | undefined;
  /** `target` is the absolute file an import resolves to, or would have resolved to. */
  matchPath(target: string): MapMatch | undefined;
  matchBare(specifier: string): MapMatch | undefined;
}

interface Pattern {
  readonly mapping: ModuleMapping;
  /** What must match literally: the whole pattern, or what precedes the `*`. */
  readonly prefix: string;
  readonly wildcard: boolean;
  /** For `x.*` / `x/*`: `x` itself also matches. */
  readonly self?: string;
  readonly toPrefix: string;
  readonly toWildcard: boolean;
}

const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(\.\*)?$/;

function split(value: string, mapping: ModuleMapping, side: 'from' | 'to'): { prefix: string; wildcard: boolean } {
  const star = value.indexOf('*');
  if (star !== -1 && star !== value.length - 1) {
    throw new UsageError(`--map ${mapping.from}=${mapping.to}: '*' may only end the ${side} pattern ('${value}')`);
  }
  return star === -1 ? { prefix: value, wildcard: false } : { prefix: value.slice(0, -1), wildcard: true };
}

function compile(mapping: ModuleMapping, from: string, to: string, separator: string): Pattern {
  const source = split(from, mapping, 'from');
  const target = split(to, mapping, 'to');
  const self = source.wildcard && source.prefix.endsWith(separator) ? source.prefix.slice(0, -1) : undefined;
  return { mapping, ...source, self, toPrefix: target.prefix, toWildcard: target.wildcard };
}

function apply(pattern: Pattern, rest: string | undefined, separator: string): string {
  if (!pattern.toWildcard) return pattern.toPrefix;
  // `a.b.*` matched `a.b` itself: the rewritten form drops the separator the pattern ended with.
  if (rest === undefined) return pattern.toPrefix.endsWith(separator) ? pattern.toPrefix.slice(0, -1) : pattern.toPrefix;
  return pattern.toPrefix + rest;
}

function bySpecificity(a: Pattern, b: Pattern): number {
  return b.prefix.length - a.prefix.length || Number(a.wildcard) - Number(b.wildcard);
}

function matcher(patterns: Pattern[], separator: string): (value: string) => MapMatch | undefined {
  patterns.sort(bySpecificity);
  return (value) => {
    for (const pattern of patterns) {
      if (!pattern.wildcard) {
        if (value === pattern.prefix) return { mapping: pattern.mapping, rewritten: apply(pattern, undefined, separator) };
      } else if (value.startsWith(pattern.prefix)) {
        return { mapping: pattern.mapping, rewritten: apply(pattern, value.slice(pattern.prefix.length), separator) };
      } else if (value === pattern.self) {
        return { mapping: pattern.mapping, rewritten: apply(pattern, undefined, separator) };
      }
    }
    return undefined;
  };
}

const isPathForm = (from: string): boolean => from.includes('/') || from.startsWith('.');
const isRelativeOrAbsolute = (from: string): boolean => from.startsWith('.') || path.isAbsolute(from);

export function createModuleMap(mappings: readonly ModuleMapping[]): ModuleMap {
  const dotted: Pattern[] = [];
  const paths: Pattern[] = [];
  const bare: Pattern[] = [];
  for (const mapping of mappings) {
    if (DOTTED.test(mapping.from)) dotted.push(compile(mapping, mapping.from, mapping.to, '.'));
    if (isPathForm(mapping.from)) {
      // Resolve both sides against baseDir but keep the trailing separator that `x/*` carries.
      const absolute = (value: string): string => {
        const resolved = path.resolve(mapping.baseDir, value.replace(/\*$/, ''));
        return value.endsWith('/*') ? `${resolved}${path.sep}*` : value.endsWith('*') ? `${resolved}*` : resolved;
      };
      paths.push(compile(mapping, absolute(mapping.from), absolute(mapping.to), path.sep));
    }
    if (!isRelativeOrAbsolute(mapping.from)) bare.push(compile(mapping, mapping.from, mapping.to, '/'));
  }
  return {
    size: mappings.length,
    matchDotted: matcher(dotted, '.'),
    matchPath: matcher(paths, path.sep),
    matchBare: matcher(bare, '/'),
  };
}

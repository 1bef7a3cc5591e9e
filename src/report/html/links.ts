import path from 'node:path';
import { UsageError } from '../../errors.js';
import type { HtmlOptions } from './model.js';

/** A path as a URL path: each segment percent-encoded, the slashes kept. */
const encodePath = (file: string): string => file.split('/').map(encodeURIComponent).join('/');

/**
 * A template must say where the file goes; a typo such as `{path}` would otherwise link every site to one page.
 * Called at the command-line boundary, so that a bad template is a usage error before anything is scanned.
 */
export function validateLinkTemplate(template: string): void {
  if (!template.includes('{file}')) throw new UsageError(`--link-template: "${template}" has no {file} (e.g. https://github.com/o/r/blob/main/{file}#L{line})`);
  const unknown = template.match(/\{(?!file\}|line\}|column\})[a-z]*\}/);
  if (unknown) throw new UsageError(`--link-template: "${template}" names ${unknown[0]}; only {file}, {line} and {column} are filled in`);
}

/**
 * Where a site links: the template filled in (`{file}` relative to the repository root, which is what GitHub and
 * GitLab URLs take), or else the file itself, relative to the report's folder, so that the page works wherever the
 * report and the tree are opened together.
 */
export function linker(options: HtmlOptions): (file: string, line?: number, column?: number) => string {
  const template = options.linkTemplate;
  if (template) {
    const prefix = options.repoPrefix ?? '';
    return (file, line = 1, column = 1) =>
      template
        .replaceAll('{file}', encodePath(path.posix.normalize(path.posix.join(prefix, file))))
        .replaceAll('{line}', String(line))
        .replaceAll('{column}', String(column));
  }
  const root = options.relativeRoot ?? '';
  return (file) => encodePath(path.posix.normalize(path.posix.join(root, file)));
}

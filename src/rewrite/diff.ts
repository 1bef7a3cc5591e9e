import { Chalk } from 'chalk';
import { createTwoFilesPatch } from 'diff';
import type { FileRewrite } from './plan.js';

/** A unified diff of every rewrite, git-style paths; coloured only when asked (a terminal without NO_COLOR). */
export function unifiedDiff(files: readonly FileRewrite[], color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const colour = (line: string): string => {
    if (line.startsWith('+++') || line.startsWith('---')) return chalk.bold(line);
    if (line.startsWith('+')) return chalk.green(line);
    if (line.startsWith('-')) return chalk.red(line);
    if (line.startsWith('@@')) return chalk.cyan(line);
    return line;
  };
  return files
    .map((file) => {
      const patch = createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.original, file.updated, undefined, undefined, { context: 3 });
      // The first line is the `Index:`-less separator `===`; keep the git-like header only.
      const lines = patch.split('\n').filter((line) => !line.startsWith('====='));
      return lines.map(colour).join('\n');
    })
    .join('');
}

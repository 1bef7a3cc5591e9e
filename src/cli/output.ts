import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { HtmlOptions } from '../report/html/model.js';
import type { CommandIO } from './io.js';

/** Writes a report to --output FILE, or to stdout. */
export function emit(io: CommandIO, text: string, output?: string): void {
  if (!output) {
    io.stdout(text);
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(`--output: cannot write ${output} (${(error as NodeJS.ErrnoException).code})`, { cause: error });
  }
}

export interface ProgressOptions {
  /** The report's format; a machine format (json, sarif, github) printed to a terminal gets no progress beside it. */
  readonly format?: string;
  /** The report goes to --output FILE rather than stdout. */
  readonly toFile?: boolean;
}

const MACHINE_FORMATS = new Set(['json', 'sarif', 'github']);

/**
 * Progress goes to stderr whenever stderr is a terminal, whatever stdout is (a report piped to a file still
 * leaves a person watching). Never in CI, and never when a machine format is printed to the same terminal.
 */
export function showsProgress(io: CommandIO, options: ProgressOptions = {}): boolean {
  if (!io.stderrIsTTY) return false;
  const ci = io.env.CI;
  if (ci && ci !== 'false' && ci !== '0') return false;
  return !(io.isTTY && !options.toFile && options.format !== undefined && MACHINE_FORMATS.has(options.format));
}

export interface Progress {
  /** Names a phase that reports no counts (discovery, planning): shown at once, until the next line. */
  readonly start: (phase: string) => void;
  readonly update: (done: number, total: number, unit?: string) => void;
  readonly done: () => void;
}

/** A progress line on stderr, rewritten in place; counts only once a run has taken a while. */
export function progressReporter(io: CommandIO, label: string, options: ProgressOptions = {}): Progress {
  if (!showsProgress(io, options)) return { start: () => {}, update: () => {}, done: () => {} };
  const started = Date.now();
  let shown = false;
  const show = (text: string) => {
    shown = true;
    io.stderr(`\r${text}…\x1b[K`);
  };
  return {
    start: show,
    update(done, total, unit = 'files') {
      if (!shown && Date.now() - started < 400) return;
      show(`${label} ${done}/${total} ${unit}`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}

/**
 * A scan's phases on one line: discovery (no counts; the walk blocks, so it is named before it starts), reading
 * n/N files, then the analysis of what matched (`after`, e.g. "parsing"), which reports no counts either.
 */
export function scanProgress(io: CommandIO, options: ProgressOptions & { readonly after?: string } = {}): { onProgress: (done: number, total: number) => void; done: () => void } {
  const progress = progressReporter(io, 'reading', options);
  progress.start('discovering files');
  return {
    onProgress(done, total) {
      if (done < total) progress.update(done, total);
      else progress.start(`read ${total} files; ${options.after ?? 'parsing'}`);
    },
    done: progress.done,
  };
}

/**
 * `--format html`'s links: `--link-template` (its `{file}` relative to the repository root, which is what GitHub and
 * GitLab URLs take), or else the files themselves, relative to the folder the report is written to.
 */
export async function htmlLinks(io: CommandIO, values: Record<string, unknown>): Promise<HtmlOptions> {
  const template = values['link-template'] as string | undefined;
  if (values.format !== 'html') {
    if (template !== undefined) throw new UsageError('--link-template applies to --format html only');
    return {};
  }
  if (template === undefined) {
    const output = values.output as string | undefined;
    const folder = output ? path.dirname(path.resolve(io.cwd, output)) : io.cwd;
    return { relativeRoot: path.relative(folder, io.cwd).split(path.sep).join('/') };
  }
  const { validateLinkTemplate } = await import('../report/html/index.js');
  validateLinkTemplate(template);
  let repoPrefix = '';
  try {
    repoPrefix = execFileSync('git', ['rev-parse', '--show-prefix'], { cwd: io.cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Outside a repository, {file} is relative to the current directory.
  }
  return { linkTemplate: template, repoPrefix };
}

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import type { PlanFlags } from '../config/resolve.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The plan options scan, apply and check share (CONTRACT.md, "The rename plan"). */
export const PLAN_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  rename: { type: 'string', multiple: true },
  kinds: { type: 'string' },
  map: { type: 'string', multiple: true },
  allow: { type: 'string', multiple: true },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  config: { type: 'string' },
} as const satisfies OptionSpec;

export const OUTPUT_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** scan and check: `--format html`'s links. */
export const HTML_OPTIONS = {
  'link-template': { type: 'string' },
} as const satisfies OptionSpec;

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** node:util's parse error as one line: `unknown option '--frm' (see renamer scan --help)`. */
export function usageErrorFrom(command: string, error: unknown): UsageError {
  const message = (error as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option');
  return new UsageError(`${message} (see renamer ${command} --help)`);
}

/** node:util's strict parser, with its errors turned into one-line usage errors. */
export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpec) {
  try {
    // `--kinds -path` (an opt-out) reads to node:util as a flag without its value; it means `--kinds=-path`.
    const args = argv.flatMap((arg, index) => (arg === '--kinds' && /^-[a-z]/.test(argv[index + 1] ?? '') ? [] : index > 0 && argv[index - 1] === '--kinds' && /^-[a-z]/.test(arg) ? [`--kinds=${arg}`] : [arg]));
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw usageErrorFrom(command, error);
  }
}

export function planFlagsFrom(values: ParsedValues, positionals: readonly string[]): PlanFlags {
  const list = (key: string) => values[key] as string[] | undefined;
  // An empty list would silently mean the default kinds; a script that built it wrong must hear about it.
  if (typeof values.kinds === 'string' && !values.kinds.split(',').some((entry) => entry.trim())) {
    throw new UsageError(`--kinds: no kind given (a comma-separated list such as parameter,string, or +K,-K to adjust the default)`);
  }
  return {
    paths: positionals,
    from: values.from as string | undefined,
    to: values.to as string | undefined,
    rename: list('rename'),
    kinds: values.kinds as string | undefined,
    map: list('map'),
    allow: list('allow'),
    include: list('include'),
    exclude: list('exclude'),
    config: values.config as string | undefined,
  };
}

/** Colour only on a terminal, and never with --no-color or NO_COLOR (https://no-color.org). */
export function useColor(values: ParsedValues, io: { isTTY: boolean; env: Readonly<Record<string, string | undefined>> }): boolean {
  if (values['no-color']) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

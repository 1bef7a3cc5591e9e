import { UsageError } from '../errors.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  markdown: markdownReporter,
  sarif: sarifReporter,
  github: githubReporter,
} as const satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;

export function reporterFor(format: string, allowed: readonly FormatName[]): Reporter {
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`--format: unknown format "${format}" (expected one of ${allowed.join(', ')})`);
  }
  return REPORTERS[format as FormatName];
}

export type { Reporter, ReportContext, StaleSite } from './reporter.js';
export { toContractJson } from './json.js';

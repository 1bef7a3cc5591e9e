import { UsageError } from '../errors.js';
import type { Reporter } from './reporter.js';

/** Loaded on demand: a JSON report should not pay for chalk, which only the text report needs. */
const REPORTERS = {
  text: async () => (await import('./text.js')).textReporter,
  json: async () => (await import('./json.js')).jsonReporter,
  markdown: async () => (await import('./markdown.js')).markdownReporter,
  sarif: async () => (await import('./sarif.js')).sarifReporter,
  github: async () => (await import('./github.js')).githubReporter,
  html: async () => (await import('./html/index.js')).htmlReporter,
} as const satisfies Record<string, () => Promise<Reporter>>;

export type FormatName = keyof typeof REPORTERS;

/** The reporter for `--format`; a format the command does not offer is a usage error naming the choices. */
export async function reporterFor(format: string, allowed: readonly FormatName[]): Promise<Reporter> {
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`--format: unknown format "${format}" (expected one of ${allowed.join(', ')})`);
  }
  return REPORTERS[format as FormatName]();
}

export type { Reporter, ReportContext, StaleSite } from './reporter.js';
export { toContractJson } from './json.js';

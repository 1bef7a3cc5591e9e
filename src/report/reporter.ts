import type { Reference, Report, SkippedFile } from '../findings/model.js';
import type { HtmlOptions } from './html/model.js';

export interface ReportContext {
  /** Which command produced the report: the wording of headings and summaries follows it. */
  readonly command: 'scan' | 'check' | 'imports';
  readonly color: boolean;
  /** check: references that make the gate fail (not allowed, not in the baseline). */
  readonly failing?: ReadonlySet<object>;
  /** check: files that may hold a retired name but could not be read; they fail the gate. */
  readonly unreadable?: readonly SkippedFile[];
  /** markdown: how many sites to list before "and N more". */
  readonly limit?: number;
  /** check --baseline: the file, and its entries whose sites are gone (they fail the gate too). */
  readonly baseline?: { readonly file: string; readonly stale: readonly StaleSite[] };
  /** html: links, the database plan's columns and the history of the count. */
  readonly html?: HtmlOptions;
}

/** A baseline entry with fewer sites left than it lists. */
export interface StaleSite {
  readonly file: string;
  readonly kind: string;
  readonly text: string;
  readonly code: string;
  readonly missing: number;
}

/**
 * The new spelling of a site, or undefined when the plan names only the old name (scan and check accept `--from`
 * alone; the matcher then gives `''`). Reports show no replacement for such a site rather than an empty one.
 */
export const replacementOf = (r: Reference): string | undefined => (r.replacement === '' ? undefined : r.replacement);

/** What a site's message says: the cross-check's reason, or the rename (the old name alone without a new one). */
export function describeReference(r: Reference): string {
  if (r.reason) return r.reason;
  const replacement = replacementOf(r);
  return replacement === undefined ? `"${r.text}" is a retired name` : `"${r.text}" should be "${replacement}"`;
}

/** check: whether a site fails the gate (outside allowed files and suppressed lines, and not in the baseline). */
export const isFailing = (r: Reference, context: ReportContext): boolean => !r.allowed && (!context.failing || context.failing.has(r));

/** A pure function from the one findings model to text; it never prints. */
export type Reporter = (report: Report, context: ReportContext) => string;

/** check's one-line verdict, the same in every human-readable format. */
export function checkVerdict(report: Report, context: ReportContext): string {
  const remaining = report.references.filter((r) => !r.allowed).length;
  const failing = report.references.filter((r) => isFailing(r, context)).length;
  const gone = (context.baseline?.stale ?? []).reduce((sum, entry) => sum + entry.missing, 0);
  const parts = [`${failing} reference${failing === 1 ? '' : 's'} fail${failing === 1 ? 's' : ''} the check`];
  if (remaining > failing) parts.push(`${remaining - failing} covered by the baseline`);
  if (report.summary.allowed) parts.push(`${report.summary.allowed} allowed`);
  if (gone) parts.push(`${gone} baselined reference${gone === 1 ? ' is' : 's are'} gone: update the baseline`);
  const unreadable = context.unreadable?.length ?? 0;
  if (unreadable) parts.push(`${unreadable} file${unreadable === 1 ? '' : 's'} could not be read`);
  return `renamer check ${failing === 0 && gone === 0 && unreadable === 0 ? 'passed' : 'failed'}: ${parts.join(', ')}`;
}

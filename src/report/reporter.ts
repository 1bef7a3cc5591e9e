import type { Report } from '../findings/model.js';

export interface ReportContext {
  /** Which command produced the report: the wording of headings and summaries follows it. */
  readonly command: 'scan' | 'check' | 'imports';
  readonly color: boolean;
  /** check: references that make the gate fail (not allowed, not in the baseline). */
  readonly failing?: ReadonlySet<object>;
  /** markdown: how many sites to list before "and N more". */
  readonly limit?: number;
}

/** A pure function from the one findings model to text; it never prints. */
export type Reporter = (report: Report, context: ReportContext) => string;

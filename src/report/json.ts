import type { Report } from '../findings/model.js';
import type { Reporter } from './reporter.js';

/** The contract's JSON shape: internal fields (offsets, line text) are left out. */
export function toContractJson(report: Report): object {
  return {
    version: report.version,
    summary: report.summary,
    references: report.references.map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      text: r.text,
      replacement: r.replacement,
      kind: r.kind,
      language: r.language,
      allowed: r.allowed,
    })),
    brokenImports: report.brokenImports,
    conflicts: report.conflicts,
    errors: report.errors,
    ...(report.skipped?.length ? { skipped: report.skipped } : {}),
  };
}

export const jsonReporter: Reporter = (report) => `${JSON.stringify(toContractJson(report), null, 2)}\n`;

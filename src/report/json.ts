import type { Report } from '../findings/model.js';
import { isFailing, replacementOf, type ReportContext, type Reporter } from './reporter.js';

/**
 * The contract's JSON shape: internal fields (offsets, line text) are left out. `replacement` is null for a plan that
 * names only the old name (README, "The JSON report").
 */
export function toContractJson(report: Report, context?: ReportContext): object {
  const check = context?.command === 'check';
  return {
    version: report.version,
    summary: report.summary,
    references: report.references.map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      text: r.text,
      replacement: replacementOf(r) ?? null,
      kind: r.kind,
      language: r.language,
      allowed: r.allowed,
      ...(r.databaseColumn ? { databaseColumn: r.databaseColumn, reason: r.reason } : {}),
      ...(check ? { failing: isFailing(r, context) } : {}),
    })),
    brokenImports: report.brokenImports,
    conflicts: report.conflicts,
    errors: report.errors,
    ...(report.skipped?.length ? { skipped: report.skipped } : {}),
    // scan: family-named files and folders (`apply --files` renames them); check lists them among references.
    ...(report.paths?.length ? { paths: report.paths.map((r) => ({ file: r.file, text: r.text, replacement: replacementOf(r) ?? null, kind: r.kind, allowed: r.allowed })) } : {}),
    ...(check ? { check: checkSection(report, context) } : {}),
  };
}

function checkSection(report: Report, context: ReportContext): object {
  const failing = report.references.filter((r) => isFailing(r, context)).length;
  const remaining = report.references.filter((r) => !r.allowed).length;
  const stale = context.baseline?.stale ?? [];
  const unreadable = context.unreadable?.length ?? 0;
  return {
    passed: failing === 0 && stale.length === 0 && unreadable === 0,
    failing,
    unreadable,
    baselineCovered: remaining - failing,
    ...(context.baseline ? { baseline: context.baseline.file, stale } : {}),
  };
}

export const jsonReporter: Reporter = (report, context) => `${JSON.stringify(toContractJson(report, context), null, 2)}\n`;

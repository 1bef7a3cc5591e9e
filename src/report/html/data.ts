import type { Conflict, Reference, Report } from '../../findings/model.js';
import { checkVerdict, isFailing, replacementOf, type ReportContext } from '../reporter.js';
import { folderTree } from './folders.js';
import { linker } from './links.js';
import type { FileData, HtmlOptions, HtmlReportData, SiteData } from './model.js';

/** A conflict apply refuses because the new name is taken; every other conflict is a name the project does not own. */
const isCollision = (conflict: Conflict): boolean => / is already declared /.test(conflict.reason);

function countBy(items: readonly Reference[], key: (item: Reference) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function groupByFile(references: readonly Reference[]): Map<string, Reference[]> {
  const files = new Map<string, Reference[]>();
  for (const reference of references) {
    const list = files.get(reference.file);
    if (list) list.push(reference);
    else files.set(reference.file, [reference]);
  }
  return files;
}

const siteOf = (r: Reference, context: ReportContext): SiteData => ({
  line: r.line,
  column: r.column,
  kind: r.databaseColumn ? `${r.kind} (database column)` : r.kind,
  text: r.text,
  replacement: replacementOf(r) ?? null,
  failing: isFailing(r, context),
  ...(r.reason ? { reason: r.reason } : {}),
});

/**
 * What the HTML page shows, as plain data: remaining references by folder, kind and language; conflicts, external
 * contracts and allowed files apart; broken imports; the database plan's columns; and the history when given.
 */
export function htmlReportData(report: Report, context: ReportContext, options: HtmlOptions = {}): HtmlReportData {
  const link = linker(options);
  const remaining = report.references.filter((r) => !r.allowed);
  const failing = remaining.filter((r) => isFailing(r, context));
  const files: FileData[] = [...groupByFile(remaining)].map(([file, sites]) => ({
    path: file,
    href: link(file),
    count: sites.length,
    sites: sites.map((r) => ({ ...siteOf(r, context), href: link(file, r.line, r.column) })),
  }));
  const allowed = [...groupByFile(report.references.filter((r) => r.allowed))].map(([file, sites]) => ({
    file,
    href: link(file),
    count: sites.length,
    by: [...new Set(sites.map((r) => r.allowedBy ?? 'allow-list'))].sort().join(', '),
  }));
  const linked = (c: Conflict) => ({ file: c.file, line: c.line, column: c.column, href: link(c.file, c.line, c.column), text: c.text, reason: c.reason });
  const columnSites = (qualified: string) => remaining.filter((r) => r.databaseColumn?.split(', ').includes(qualified)).length;
  const columns = (options.columns ?? []).map((column) => {
    const sites = column.action === 'keep' ? 0 : columnSites(column.qualified);
    return { ...column, sites, status: column.action === 'keep' ? ('kept' as const) : sites > 0 ? ('blocked' as const) : ('clear' as const) };
  });
  const check = context.command === 'check';
  const unreadable = (check ? context.unreadable : report.skipped) ?? [];
  const stale = (context.baseline?.stale ?? []).reduce((sum, entry) => sum + entry.missing, 0);
  const passed = check ? failing.length === 0 && stale === 0 && unreadable.length === 0 : undefined;
  return {
    version: 1,
    command: context.command,
    title: check ? checkVerdict(report, context) : `renamer ${context.command}: ${remaining.length} reference${remaining.length === 1 ? '' : 's'} remain${remaining.length === 1 ? 's' : ''}`,
    ...(passed !== undefined ? { passed } : {}),
    totals: {
      remaining: remaining.length,
      failing: failing.length,
      baselineCovered: remaining.length - failing.length,
      allowed: report.summary.allowed,
      files: files.length,
      filesScanned: report.summary.filesScanned,
      conflicts: report.conflicts.filter(isCollision).length,
      externalContracts: report.conflicts.filter((c) => !isCollision(c)).length,
      brokenImports: report.brokenImports.length,
      errors: report.errors.length,
      unreadable: unreadable.length,
    },
    folders: folderTree(files),
    byKind: countBy(remaining, (r) => r.kind),
    byLanguage: countBy(remaining, (r) => r.language),
    conflicts: report.conflicts.filter(isCollision).map(linked),
    externalContracts: report.conflicts.filter((c) => !isCollision(c)).map(linked),
    allowed,
    brokenImports: report.brokenImports.map((b) => ({
      file: b.file,
      line: b.line,
      column: b.column,
      href: link(b.file, b.line, b.column),
      specifier: b.specifier,
      suggestion: b.suggestion ?? null,
      suggestionResolves: b.suggestionResolves ?? null,
    })),
    columns,
    unreadable: unreadable.map((u) => ({ file: u.file, reason: u.reason })),
    errors: report.errors.map((e) => ({ file: e.file, message: e.message })),
    staleBaseline: stale,
    history: options.history ?? [],
  };
}

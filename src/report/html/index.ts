import type { Reporter } from '../reporter.js';
import { htmlReportData } from './data.js';
import { renderPage } from './page.js';

/** `--format html`: one self-contained page (no network), drawn from the data `htmlReportData` returns. */
export const htmlReporter: Reporter = (report, context) => renderPage(htmlReportData(report, context, context.html));

export { htmlReportData } from './data.js';
export { validateLinkTemplate } from './links.js';
export type { HtmlOptions, HtmlReportData, HistoryPoint, PlanColumn } from './model.js';

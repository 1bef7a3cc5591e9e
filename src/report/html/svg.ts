import type { HistoryPoint } from './model.js';

/** Text and attribute values in HTML and SVG. */
export const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

export interface Bar {
  readonly label: string;
  readonly count: number;
  /** Where a click on the bar leads (a folder's entry further down the page). */
  readonly href?: string;
}

const ROW = 22;
const LABEL_WIDTH = 260;
const BAR_WIDTH = 360;
const shorten = (label: string, max: number): string => (label.length > max ? `…${label.slice(label.length - max + 1)}` : label);

/**
 * Sorted horizontal bars, drawn here rather than by a charting library: a few rectangles need no dependency, and the
 * page stays one file that opens offline.
 */
export function barChart(title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  const height = bars.length * ROW + 4;
  const width = LABEL_WIDTH + BAR_WIDTH + 60;
  const rows = bars.map((bar, i) => {
    const y = i * ROW + 2;
    const length = Math.max(2, Math.round((bar.count / max) * BAR_WIDTH));
    const body = [
      `<title>${escapeHtml(`${bar.label}: ${bar.count}`)}</title>`,
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end" class="label">${escapeHtml(shorten(bar.label, 38))}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${length}" height="${ROW - 6}" rx="3" class="bar"/>`,
      `<text x="${LABEL_WIDTH + length + 6}" y="${y + 15}" class="count">${bar.count}</text>`,
    ].join('');
    return bar.href ? `<a href="${escapeHtml(bar.href)}" class="bar-link">${body}</a>` : `<g>${body}</g>`;
  });
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows.join('')}</svg>`;
}

/** A round step for the value axis (1, 2 or 5 times a power of ten) giving about four intervals up to `max`. */
function axisStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough)!;
}

const PLOT = { width: 640, height: 150, left: 56, right: 16, top: 12, bottom: 36 };

/** The count per commit, oldest on the left; each point names its commit on hover. */
export function lineChart(title: string, points: readonly HistoryPoint[]): string {
  const width = PLOT.left + PLOT.width + PLOT.right;
  const height = PLOT.top + PLOT.height + PLOT.bottom;
  const step = axisStep(Math.max(1, ...points.map((p) => p.references)));
  const max = Math.ceil(Math.max(1, ...points.map((p) => p.references)) / step) * step;
  const x = (i: number) => PLOT.left + (points.length === 1 ? PLOT.width / 2 : (i / (points.length - 1)) * PLOT.width);
  const y = (count: number) => PLOT.top + PLOT.height - (count / max) * PLOT.height;
  const fixed = (n: number) => n.toFixed(1);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fixed(x(i))},${fixed(y(p.references))}`).join(' ');
  // Many commits make a dense line: smaller dots keep the steps readable.
  const radius = points.length > 60 ? 1.5 : 3;
  const dots = points.map(
    (p, i) =>
      `<circle cx="${fixed(x(i))}" cy="${fixed(y(p.references))}" r="${radius}" class="dot"><title>${escapeHtml(`${p.commit.slice(0, 10)} ${p.date.slice(0, 10)}: ${p.references} — ${p.subject}`)}</title></circle>`,
  );
  const ticks = Array.from({ length: max / step + 1 }, (_, i) => i * step).map(
    (count) => `<line x1="${PLOT.left}" x2="${PLOT.left + PLOT.width}" y1="${fixed(y(count))}" y2="${fixed(y(count))}" class="grid"/><text x="${PLOT.left - 6}" y="${fixed(y(count) + 4)}" text-anchor="end" class="count">${count}</text>`,
  );
  const first = points[0];
  const last = points[points.length - 1];
  const dates = first
    ? `<text x="${PLOT.left}" y="${height - 12}" class="label">${escapeHtml(first.date.slice(0, 10))}</text><text x="${PLOT.left + PLOT.width}" y="${height - 12}" text-anchor="end" class="label">${escapeHtml(last.date.slice(0, 10))}</text>`
    : '';
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${ticks.join('')}<path d="${path}" class="line"/>${dots.join('')}${dates}</svg>`;
}

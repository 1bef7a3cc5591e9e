import type { FileData, FolderData, HtmlReportData } from './model.js';
import { STYLE, SCRIPT } from './style.js';
import { barChart, escapeHtml as e, lineChart, type Bar } from './svg.js';

/** How many bars a chart shows before the rest is left to the list below it. */
const MAX_BARS = 20;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function table(headers: readonly string[], rows: readonly string[][]): string {
  return `<table><thead><tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const siteLink = (href: string, file: string, line: number): string => `<a href="${e(href)}"><code>${e(file)}:${line}</code></a>`;

/** Ids for folders, so that a bar in the chart can lead to its entry in the list. */
class FolderIds {
  private readonly ids = new Map<string, string>();
  of(folder: FolderData): string {
    let id = this.ids.get(folder.path);
    if (!id) this.ids.set(folder.path, (id = `folder-${this.ids.size + 1}`));
    return id;
  }
}

function fileEntry(file: FileData, max: number): string {
  const rows = file.sites.map((s) => [
    siteLink(s.href, file.path, s.line),
    e(s.kind),
    `<code>${e(s.text)}</code>`,
    s.reason ? e(s.reason) : s.replacement === null ? '' : `<code>${e(s.replacement)}</code>`,
    s.failing ? '' : '<span class="covered">baseline</span>',
  ]);
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const meter = `<span class="meter" style="width:${Math.max(2, Math.round((file.count / max) * 120))}px"></span>`;
  return `<li><details class="file"><summary>${meter}<a href="${e(file.href)}">${e(name)}</a><span class="n">${file.count}</span></summary>${table(['site', 'kind', 'found', 'should be', ''], rows)}</details></li>`;
}

function folderEntry(folder: FolderData, ids: FolderIds, max: number, open: boolean): string {
  const meter = `<span class="meter" style="width:${Math.max(2, Math.round((folder.count / max) * 160))}px"></span>`;
  const folders = folder.folders.map((child) => folderEntry(child, ids, max, false)).join('');
  const files = folder.files.length ? `<ul class="files">${folder.files.map((file) => fileEntry(file, max)).join('')}</ul>` : '';
  return `<details class="folder" id="${ids.of(folder)}"${open ? ' open' : ''}><summary>${meter}<b class="folder-name">${e(folder.name)}/</b><span class="n">${folder.count}</span></summary>${folders}${files}</details>`;
}

/** The level the folder chart draws: below a lone top folder, since one bar says nothing about where the rest is. */
function chartedFolders(data: HtmlReportData, ids: FolderIds): Bar[] {
  let level: readonly FolderData[] = data.folders;
  let files: readonly FileData[] = [];
  if (level.length === 1 && level[0].folders.length > 0) {
    files = level[0].files;
    level = level[0].folders;
  }
  const bars: Bar[] = [
    ...level.map((f) => ({ label: `${f.path}/`, count: f.count, href: `#${ids.of(f)}` })),
    ...files.map((f) => ({ label: f.path, count: f.count, href: f.href })),
  ];
  return bars.sort((a, b) => b.count - a.count).slice(0, MAX_BARS);
}

function section(title: string, body: string, id: string): string {
  return `<section id="${id}"><h2>${e(title)}</h2>${body}</section>`;
}

function foldersSection(data: HtmlReportData): string {
  if (data.folders.length === 0) return section('Remaining references by folder', '<p class="empty">None remain.</p>', 'by-folder');
  const ids = new FolderIds();
  const chart = barChart('Remaining references by folder', chartedFolders(data, ids));
  const max = Math.max(...data.folders.map((f) => f.count));
  const tree = data.folders.map((folder) => folderEntry(folder, ids, max, true)).join('');
  const tools = '<p class="tools"><button type="button" data-expand="all">Expand all</button><button type="button" data-expand="none">Collapse all</button></p>';
  return section('Remaining references by folder', `${chart}${tools}<div id="folders">${tree}</div>`, 'by-folder');
}

function listSections(data: HtmlReportData): string[] {
  const out: string[] = [];
  const none = '<p class="empty">None.</p>';
  const sites = (list: HtmlReportData['conflicts']) =>
    list.length ? table(['site', 'name', 'why'], list.map((c) => [siteLink(c.href, c.file, c.line), `<code>${e(c.text)}</code>`, e(c.reason)])) : none;
  out.push(section(`Conflicts (${data.conflicts.length})`, `<p>apply refuses these: the new name is already taken where they live.</p>${sites(data.conflicts)}`, 'conflicts'));
  out.push(section(`External contracts (${data.externalContracts.length})`, `<p>Names a dependency, the platform or a tool owns: they stay as they are.</p>${sites(data.externalContracts)}`, 'external'));
  const allowedRows = data.allowed.map((a) => [`<a href="${e(a.href)}"><code>${e(a.file)}</code></a>`, String(a.count), e(a.by)]);
  out.push(section(`Allowed files (${data.allowed.length})`, data.allowed.length ? table(['file', 'references', 'allowed by'], allowedRows) : none, 'allowed'));
  const importRows = data.brokenImports.map((b) => [
    siteLink(b.href, b.file, b.line),
    `<code>${e(b.specifier)}</code>`,
    b.suggestion === null ? '' : `<code>${e(b.suggestion)}</code>${b.suggestionResolves ? '' : ' (does not resolve)'}`,
  ]);
  out.push(section(`Broken imports (${data.brokenImports.length})`, data.brokenImports.length ? table(['site', 'import', 'moved to'], importRows) : none, 'imports'));
  if (data.columns.length) {
    const rows = data.columns.map((c) => [
      `<code>${e(c.qualified)}</code>`,
      e(c.action === 'rename' ? `rename to ${c.to}` : c.action),
      String(c.sites),
      `<span class="status-${c.status}">${c.status}</span>`,
    ]);
    out.push(section('Database plan', `<p>A dropped or renamed column is blocked while code still names it.</p>${table(['column', 'decision', 'code sites', 'status'], rows)}`, 'database'));
  }
  if (data.unreadable.length) out.push(section(`Files that could not be read (${data.unreadable.length})`, table(['file', 'why'], data.unreadable.map((u) => [`<code>${e(u.file)}</code>`, e(u.reason)])), 'unreadable'));
  if (data.errors.length) out.push(section(`Files that could not be analysed (${data.errors.length})`, table(['file', 'why'], data.errors.map((x) => [`<code>${e(x.file)}</code>`, e(x.message)])), 'errors'));
  return out;
}

/** The whole page: one file, no network; the data it is drawn from rides along as JSON. */
export function renderPage(data: HtmlReportData): string {
  const t = data.totals;
  const verdictClass = data.passed === undefined ? '' : data.passed ? ' passed' : ' failed';
  const totals: [string, number][] = [
    ['remaining', t.remaining],
    ...(data.command === 'check' ? ([['fail the check', t.failing], ['covered by the baseline', t.baselineCovered]] as [string, number][]) : []),
    ['allowed', t.allowed],
    ['files with references', t.files],
    ['files scanned', t.filesScanned],
    ['conflicts', t.conflicts],
    ['external contracts', t.externalContracts],
    ['broken imports', t.brokenImports],
  ];
  const history = data.history.length
    ? section(
        `History (${plural(data.history.length, 'commit')})`,
        // renamer history counts the rename plan in each commit's tracked files; the database cross-check reads the work tree only.
        `${lineChart('Remaining references per commit', data.history)}${data.columns.length ? '<p class="empty">Per commit: the rename plan\'s references in tracked files; code naming the database plan\'s columns is counted above only.</p>' : ''}`,
        'history',
      )
    : '';
  const kinds = data.byKind.length ? barChart('Remaining references by kind', data.byKind.map(([label, count]) => ({ label, count }))) : '<p class="empty">None.</p>';
  const languages = data.byLanguage.length ? barChart('Remaining references by language', data.byLanguage.map(([label, count]) => ({ label, count }))) : '<p class="empty">None.</p>';
  const json = JSON.stringify(data).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>renamer ${e(data.command)}</h1><p class="verdict${verdictClass}">${e(data.title)}</p>
<ul class="totals">${totals.map(([label, n]) => `<li><b>${n}</b>${e(label)}</li>`).join('')}</ul></header>
${history}
${foldersSection(data)}
<section id="by-kind"><div class="pair"><div><h2>By kind</h2>${kinds}</div><div><h2>By language</h2>${languages}</div></div></section>
${listSections(data).join('\n')}
<script type="application/json" id="renamer-report-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

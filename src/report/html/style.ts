/** The page's style and its one script, inline: the report is one file that opens offline, from an artifact too. */
export const STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bar: #cf4a3c; --ok: #1a7f37; --accent: #0969da; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); }
body { margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.verdict { font-weight: 600; } .verdict.failed { color: var(--bar); } .verdict.passed { color: var(--ok); }
.totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; } .totals b { display: block; font-size: 20px; }
.chart { max-width: 100%; height: auto; } .chart .bar { fill: var(--bar); } .chart .bar-link:hover .bar { fill: #a40e26; }
.chart .label, .chart .count { font-size: 12px; fill: var(--fg); } .chart .line { fill: none; stroke: var(--bar); stroke-width: 2; }
.chart .dot { fill: var(--bar); } .chart .grid { stroke: var(--line); }
.pair { display: flex; flex-wrap: wrap; gap: 24px; } .pair > div { flex: 1 1 420px; }
details.folder { margin-left: 14px; } details.folder > summary, details.file > summary { cursor: pointer; padding: 2px 0; }
.meter { display: inline-block; height: 10px; background: var(--bar); border-radius: 2px; margin-right: 8px; vertical-align: middle; }
.n { color: var(--muted); margin-left: 6px; } ul.files { list-style: none; margin: 2px 0 6px 14px; padding: 0; }
table { border-collapse: collapse; margin: 4px 0 8px; } th, td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }
th { color: var(--muted); font-weight: 600; } code { font: 12px ui-monospace, monospace; } a { color: var(--accent); }
.covered { color: var(--muted); } .status-blocked { color: var(--bar); font-weight: 600; } .status-clear { color: var(--ok); font-weight: 600; }
.tools button { font: inherit; margin-right: 6px; } .empty { color: var(--muted); }
`;

/** Opens the folders leading to the one a bar links to; expand and collapse buttons for the whole tree. */
export const SCRIPT = `
(() => {
  const reveal = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (let at = target; at; at = at.parentElement) if (at.tagName === 'DETAILS') at.open = true;
  };
  addEventListener('hashchange', reveal);
  reveal();
  for (const button of document.querySelectorAll('[data-expand]')) {
    button.addEventListener('click', () => {
      for (const d of document.querySelectorAll('#folders details')) d.open = button.dataset.expand === 'all';
    });
  }
})();
`;

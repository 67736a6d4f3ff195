/**
 * The report as one self-contained HTML page (issue #18): inline CSS, the charts and the network picture as inline
 * SVG, no script, no font, no image to fetch — and a Content-Security-Policy of `default-src 'none'` so that a
 * browser refuses any request the page might make. The same blocks as the Markdown report.
 */
import type { Block, ChartId, Section } from './blocks.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; margin: 0; background: #f6f7f9; line-height: 1.45; }
header, main, footer { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 6px; }
h2 { font-size: 1.25rem; margin: 32px 0 10px; border-bottom: 2px solid #dde2ea; padding-bottom: 4px; }
.meta { color: #5b6676; font-size: 0.9rem; margin: 0; }
.headline { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0 0; padding: 0; list-style: none; }
.headline li { background: white; border: 1px solid #dde2ea; border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.headline b { display: block; font-size: 1.15rem; }
.headline span { color: #5b6676; font-size: 0.8rem; }
nav { font-size: 0.9rem; margin-top: 12px; }
nav a { color: #1f5fa8; margin-right: 14px; text-decoration: none; }
section { background: white; border: 1px solid #dde2ea; border-radius: 8px; padding: 4px 20px 16px; margin: 18px 0; }
table { border-collapse: collapse; margin: 10px 0 16px; font-size: 0.85rem; display: block; overflow-x: auto; max-width: 100%; }
caption { text-align: left; color: #5b6676; font-size: 0.85rem; padding: 0 0 6px; caption-side: top; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e8ebf0; text-align: left; white-space: nowrap; }
th { background: #f0f2f5; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 12px 0 18px; overflow-x: auto; }
figcaption { color: #5b6676; font-size: 0.85rem; }
ul { padding-left: 20px; font-size: 0.9rem; }
footer { color: #5b6676; font-size: 0.8rem; padding-bottom: 32px; word-break: break-all; }
`;

function table(b: Extract<Block, { kind: 'table' }>, id: string): string {
  const cls = (k: number) => (b.numeric[k] ? ' class="num"' : '');
  return [
    `<table data-table="${esc(id)}">`,
    b.caption ? `<caption>${esc(b.caption)}</caption>` : '',
    `<thead><tr>${b.header.map((h, k) => `<th${cls(k)}>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${b.rows.map((r) => `<tr>${r.map((c, k) => `<td${cls(k)}>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function block(b: Block, id: string, charts: Partial<Record<ChartId, string>>): string {
  switch (b.kind) {
    case 'p':
      return `<p>${esc(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('\n')}</ul>`;
    case 'table':
      return table(b, id);
    case 'chart': {
      const svg = charts[b.chart];
      return svg ? `<figure class="chart" data-chart="${b.chart}">\n${svg}\n<figcaption>${esc(b.caption)}</figcaption>\n</figure>` : '';
    }
  }
}

export interface HtmlPage {
  title: string;
  subtitle: string;
  headline: { value: string; label: string }[];
  sections: Section[];
  charts: Partial<Record<ChartId, string>>;
  footer: string;
}

/** The page: a header with the headline figures, a table of contents, one `<section>` per report section. */
export function renderHtml(p: HtmlPage): string {
  const body = p.sections.map((s) => {
    const blocks = s.blocks.map((b, k) => block(b, `${s.id}-${k}`, p.charts)).filter((x) => x);
    return `<section id="${esc(s.id)}">\n<h2>${esc(s.title)}</h2>\n${blocks.join('\n')}\n</section>`;
  });
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(p.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${esc(p.title)}</h1>`,
    `<p class="meta">${esc(p.subtitle)}</p>`,
    `<ul class="headline">${p.headline.map((h) => `<li><b>${esc(h.value)}</b><span>${esc(h.label)}</span></li>`).join('')}</ul>`,
    `<nav>${p.sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('')}</nav>`,
    '</header>',
    '<main>',
    ...body,
    '</main>',
    `<footer>${esc(p.footer)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The report as Markdown (CommonMark with GitHub tables): the sections' paragraphs, lists and tables; charts are
 * named by their caption (the HTML report draws them). Cells escape `|` and line breaks so a table stays a table.
 */
import type { Block, Section } from './blocks.js';

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const inline = (s: string) => s.replace(/([\\`*_[\]<>])/g, '\\$1');

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return inline(b.text);
    case 'list':
      return b.items.map((i) => `- ${inline(i)}`).join('\n');
    case 'chart':
      return `_Chart (in the HTML report): ${inline(b.caption)}_`;
    case 'table': {
      const head = `| ${b.header.map(cell).join(' | ')} |`;
      const rule = `| ${b.header.map((_, k) => (b.numeric[k] ? '---:' : '---')).join(' | ')} |`;
      const rows = b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
      return [...(b.caption ? [`${inline(b.caption)}:`, ''] : []), head, rule, ...rows].join('\n');
    }
  }
}

/** `# title`, then `## section` with its blocks separated by blank lines. */
export function renderMarkdown(title: string, sections: Section[]): string {
  const out = [`# ${inline(title)}`];
  for (const s of sections) out.push(`## ${inline(s.title)}`, ...s.blocks.map(block));
  return out.join('\n\n') + '\n';
}

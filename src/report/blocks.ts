/** The pieces a report is made of — paragraphs, tables, lists, charts — that Markdown and HTML render alike. */

export type ChartId = 'prices' | 'liquidations' | 'exposure' | 'network' | 'levels';

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'table'; caption: string | null; header: string[]; rows: string[][]; numeric: boolean[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'chart'; chart: ChartId; caption: string };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

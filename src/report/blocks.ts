/** The pieces a report is made of — paragraphs, tables, lists, charts — that Markdown and HTML render alike. */

export type ChartId = 'prices' | 'liquidations' | 'exposure' | 'network' | 'lossDistribution' | 'critical' | 'levels';

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

/** A number as the report prints it: money, a count, a share, a multiplier, a duration, or '—'. */
const NUMERIC = /^(—|[-+−]?\$?[\d,.]+(e[-+]?\d+)?(%|×| s| min| h| d)?( ± \$[\d,.]+)?)$/;

/** A table; a column is right-aligned when every cell in it (below the first column) is a number. */
export const table = (caption: string | null, header: string[], rows: string[][]): Block => ({
  kind: 'table',
  caption,
  header,
  rows,
  numeric: header.map((_, k) => k > 0 && rows.length > 0 && rows.every((r) => NUMERIC.test(r[k] ?? ''))),
});

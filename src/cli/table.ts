/**
 * Plain-text tables for the terminal: columns padded, numbers right-aligned. Money in one format (util/money:
 * whole dollars with separators from $1,000 up, cents below); prices below $1 keep four significant figures, since
 * a price is a rate, not an amount ($0.3767 per CRV).
 */
import { formatUsd } from '../util/money.js';

export { formatUsd };

export type Cell = string | number | null;

export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  if (abs !== 0 && abs < 0.01) return x.toPrecision(3);
  return x.toLocaleString('en-US', { maximumFractionDigits: abs >= 1000 ? 0 : digits, minimumFractionDigits: 0 });
}

/** A USD price: the money format from $1 up, four significant figures below. */
export function formatPrice(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  return abs > 0 && abs < 1 ? `${x < 0 ? '-' : ''}$${Number(abs.toPrecision(4))}` : formatUsd(x);
}

export function formatShare(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`;
}

export function table(header: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? formatNumber(c) : c)));
  const numeric = header.map((_, k) => rows.every((r) => typeof r[k] === 'number' || r[k] === null || /^[$\d.,%—-]/.test(String(r[k] ?? ''))));
  const width = header.map((h, k) => Math.max(h.length, ...text.map((r) => (r[k] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, k) => (numeric[k] && k > 0 ? c.padStart(width[k]!) : c.padEnd(width[k]!))).join('  ').trimEnd();
  return [line(header), line(width.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

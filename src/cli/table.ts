/** Plain-text tables for the terminal: columns padded, numbers right-aligned. */

export type Cell = string | number | null;

export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  if (abs !== 0 && abs < 0.01) return x.toPrecision(3);
  return x.toLocaleString('en-US', { maximumFractionDigits: abs >= 1000 ? 0 : digits, minimumFractionDigits: 0 });
}

export function formatUsd(x: number): string {
  return `$${formatNumber(x, 2)}`;
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

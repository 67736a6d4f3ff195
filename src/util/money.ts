/**
 * One money format for every table, report and command (issue #18): whole dollars with thousands separators from
 * $1,000 up, cents below. A risk team reads $12,345,678 and $12.34 side by side without guessing the precision.
 */

/** `$1,234,567` from $1,000 up, `$999.50` below, `-$1,234` for a loss; '—' for a value that is not a number. */
export function formatUsd(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  // Round first: 999.996 is $1,000, not $1,000.00.
  const cents = Math.round(abs * 100) / 100;
  const body = cents >= 1000
    ? Math.round(abs).toLocaleString('en-US', { maximumFractionDigits: 0 })
    : cents.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${x < 0 && cents > 0 ? '-' : ''}$${body}`;
}

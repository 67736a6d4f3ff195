/** Small text pieces every report format shares: numbers, shares, durations, table cells, the exposure's method. */
import type { ExposureResult } from '../cascade/exposure.js';
export { formatUsd } from '../util/money.js';

/** A share as a percentage with one decimal; '—' for null. */
export function formatShare(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** A token amount: separators, up to 4 significant decimals below 1,000, whole from 1,000 up. */
export function formatAmount(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  if (abs === 0) return '0';
  if (abs < 0.0001) return x.toExponential(2);
  return x.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** A multiplier such as 1.35×; '—' for null. */
export function formatTimes(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`;
}

/** Seconds as the largest fitting unit: 45 s, 12 min, 1.02 h, 3.5 d. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${+(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${+(seconds / 3600).toFixed(2)} h`;
  return `${+(seconds / 86_400).toFixed(2)} d`;
}

export const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** How the cross-protocol exposure was computed, in words (the section's text and the heatmap's subtitle). */
export function exposureMethod(e: Pick<ExposureResult, 'method' | 'samples' | 'players'>): string {
  if (e.method === 'shapley') return `exact Shapley values over all ${2 ** e.players.length} coalitions of the ${e.players.length} protocols that hold a book`;
  if (e.method === 'shapley-sampled') return `Shapley values from ${e.samples} sampled permutations (seeded), with standard errors`;
  return 'leave-one-out: v(all) − v(all without the row protocol)';
}

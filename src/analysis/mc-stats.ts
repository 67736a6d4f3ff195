/**
 * Risk statistics of a Monte Carlo loss sample (DESIGN §7, §10 Measures). VaR at α is the ⌈αN⌉-th order statistic
 * x_(k) of the N path losses; ES at α is the mean of the worst (1 − α)·N losses with a fractional weight at the
 * boundary (Acerbi & Tasche 2002, "On the coherence of expected shortfall", J. Banking & Finance 26(7), Def. 2.6 /
 * Prop. 4.1 in sample form): ES = (Σ_{i>k} x_(i) + (k − αN)·x_(k)) / ((1 − α)·N). Bootstrap intervals resample the
 * paths with their own seed (percentile method); every statistic of one resample reads the same resampled paths.
 */
import { createRng } from '../util/random.js';

/** k = ⌈αN⌉ (guarded against float noise in αN) and the boundary weight k − αN. */
function boundary(n: number, alpha: number): { k: number; frac: number } {
  const an = alpha * n;
  const k = Math.max(1, Math.min(n, Math.ceil(an - 1e-9)));
  const frac = Math.max(0, k - an);
  return { k, frac: frac < 1e-9 ? 0 : frac };
}

/**
 * VaR and ES of `values` at `alpha` over the multiset given by `order` (indices in increasing value) and per-index
 * `counts` (null = each once).
 */
export function tailStats(values: ArrayLike<number>, order: Uint32Array, counts: Uint32Array | null, alpha: number): { var: number; es: number } {
  const n = counts ? order.length : order.length;
  const { k, frac } = boundary(n, alpha);
  let cum = 0;
  let total = 0;
  let bottom = 0;
  let xk = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const c = counts ? counts[i]! : 1;
    if (c === 0) continue;
    const x = values[i]!;
    total += c * x;
    if (cum < k) {
      const take = Math.min(c, k - cum);
      bottom += take * x;
      if (cum + take === k) xk = x;
    }
    cum += c;
  }
  return { var: xk, es: (total - bottom + frac * xk) / (n - k + frac) };
}

/** Indices of `values` in increasing value (ties by index: deterministic). */
export function argsort(values: ArrayLike<number>): Uint32Array {
  const idx = Uint32Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((a, b) => values[a]! - values[b]! || a - b);
}

/** The q-quantile of sorted numbers by the ⌈qN⌉-th order statistic. */
export function orderStatistic(sorted: ArrayLike<number>, q: number): number {
  return sorted[boundary(sorted.length, q).k - 1]!;
}

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Two-sided level of the percentile interval. */
  level: number;
}

/**
 * Percentile bootstrap of several statistics at once: `stats(counts)` returns the statistics of one resample, given
 * how many times each path was drawn. Returns [low, high] per statistic.
 */
export function bootstrap(n: number, o: BootstrapOptions, stats: (counts: Uint32Array) => number[]): [number, number][] {
  const draws: number[][] = [];
  const counts = new Uint32Array(n);
  for (let b = 0; b < o.resamples; b++) {
    counts.fill(0);
    const rng = createRng(o.seed, b);
    for (let i = 0; i < n; i++) counts[Math.floor(rng.next() * n)]!++;
    draws.push(stats(counts));
  }
  const m = draws[0]?.length ?? 0;
  const tail = (1 - o.level) / 2;
  return Array.from({ length: m }, (_, s) => {
    const xs = draws.map((d) => d[s]!).sort((a, b) => a - b);
    return [orderStatistic(xs, tail), orderStatistic(xs, 1 - tail)] as [number, number];
  });
}

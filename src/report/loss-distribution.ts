/**
 * The Monte Carlo loss distribution for the report (DESIGN §7, issue #18): a histogram of the per-path values of each
 * measure the summary reports — net insolvent value (VaR, ES), bad debt, the loss to lenders, collateral liquidated
 * (LaR). Most paths of a lending network lose nothing, and one bar of them would flatten every other bar:
 * the paths at zero are counted apart, the others fall into `bins` equal-width bins over (0, max] (Freedman–Diaconis
 * would change the width with the sample; equal bins over the observed range are what a reader compares across runs).
 */
import type { PathVectors } from '../analysis/mc-paths.js';

export const LOSS_DISTRIBUTION_DEFAULTS = { bins: 20 };

export type LossMeasure = 'netInsolventUsd' | 'badDebtUsd' | 'lossToLendersUsd' | 'liquidatedUsd';

export const LOSS_MEASURES: Record<LossMeasure, string> = {
  netInsolventUsd: 'net insolvent value',
  badDebtUsd: 'bad debt (booked + net insolvent)',
  lossToLendersUsd: 'loss to lenders',
  liquidatedUsd: 'collateral liquidated',
};

export interface LossHistogram {
  measure: LossMeasure;
  /** Paths in all, paths whose value is 0, and the largest value (USD). */
  paths: number;
  zeroPaths: number;
  maxUsd: number;
  /** Bins over (0, maxUsd]: bin k holds fromUsd < x ≤ toUsd (the first one's lower edge open at 0); empty when no path is above 0. */
  bins: { fromUsd: number; toUsd: number; paths: number }[];
}

/** The histogram of one vector of per-path values (USD, ≥ 0). */
export function lossHistogram(measure: LossMeasure, values: readonly number[], options: Partial<typeof LOSS_DISTRIBUTION_DEFAULTS> = {}): LossHistogram {
  const { bins } = { ...LOSS_DISTRIBUTION_DEFAULTS, ...options };
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`lossHistogram: bins must be an integer >= 1, got ${bins}`);
  values.forEach((x, i) => {
    if (!(Number.isFinite(x) && x >= 0)) throw new Error(`lossHistogram: ${measure}[${i}] must be a finite USD value >= 0, got ${x}`);
  });
  const maxUsd = values.reduce((m, x) => Math.max(m, x), 0);
  const zeroPaths = values.filter((x) => x === 0).length;
  if (maxUsd === 0) return { measure, paths: values.length, zeroPaths, maxUsd, bins: [] };
  const width = maxUsd / bins;
  const counts = new Array<number>(bins).fill(0);
  // ceil(x / width) − 1 puts x in (k·w, (k+1)·w]; the maximum lands in the last bin however the division rounds.
  for (const x of values) if (x > 0) counts[Math.min(bins - 1, Math.max(0, Math.ceil(x / width) - 1))]!++;
  return { measure, paths: values.length, zeroPaths, maxUsd, bins: counts.map((paths, k) => ({ fromUsd: k * width, toUsd: k === bins - 1 ? maxUsd : (k + 1) * width, paths })) };
}

/** The histograms of the four measures of a run's per-path vectors. */
export function lossDistribution(v: PathVectors, options: Partial<typeof LOSS_DISTRIBUTION_DEFAULTS> = {}): LossHistogram[] {
  return (Object.keys(LOSS_MEASURES) as LossMeasure[]).map((m) => lossHistogram(m, v[m], options));
}

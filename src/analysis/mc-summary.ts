/**
 * The Monte Carlo result from the per-path vectors (DESIGN §7): VaR and ES of net insolvent value, LaR (the same
 * order statistic of collateral liquidated), the probability of bad debt and of each protocol's insolvency, the
 * distribution of amplification — each with its horizon and confidence beside it and a bootstrap interval
 * (src/analysis/mc-stats.ts). A function of the vectors and the manifest only: workers and shards never change it.
 */
import type { CascadeOptions } from '../cascade/options.js';
import type { PathVectors } from './mc-paths.js';
import { argsort, bootstrap, orderStatistic, tailStats } from './mc-stats.js';

/** What every shard of one run shares; `merge` refuses partials whose manifests differ. */
export interface MonteCarloManifest {
  package: string;
  network: { name: string; snapshotDate: string; sha256: string };
  createdBy: 'monteCarlo';
  paths: number;
  horizonSeconds: number;
  confidence: number[];
  seed: number;
  cascade: CascadeOptions;
  bootstrap: { resamples: number; seed: number; level: number };
}

export interface TailMeasure {
  horizon: string;
  confidence: number;
  value: number;
  interval: { level: number; low: number; high: number };
}

export interface MonteCarloResult {
  manifest: MonteCarloManifest & { execution: { workers: number; shards: number | null } };
  paths: number;
  horizon: string;
  /** VaR of net insolvent value (USD) per confidence level: the ⌈αN⌉-th order statistic. */
  valueAtRisk: TailMeasure[];
  /** ES of net insolvent value (Acerbi–Tasche). */
  expectedShortfall: TailMeasure[];
  /** LaR: the ⌈αN⌉-th order statistic of collateral liquidated (USD at execution prices). */
  liquidationsAtRisk: TailMeasure[];
  /** The share of paths with bad debt (booked + net insolvent) above zero. */
  badDebtProbability: { horizon: string; value: number; standardError: number; interval: { level: number; low: number; high: number } };
  insolvency: { protocol: string; horizon: string; probability: number; standardError: number; interval: { level: number; low: number; high: number } }[];
  amplification: { asset: string; paths: number; mean: number | null; quantiles: { q: number; value: number }[] }[];
  mean: { netInsolventUsd: number; badDebtUsd: number; liquidatedUsd: number; lossToLendersUsd: number };
  notSettled: number;
  notes: string[];
}

const QUANTILES = [0.05, 0.5, 0.95, 0.99];

/** 604,800 s → '7d', 86,400 s → '24h', 1,800 s → '30m': days from two days up, else hours, minutes, seconds. */
export function formatHorizon(seconds: number): string {
  for (const [u, s] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) if (seconds % s === 0 && seconds >= (u === 'd' ? 2 * s : s)) return `${seconds / s}${u}`;
  return `${seconds}s`;
}

export function summarize(manifest: MonteCarloManifest, protocols: string[], assets: string[], v: PathVectors, execution: { workers: number; shards: number | null }): MonteCarloResult {
  const N = v.netInsolventUsd.length;
  const horizon = formatHorizon(manifest.horizonSeconds);
  const alphas = manifest.confidence;
  const lossOrder = argsort(v.netInsolventUsd);
  const liqOrder = argsort(v.liquidatedUsd);
  const bad = v.badDebtUsd.map((x) => (x > 0 ? 1 : 0));
  const point = [
    ...alphas.flatMap((a) => {
      const t = tailStats(v.netInsolventUsd, lossOrder, null, a);
      return [t.var, t.es, tailStats(v.liquidatedUsd, liqOrder, null, a).var];
    }),
    bad.reduce((s: number, x) => s + x, 0) / N,
    ...v.insolventPaths.map((ps) => ps.length / N),
  ];
  const intervals = bootstrap(N, manifest.bootstrap, (counts) => [
    ...alphas.flatMap((a) => {
      const t = tailStats(v.netInsolventUsd, lossOrder, counts, a);
      return [t.var, t.es, tailStats(v.liquidatedUsd, liqOrder, counts, a).var];
    }),
    bad.reduce((s: number, x, i) => s + x * counts[i]!, 0) / N,
    ...v.insolventPaths.map((ps) => ps.reduce((s, i) => s + counts[i]!, 0) / N),
  ]);
  const level = manifest.bootstrap.level;
  const measure = (k: number, confidence: number): TailMeasure => ({ horizon, confidence, value: point[k]!, interval: { level, low: intervals[k]![0], high: intervals[k]![1] } });
  const p = (k: number) => ({ value: point[k]!, standardError: Math.sqrt((point[k]! * (1 - point[k]!)) / N), interval: { level, low: intervals[k]![0], high: intervals[k]![1] } });
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / N;
  const b = 3 * alphas.length;
  return {
    manifest: { ...manifest, execution },
    paths: N,
    horizon,
    valueAtRisk: alphas.map((a, i) => measure(3 * i, a)),
    expectedShortfall: alphas.map((a, i) => measure(3 * i + 1, a)),
    liquidationsAtRisk: alphas.map((a, i) => measure(3 * i + 2, a)),
    badDebtProbability: { horizon, ...p(b) },
    insolvency: protocols.map((protocol, k) => {
      const q = p(b + 1 + k);
      return { protocol, horizon, probability: q.value, standardError: q.standardError, interval: q.interval };
    }),
    amplification: assets.map((asset, k) => {
      const xs = v.amplification[k]!.filter((x): x is number => x !== null).sort((x, y) => x - y);
      return { asset, paths: xs.length, mean: xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null, quantiles: xs.length ? QUANTILES.map((q) => ({ q, value: orderStatistic(xs, q) })) : [] };
    }),
    mean: { netInsolventUsd: mean(v.netInsolventUsd), badDebtUsd: mean(v.badDebtUsd), liquidatedUsd: mean(v.liquidatedUsd), lossToLendersUsd: mean(v.lossToLendersUsd) },
    notSettled: v.notSettled.length,
    notes: [
      `one-off shocks exp(σ√τ·z − σ²τ/2) − 1 over τ = ${horizon} (the window the shock is drawn over, not a bound on the cascade), z correlated through the eigen-factor of the network's correlation`,
      `VaR at α: the ⌈αN⌉-th of N = ${N} path losses (net insolvent value); ES after Acerbi–Tasche; LaR: the same order statistic of collateral liquidated`,
      `intervals: percentile bootstrap, ${manifest.bootstrap.resamples} resamples, level ${level}, seed ${manifest.bootstrap.seed}`,
    ],
  };
}

import { describe, expect, it } from 'vitest';
import { mergeMonteCarlo, monteCarlo, monteCarloPartial, parseHorizon, shardRange, type MonteCarloPartial } from '../../src/analysis/monte-carlo.js';
import { formatHorizon, type MonteCarloResult } from '../../src/analysis/mc-summary.js';
import { argsort, tailStats } from '../../src/analysis/mc-stats.js';
import { PLAIN_CONFIGURATION } from '../../src/cascade/options.js';
import { parseNetwork } from '../../src/network/index.js';
import { lender, sharedVenue } from '../cascade/networks.js';

const plain = { ...PLAIN_CONFIGURATION, gasCostUsd: 0, lossContagion: false };

/** Φ by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp((-x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

describe('VaR and ES by hand', () => {
  // Losses 1..10: VaR at 0.95 = x_(⌈9.5⌉) = x_(10) = 10; ES = (0 + (10 − 9.5)·10)/(0.5) = 10.
  // At 0.75: k = ⌈7.5⌉ = 8, ES = (9 + 10 + 0.5·8)/2.5 = 9.2.
  const xs = [3, 1, 4, 10, 5, 9, 2, 6, 8, 7];
  const order = argsort(xs);
  it('order statistic and Acerbi–Tasche with a fractional weight at the boundary', () => {
    expect(tailStats(xs, order, null, 0.95)).toEqual({ var: 10, es: 10 });
    expect(tailStats(xs, order, null, 0.75).var).toBe(8);
    expect(tailStats(xs, order, null, 0.75).es).toBeCloseTo(9.2, 12);
    // αN = 9 exactly (α = 0.9): k = 9 with no fractional weight: ES = x_(10) = 10.
    expect(tailStats(xs, order, null, 0.9)).toEqual({ var: 9, es: 10 });
  });
  it('a resample by counts equals the expanded sample', () => {
    const counts = Uint32Array.from([2, 0, 1, 1, 0, 3, 0, 1, 1, 1]);
    const expanded = xs.flatMap((x, i) => Array(counts[i]).fill(x));
    expect(tailStats(xs, order, counts, 0.75).es).toBeCloseTo(tailStats(expanded, argsort(expanded), null, 0.75).es, 12);
  });
});

describe('monteCarlo: the one-protocol probability of bad debt against its closed form', () => {
  // One position (100 ETH, 150,000 USDC, LT 0.8, bonus 5%) leaves bad debt iff ETH falls more than s* = 21.25%
  // (test/analysis/critical-shock.test.ts). With σ = 0.6 over τ = 30 days the move is exp(σ√τ·z − σ²τ/2) − 1, so
  // P(bad debt) = Φ((ln(1 − s*) + σ²τ/2) / (σ√τ)).
  const net = parseNetwork({
    schemaVersion: 1,
    meta: { name: 'one position', snapshotDate: '2025-10-01', synthetic: true },
    assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } }],
    venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 }],
    protocols: [lender('L', [{ id: 'p', eth: 100, usdc: 150_000 }])],
  });
  it('within three standard errors', async () => {
    const N = 3000;
    const r = (await monteCarlo(net, { paths: N, horizon: '30d', seed: 42, cascade: plain, bootstrap: { resamples: 200, seed: 1, level: 0.95 } })) as MonteCarloResult;
    const tau = (30 * 86400) / 31_536_000;
    const s = 0.6 * Math.sqrt(tau);
    const p = normalCdf((Math.log(1 - 0.2125) + (s * s) / 2) / s);
    const se = Math.sqrt((p * (1 - p)) / N);
    expect(p).toBeCloseTo(0.0962, 3);
    expect(Math.abs(r.badDebtProbability.value - p)).toBeLessThan(3 * se);
    expect(r.badDebtProbability.horizon).toBe('30d');
    expect(r.badDebtProbability.interval.low).toBeLessThanOrEqual(r.badDebtProbability.value);
    expect(r.badDebtProbability.interval.high).toBeGreaterThanOrEqual(r.badDebtProbability.value);
    // Without reserves every path with bad debt leaves L insolvent.
    expect(r.insolvency[0]!.probability).toBe(r.badDebtProbability.value);
    expect(r.valueAtRisk.map((x) => [x.confidence, x.horizon])).toEqual([[0.95, '30d'], [0.99, '30d']]);
    // P(bad debt) ≈ 9.6% > 5%: the 95% VaR is a loss; the 99% one larger.
    expect(r.valueAtRisk[0]!.value).toBeGreaterThan(0);
    expect(r.valueAtRisk[1]!.value).toBeGreaterThan(r.valueAtRisk[0]!.value);
    expect(r.expectedShortfall[1]!.value).toBeGreaterThanOrEqual(r.valueAtRisk[1]!.value);
  }, 60_000);
});

describe('monteCarlo: workers and shards never change the result', () => {
  const net = sharedVenue();
  const base = { paths: 120, horizon: '7d', seed: 7, cascade: plain, bootstrap: { resamples: 100, seed: 3, level: 0.9 } };
  const strip = (r: MonteCarloResult) => JSON.stringify({ ...r, manifest: { ...r.manifest, execution: null } });
  it('1, 2 and 4 workers, and 2 or 4 shards merged, give byte-identical results', async () => {
    const one = (await monteCarlo(net, { ...base, workers: 1 })) as MonteCarloResult;
    const two = (await monteCarlo(net, { ...base, workers: 2 })) as MonteCarloResult;
    const four = (await monteCarlo(net, { ...base, workers: 4 })) as MonteCarloResult;
    const shards2 = await Promise.all([0, 1].map((index) => monteCarloPartial(net, { ...base, shard: { index, count: 2 } })));
    const shards4 = await Promise.all([3, 1, 0, 2].map((index) => monteCarloPartial(net, { ...base, workers: index === 1 ? 2 : 1, shard: { index, count: 4 } })));
    const m2 = mergeMonteCarlo(JSON.parse(JSON.stringify(shards2)));
    const m4 = mergeMonteCarlo(JSON.parse(JSON.stringify(shards4)));
    expect(strip(two)).toBe(strip(one));
    expect(strip(four)).toBe(strip(one));
    expect(strip(m2)).toBe(strip(one));
    expect(strip(m4)).toBe(strip(one));
    expect(m4.manifest.execution).toEqual({ workers: 2, shards: 4 });
    expect(one.insolvency.map((x) => x.protocol)).toEqual(['A', 'B']);
    expect(one.paths).toBe(120);
  }, 120_000);

  it('on 2 workers progress comes as each range of the queue finishes, ending at the total', async () => {
    // 120 paths on 2 threads: pathChunks cuts 8 ranges of 15 paths (2·4 ranges; ⌈120/16⌉ = 8): the progress marks
    // are multiples of 15 as the ranges finish (in any order, the count only grows), then 120 once.
    const seen: [number, number][] = [];
    await monteCarlo(net, { ...base, workers: 2, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.every(([d, t]) => t === 120 && d % 15 === 0)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(seen[seen.length - 1]).toEqual([120, 120]);
  }, 60_000);

  it('merge refuses different manifests, overlapping and missing seed ranges', async () => {
    const a = await monteCarloPartial(net, { ...base, paths: 10, shard: { index: 0, count: 2 } });
    const b = await monteCarloPartial(net, { ...base, paths: 10, shard: { index: 1, count: 2 } });
    const other = await monteCarloPartial(net, { ...base, paths: 10, seed: 8, shard: { index: 1, count: 2 } });
    expect(() => mergeMonteCarlo([a, other])).toThrow(/mergeMonteCarlo: partial 1 has a different manifest from partial 0/);
    expect(() => mergeMonteCarlo([a])).toThrow(/mergeMonteCarlo: seeds \[5, 10\) are missing/);
    expect(() => mergeMonteCarlo([b])).toThrow(/mergeMonteCarlo: seeds \[0, 5\) are missing/);
    expect(() => mergeMonteCarlo([a, b, a])).toThrow(/seed ranges overlap: \[0, 5\) starts before 5/);
    expect(() => mergeMonteCarlo([{ format: 'x' } as unknown as MonteCarloPartial])).toThrow(/partial 0 is not a Monte Carlo partial result/);
    expect(mergeMonteCarlo([b, a]).paths).toBe(10);
  });
});

describe('options', () => {
  it('horizons, shard ranges and bad options', async () => {
    expect(parseHorizon('24h')).toBe(86_400);
    expect(parseHorizon('7d')).toBe(604_800);
    expect(parseHorizon(900)).toBe(900);
    expect([604_800, 86_400, 1800, 90].map(formatHorizon)).toEqual(['7d', '24h', '30m', '90s']);
    expect(() => parseHorizon('soon')).toThrow(/monteCarlo: horizon must be seconds or a duration such as 24h/);
    expect([0, 1, 2].map((i) => shardRange(10, i, 3))).toEqual([{ from: 0, to: 3 }, { from: 3, to: 6 }, { from: 6, to: 10 }]);
    await expect(monteCarlo(sharedVenue(), { paths: 0 })).rejects.toThrow(/monteCarlo: paths must be an integer >= 1, got 0/);
    await expect(monteCarlo(sharedVenue(), { paths: 1, confidence: [1] })).rejects.toThrow(/confidence must be a non-empty list of levels in \(0, 1\)/);
    await expect(monteCarlo(sharedVenue(), { paths: 1, shard: { index: 2, count: 2 } })).rejects.toThrow(/shard must be \{ index, count \} with 0 <= index < count/);
  });
});

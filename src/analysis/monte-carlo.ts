/**
 * `monteCarlo(network, { paths, horizon, confidence, seed, workers, shard })` (DESIGN §7, §10 Measures): correlated
 * one-off shocks over a horizon (src/analysis/shock-factor.ts), one cascade per path seeded by its index
 * (src/analysis/mc-paths.ts), on worker threads through tinypool (in-process for one worker). A shard runs a seed range
 * and returns a partial result; `mergeMonteCarlo` concatenates partials exactly (the per-path vectors, so quantiles stay
 * exact) after checking their manifests and seed ranges. The summary (src/analysis/mc-summary.ts) depends on the
 * vectors alone: 1, 2 or 4 workers and any sharding give the same bytes, apart from `manifest.execution`.
 */
import type { Network } from '../network/schema/network.js';
import { resolveOptions, type CascadeOptions } from '../cascade/options.js';
import { networkHash, packageVersion } from '../cascade/manifest.js';
import { canonicalJson } from '../util/canonical-json.js';
import { progressReporter, type ProgressCallback } from '../util/progress.js';
import { shockFactor } from './shock-factor.js';
import { concatVectors, runPaths, type PathInputs, type PathVectors } from './mc-paths.js';
import { pathChunks, runChunks } from './mc-pool.js';
import { summarize, type MonteCarloManifest, type MonteCarloResult } from './mc-summary.js';

export type { MonteCarloManifest };

export interface MonteCarloOptions {
  paths: number;
  /** The window the shock is drawn over: seconds, or a string such as '24h', '7d', '30m', '900s'. */
  horizon: number | string;
  confidence: number[];
  seed: number;
  workers: number;
  /** Run only the seed range of shard `index` of `count` and return a partial result. */
  shard: { index: number; count: number } | null;
  /** Options of every cascade (exposure 'none' and recordRounds false are imposed). */
  cascade: Partial<CascadeOptions>;
  bootstrap: { resamples: number; seed: number; level: number };
  onProgress?: ProgressCallback;
}

export const MONTE_CARLO_DEFAULTS: Omit<MonteCarloOptions, 'onProgress'> = {
  paths: 10_000,
  horizon: '24h',
  confidence: [0.95, 0.99],
  seed: 0,
  workers: 1,
  shard: null,
  cascade: {},
  bootstrap: { resamples: 1000, seed: 1, level: 0.95 },
};

export interface MonteCarloPartial {
  format: 'defi-contagion/monte-carlo-partial@1';
  manifest: MonteCarloManifest;
  /** The seeds (path indices) this partial ran: [from, to). */
  seeds: { from: number; to: number };
  protocols: string[];
  assets: string[];
  vectors: PathVectors;
  execution: { workers: number; shard: { index: number; count: number } | null };
}

function fail(message: string): never {
  throw new Error(`monteCarlo: ${message}`);
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** '24h' → 86,400 s; a number is seconds. */
export function parseHorizon(h: number | string): number {
  if (typeof h === 'number') {
    if (!(h > 0 && Number.isFinite(h))) fail(`horizon must be a number of seconds > 0, got ${h}`);
    return h;
  }
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(String(h).trim());
  if (!m || !(Number(m[1]) > 0)) fail(`horizon must be seconds or a duration such as 24h, 7d, 30m, 900s; got ${JSON.stringify(h)}`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** The seed range of shard `index` of `count` over `paths` paths: [⌊i·N/n⌋, ⌊(i+1)·N/n⌋). */
export function shardRange(paths: number, index: number, count: number): { from: number; to: number } {
  return { from: Math.floor((index * paths) / count), to: Math.floor(((index + 1) * paths) / count) };
}

function resolve(options: Partial<MonteCarloOptions>): Omit<MonteCarloOptions, 'onProgress'> & { horizonSeconds: number } {
  for (const k of Object.keys(options)) if (!(k in MONTE_CARLO_DEFAULTS) && k !== 'onProgress') fail(`unknown option "${k}"; expected one of ${Object.keys(MONTE_CARLO_DEFAULTS).join(', ')}, onProgress`);
  const o = { ...MONTE_CARLO_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k !== 'onProgress')) } as Omit<MonteCarloOptions, 'onProgress'>;
  o.bootstrap = { ...MONTE_CARLO_DEFAULTS.bootstrap, ...(options.bootstrap ?? {}) };
  if (!(Number.isInteger(o.paths) && o.paths >= 1)) fail(`paths must be an integer >= 1, got ${String(o.paths)}`);
  if (!(Array.isArray(o.confidence) && o.confidence.length > 0 && o.confidence.every((c) => typeof c === 'number' && c > 0 && c < 1))) fail(`confidence must be a non-empty list of levels in (0, 1), got ${JSON.stringify(o.confidence)}`);
  if (!Number.isInteger(o.seed)) fail(`seed must be an integer, got ${String(o.seed)}`);
  if (!(Number.isInteger(o.workers) && o.workers >= 1)) fail(`workers must be an integer >= 1, got ${String(o.workers)}`);
  if (o.shard !== null && !(Number.isInteger(o.shard.count) && o.shard.count >= 1 && Number.isInteger(o.shard.index) && o.shard.index >= 0 && o.shard.index < o.shard.count))
    fail(`shard must be { index, count } with 0 <= index < count, got ${JSON.stringify(o.shard)}`);
  const b = o.bootstrap;
  if (!(Number.isInteger(b.resamples) && b.resamples >= 1)) fail(`bootstrap.resamples must be an integer >= 1, got ${String(b.resamples)}`);
  if (!Number.isInteger(b.seed)) fail(`bootstrap.seed must be an integer, got ${String(b.seed)}`);
  if (!(b.level > 0 && b.level < 1)) fail(`bootstrap.level must be in (0, 1), got ${String(b.level)}`);
  return { ...o, horizonSeconds: parseHorizon(o.horizon) };
}

/**
 * Runs paths [from, to) on `workers` threads (in-process for one): the threads get the inputs once and take short
 * ranges from one queue (mc-pool.ts); the ranges come back in order, so the vectors are those of one thread.
 */
async function runRange(inputs: PathInputs, from: number, to: number, workers: number, onProgress?: ProgressCallback): Promise<PathVectors> {
  const report = progressReporter(onProgress, to - from);
  if (workers === 1 || to - from < 2) {
    let done = 0;
    const v = runPaths({ ...inputs, from, to }, () => report(++done));
    report(to - from);
    return v;
  }
  let done = 0;
  return concatVectors(await runChunks(inputs, pathChunks(from, to, workers), workers, (r) => report((done += r.to - r.from))));
}

/** Runs the paths of one shard (or all of them) and returns them as a partial result. */
export async function monteCarloPartial(network: Network, options: Partial<MonteCarloOptions> = {}): Promise<MonteCarloPartial> {
  const o = resolve(options);
  const cascade = { ...resolveOptions(o.cascade), exposure: 'none' as const, recordRounds: false };
  const factor = shockFactor(network);
  const { from, to } = o.shard ? shardRange(o.paths, o.shard.index, o.shard.count) : { from: 0, to: o.paths };
  const vectors = await runRange({ network, factor, horizonSeconds: o.horizonSeconds, seed: o.seed, cascade }, from, to, o.workers, options.onProgress);
  return {
    format: 'defi-contagion/monte-carlo-partial@1',
    manifest: {
      package: packageVersion(),
      network: { name: network.meta.name, snapshotDate: network.meta.snapshotDate, sha256: networkHash(network) },
      createdBy: 'monteCarlo',
      paths: o.paths,
      horizonSeconds: o.horizonSeconds,
      confidence: o.confidence,
      seed: o.seed,
      cascade,
      bootstrap: o.bootstrap,
    },
    seeds: { from, to },
    protocols: network.protocols.map((p) => p.id),
    assets: factor.assets,
    vectors,
    execution: { workers: o.workers, shard: o.shard },
  };
}

/**
 * Combines partial results into the run's result: refuses partials with different manifests, overlapping seed ranges
 * or missing ones; the vectors are concatenated in seed order, so every statistic is the one a single run gives.
 */
export function mergeMonteCarlo(partials: readonly MonteCarloPartial[]): MonteCarloResult {
  const fn = 'mergeMonteCarlo';
  if (!Array.isArray(partials) || partials.length === 0) throw new Error(`${fn}: expected at least one partial result`);
  partials.forEach((p, i) => {
    if (!p || p.format !== 'defi-contagion/monte-carlo-partial@1') throw new Error(`${fn}: partial ${i} is not a Monte Carlo partial result (format ${JSON.stringify(p?.format)}; expected "defi-contagion/monte-carlo-partial@1")`);
  });
  const head = canonicalJson(partials[0]!.manifest);
  partials.forEach((p, i) => {
    if (canonicalJson(p.manifest) !== head) throw new Error(`${fn}: partial ${i} has a different manifest from partial 0 (network, options, seed or package differ); partials of one run share it`);
  });
  const sorted = [...partials].sort((a, b) => a.seeds.from - b.seeds.from);
  let next = 0;
  for (const p of sorted) {
    if (p.seeds.from < next) throw new Error(`${fn}: seed ranges overlap: [${p.seeds.from}, ${p.seeds.to}) starts before ${next}`);
    if (p.seeds.from > next) throw new Error(`${fn}: seeds [${next}, ${p.seeds.from}) are missing`);
    next = p.seeds.to;
  }
  const N = partials[0]!.manifest.paths;
  if (next !== N) throw new Error(`${fn}: seeds [${next}, ${N}) are missing`);
  const shards = partials.map((p) => p.execution);
  return summarize(sorted[0]!.manifest, sorted[0]!.protocols, sorted[0]!.assets, concatVectors(sorted.map((p) => p.vectors)), {
    workers: Math.max(...shards.map((s) => s.workers)),
    shards: partials.length,
  });
}

/** The Monte Carlo run: all paths (or one shard's, as a partial result). */
export async function monteCarlo(network: Network, options: Partial<MonteCarloOptions> = {}): Promise<MonteCarloResult | MonteCarloPartial> {
  const part = await monteCarloPartial(network, options);
  if (options.shard) return part;
  return summarize(part.manifest, part.protocols, part.assets, part.vectors, { workers: part.execution.workers, shards: null });
}

/**
 * The paths of a Monte Carlo run (DESIGN §7): path i draws its shocks from the stream `createRng(seed, i)` — so that a
 * path's result depends on its index alone, never on the number of workers or shards — and runs one cascade with
 * `exposure: 'none'` and `recordRounds: false`. The vectors it returns are what a shard writes and `merge` concatenates.
 */
import type { Network } from '../network/schema/network.js';
import { simulateCascade } from '../cascade/simulate.js';
import type { CascadeOptions } from '../cascade/options.js';
import { createRng } from '../util/random.js';
import { drawShocks, type ShockFactor } from './shock-factor.js';

/** Per-path results of the paths [from, to), in path order. */
export interface PathVectors {
  from: number;
  to: number;
  /** Net insolvent value (debt minus collateral over accounts under water, at final market prices), USD. */
  netInsolventUsd: number[];
  /** Bad debt booked + net insolvent value, USD. */
  badDebtUsd: number[];
  /** Collateral liquidated, USD at execution prices. */
  liquidatedUsd: number[];
  lossToLendersUsd: number[];
  /** Per protocol (network order): the paths in which it ended insolvent. */
  insolventPaths: number[][];
  /** Per moving asset (the factor's order): its amplification on each path (null when its external price did not move). */
  amplification: (number | null)[][];
  /** Paths whose cascade hit the round limit. */
  notSettled: number[];
}

/** What every path of a run shares: a worker thread is handed it once (mc-pool.ts), its ranges one by one. */
export interface PathInputs {
  network: Network;
  factor: ShockFactor;
  horizonSeconds: number;
  seed: number;
  cascade: Partial<CascadeOptions>;
}

/** A range of paths [from, to). */
export interface PathRange {
  from: number;
  to: number;
}

export type PathTask = PathInputs & PathRange;

/** Runs the paths [from, to); `onPath` after each (progress). */
export function runPaths(t: PathTask, onPath?: () => void): PathVectors {
  const options: Partial<CascadeOptions> = { ...t.cascade, exposure: 'none', recordRounds: false };
  const out: PathVectors = {
    from: t.from,
    to: t.to,
    netInsolventUsd: [],
    badDebtUsd: [],
    liquidatedUsd: [],
    lossToLendersUsd: [],
    insolventPaths: t.network.protocols.map(() => []),
    amplification: t.factor.assets.map(() => []),
    notSettled: [],
  };
  for (let i = t.from; i < t.to; i++) {
    const shocks = drawShocks(t.factor, t.horizonSeconds, createRng(t.seed, i));
    const r = simulateCascade(t.network, { shocks }, options);
    out.netInsolventUsd.push(r.totals.netInsolventUsd);
    out.badDebtUsd.push(r.totals.badDebtBookedUsd + r.totals.netInsolventUsd);
    out.liquidatedUsd.push(r.totals.liquidatedCollateralUsd);
    out.lossToLendersUsd.push(r.totals.lossToLendersUsd);
    r.protocols.forEach((p, k) => p.insolvent && out.insolventPaths[k]!.push(i));
    t.factor.assets.forEach((a, k) => out.amplification[k]!.push(r.assets.find((x) => x.asset === a)!.amplification));
    if (!r.converged) out.notSettled.push(i);
    onPath?.();
  }
  return out;
}

/** Concatenates contiguous vectors in path order (the caller checks contiguity). */
export function concatVectors(parts: readonly PathVectors[]): PathVectors {
  const first = parts[0]!;
  const cat = <T>(f: (p: PathVectors) => T[]) => parts.flatMap(f);
  return {
    from: first.from,
    to: parts[parts.length - 1]!.to,
    netInsolventUsd: cat((p) => p.netInsolventUsd),
    badDebtUsd: cat((p) => p.badDebtUsd),
    liquidatedUsd: cat((p) => p.liquidatedUsd),
    lossToLendersUsd: cat((p) => p.lossToLendersUsd),
    insolventPaths: first.insolventPaths.map((_, k) => cat((p) => p.insolventPaths[k]!)),
    amplification: first.amplification.map((_, k) => cat((p) => p.amplification[k]!)),
    notSettled: cat((p) => p.notSettled),
  };
}

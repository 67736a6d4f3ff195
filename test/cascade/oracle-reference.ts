/**
 * The straightforward oracle reading (src/cascade/oracles.ts `readOracle` without its shortcuts): each asset sampled on
 * its own from the history, the deviation always divided, every round read. The reference the oracle tests compare with,
 * and the random markets and rows they read.
 */
import { expect } from 'vitest';
import { ORACLE_EXCHANGE_RATE, ORACLE_MARKET, copyOracleState, initialOracleState, readOracle, type MarketOracle, type OracleState, type PriceHistory } from '../../src/cascade/oracles.js';

function referenceSample(o: MarketOracle, h: PriceHistory, i: number, t: number, depth: number): number {
  const kind = o.kind[i]!;
  if (kind === ORACLE_EXCHANGE_RATE && depth < 8) return o.chainRate[i]! * referenceSample(o, h, o.base[i]!, t, depth + 1);
  const when = t - o.delay[i]!;
  const useMarket = kind === ORACLE_MARKET;
  if (when < 0) return (useMarket ? h.before.market : h.before.external)[i]!;
  const r = Math.min(Math.floor(when / h.roundSeconds + 1e-9), (useMarket ? h.market : h.external).length - 1);
  return (useMarket ? h.market : h.external)[r]![i]!;
}

export function referenceRead(o: MarketOracle, state: OracleState, history: PriceHistory, t: number): void {
  for (let i = 0; i < o.kind.length; i++) {
    const x = referenceSample(o, history, i, t, 0);
    const dev = o.deviation[i]!;
    const hb = o.heartbeat[i]!;
    const last = state.published[i]!;
    const every = dev === 0 && hb === 0;
    const moved = dev > 0 && Math.abs(x / last - 1) >= dev;
    const due = hb > 0 && t - state.lastUpdate[i]! >= hb - 1e-9;
    if (every || moved || due) {
      if (x !== last) state.lastUpdate[i] = t;
      else if (due) state.lastUpdate[i] = t;
      state.published[i] = x;
    }
  }
}

/** One asset's oracle, as the property tests draw it. */
export interface AssetOracle {
  kind: number;
  base: number;
  chainRate: number;
  delay: number;
  heartbeat: number;
  deviation: number;
}

/** A market's oracle from its assets' (an exchange rate's base taken modulo the number of assets). */
export function marketOracleOf(assets: readonly AssetOracle[]): MarketOracle {
  const n = assets.length;
  return {
    kind: Uint8Array.from(assets, (a) => a.kind),
    base: Int32Array.from(assets, (a) => a.base % n),
    chainRate: Float64Array.from(assets, (a) => a.chainRate),
    delay: Float64Array.from(assets, (a) => a.delay),
    heartbeat: Float64Array.from(assets, (a) => a.heartbeat),
    deviation: Float64Array.from(assets, (a) => a.deviation),
  };
}

/** How a run records its rows: whether round r's market (external) row is a fresh array or the last round's itself. */
export interface RunShape {
  freshMarket: (r: number) => boolean;
  freshExternal: (r: number) => boolean;
  /** The round whose reading is made on a copy of the state (a fork), −1 for none; seconds added to every t > 0. */
  forkAt: number;
  offset: number;
}

/**
 * Reads the market's oracle (readOracle) and the reference side by side for `rounds` rounds of 60 s, prices taken in
 * turn from `draws`, and expects the same prices and update times bit for bit after every round; the readings skipped.
 */
export function playAgainstReference(assets: readonly AssetOracle[], rounds: number, draws: readonly number[], shape: RunShape): number {
  const n = assets.length;
  const o = marketOracleOf(assets);
  let d = 0;
  const row = () => Float64Array.from({ length: n }, () => draws[d++ % draws.length]!);
  const before = { market: row(), external: row() };
  const market: Float64Array[] = [];
  const external: Float64Array[] = [];
  let got = initialOracleState(n, before.market);
  const want = initialOracleState(n, before.market);
  let skipped = 0;
  for (let r = 0; r < rounds; r++) {
    market.push(r === 0 || shape.freshMarket(r) ? row() : market[r - 1]!);
    external.push(r === 0 || shape.freshExternal(r) ? row() : external[r - 1]!);
    const history: PriceHistory = { roundSeconds: 60, before, market, external };
    if (r === shape.forkAt) got = copyOracleState(got);
    const t = r * 60 + (r > 0 ? shape.offset : 0);
    if (!readOracle(o, got, history, t)) skipped++;
    referenceRead(o, want, history, t);
    for (let i = 0; i < n; i++) {
      expect(Object.is(got.published[i], want.published[i])).toBe(true);
      expect(Object.is(got.lastUpdate[i], want.lastUpdate[i])).toBe(true);
    }
  }
  return skipped;
}

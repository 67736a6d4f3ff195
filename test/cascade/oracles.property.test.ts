/**
 * readOracle (src/cascade/oracles.ts) reads one recorded row for the assets of one kind and delay and skips the
 * deviation's division when the price did not move: it must publish exactly what the straightforward reading (each
 * asset sampled on its own, the deviation always divided — kept here as the reference) publishes, round after round, on
 * random markets of market, external and exchange-rate oracles with delays, heartbeats and deviation thresholds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ORACLE_EXCHANGE_RATE, ORACLE_MARKET, initialOracleState, readOracle, type MarketOracle, type OracleState, type PriceHistory } from '../../src/cascade/oracles.js';

function referenceSample(o: MarketOracle, h: PriceHistory, i: number, t: number, depth: number): number {
  const kind = o.kind[i]!;
  if (kind === ORACLE_EXCHANGE_RATE && depth < 8) return o.chainRate[i]! * referenceSample(o, h, o.base[i]!, t, depth + 1);
  const when = t - o.delay[i]!;
  const useMarket = kind === ORACLE_MARKET;
  if (when < 0) return (useMarket ? h.before.market : h.before.external)[i]!;
  const r = Math.min(Math.floor(when / h.roundSeconds + 1e-9), (useMarket ? h.market : h.external).length - 1);
  return (useMarket ? h.market : h.external)[r]![i]!;
}

function referenceRead(o: MarketOracle, state: OracleState, history: PriceHistory, t: number): void {
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

const DT = 60;
/** Prices from a few values (so that a price often stays, or comes back to what was published), zero included. */
const price = fc.constantFrom(0, 1, 1.001, 1.004, 1.006, 0.9, 2000, 2000.5, 1999);
const asset = fc.record({
  kind: fc.integer({ min: 0, max: 2 }),
  base: fc.nat(5),
  chainRate: fc.constantFrom(1, 1.17, 0.98),
  delay: fc.constantFrom(0, 0, 0, 60, 90, 900, 3600),
  heartbeat: fc.constantFrom(0, 0, 120, 3600),
  deviation: fc.constantFrom(0, 0, 0.005, 0.01),
});

describe('readOracle: the straightforward reading, bit for bit', () => {
  it('publishes the same prices at the same times over a run, for markets mixing every kind, delay and threshold', () => {
    fc.assert(
      fc.property(fc.array(asset, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 }), fc.array(price, { minLength: 6 * 82, maxLength: 6 * 82 }), (assets, rounds, draws) => {
        const n = assets.length;
        const o: MarketOracle = {
          kind: Uint8Array.from(assets, (a) => a.kind),
          base: Int32Array.from(assets, (a) => a.base % n),
          chainRate: Float64Array.from(assets, (a) => a.chainRate),
          delay: Float64Array.from(assets, (a) => a.delay),
          heartbeat: Float64Array.from(assets, (a) => a.heartbeat),
          deviation: Float64Array.from(assets, (a) => a.deviation),
        };
        let d = 0;
        const row = () => Float64Array.from({ length: n }, () => draws[d++ % draws.length]!);
        const before = { market: row(), external: row() };
        const market: Float64Array[] = [];
        const external: Float64Array[] = [];
        const got = initialOracleState(n, before.market);
        const want = initialOracleState(n, before.market);
        for (let r = 0; r < rounds; r++) {
          market.push(row());
          external.push(r % 3 === 0 ? row() : external[r - 1] ?? row());
          const history: PriceHistory = { roundSeconds: DT, before, market, external };
          readOracle(o, got, history, r * DT);
          referenceRead(o, want, history, r * DT);
          for (let i = 0; i < n; i++) {
            expect(Object.is(got.published[i], want.published[i])).toBe(true);
            expect(Object.is(got.lastUpdate[i], want.lastUpdate[i])).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('readOracle: the deviation threshold', () => {
  // A market oracle, no delay or heartbeat, deviation 0.5, published 1. Moves of exactly ±50% (1.5/1 − 1 = 0.5 and
  // 1 − 0.5/1 = 0.5 exactly in floating point) reach the threshold and publish; 1.25 (a 25% move) does not.
  const o: MarketOracle = { kind: Uint8Array.of(ORACLE_MARKET), base: Int32Array.of(0), chainRate: Float64Array.of(1), delay: Float64Array.of(0), heartbeat: Float64Array.of(0), deviation: Float64Array.of(0.5) };
  const read = (x: number) => {
    const state = initialOracleState(1, Float64Array.of(1));
    readOracle(o, state, { roundSeconds: DT, before: { market: Float64Array.of(1), external: Float64Array.of(1) }, market: [Float64Array.of(x)], external: [Float64Array.of(1)] }, 0);
    return state.published[0];
  };
  it('publishes a move of exactly the deviation, up or down, and holds a smaller one', () => {
    expect(read(1.5)).toBe(1.5);
    expect(read(0.5)).toBe(0.5);
    expect(read(1.25)).toBe(1);
    expect(read(0.75)).toBe(1);
  });
});

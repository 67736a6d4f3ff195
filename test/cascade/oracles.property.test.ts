/**
 * readOracle (src/cascade/oracles.ts) reads one recorded row for the assets of one kind and delay and skips the
 * deviation's division when the price did not move (and skips a reading of the rows the last one read with no heartbeat
 * due: oracle-rows.test.ts): it must publish exactly what the straightforward reading (oracle-reference.ts) publishes,
 * round after round, on random markets of market, external and exchange-rate oracles with delays, heartbeats and
 * deviation thresholds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ORACLE_MARKET, initialOracleState, readOracle, type MarketOracle } from '../../src/cascade/oracles.js';
import { playAgainstReference } from './oracle-reference.js';

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
        // A fresh market row every round; the external row every third round (the last round's array in between).
        playAgainstReference(assets, rounds, draws, { freshMarket: () => true, freshExternal: (r) => r % 3 === 0, forkAt: -1, offset: 0 });
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

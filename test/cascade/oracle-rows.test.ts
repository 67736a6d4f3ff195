/**
 * readOracle's skip (src/cascade/oracle-rows.ts): a reading that samples the very rows the last one did, no heartbeat
 * a second or less from due, is skipped. Random runs whose recorded rows often repeat (the same arrays, as the price memo
 * and the world hand them over) must publish and time-stamp exactly what the straightforward reading
 * (oracle-reference.ts) does, forks included; worked cases pin each part of the test (the rows, the heartbeat, the
 * configuration read, a price that is not a number): each fails when its part is dropped.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork, simulateCascade } from '../../src/index.js';
import { lender } from './networks.js';
import fc from 'fast-check';
import { ORACLE_EXTERNAL, ORACLE_MARKET, initialOracleState, readOracle, type MarketOracle, type OracleState, type PriceHistory } from '../../src/cascade/oracles.js';
import { playAgainstReference, referenceRead } from './oracle-reference.js';

const DT = 60;

function oracle(kind: number, delay: number, heartbeat: number, deviation: number): MarketOracle {
  return { kind: Uint8Array.of(kind), base: Int32Array.of(0), chainRate: Float64Array.of(1), delay: Float64Array.of(delay), heartbeat: Float64Array.of(heartbeat), deviation: Float64Array.of(deviation) };
}

/** A history of `rows` recorded rounds, market and external alike (each round's row the same array). */
function history(before: number, rows: Float64Array[]): PriceHistory {
  return { roundSeconds: DT, before: { market: Float64Array.of(before), external: Float64Array.of(before) }, market: rows, external: rows };
}

function same(got: OracleState, want: OracleState): void {
  for (let i = 0; i < want.published.length; i++) {
    expect(Object.is(got.published[i], want.published[i])).toBe(true);
    expect(Object.is(got.lastUpdate[i], want.lastUpdate[i])).toBe(true);
  }
}

const price = fc.constantFrom(0, 1, 1.001, 1.004, 1.006, 0.9, 2000, 2000.5);
const asset = fc.record({
  kind: fc.integer({ min: 0, max: 2 }),
  base: fc.nat(5),
  chainRate: fc.constantFrom(1, 1.17),
  delay: fc.constantFrom(0, 0, 60, 90, 900),
  heartbeat: fc.constantFrom(0, 0, 59, 60, 61, 120, 3600),
  deviation: fc.constantFrom(0, 0, 0.005, 0.01),
});

describe('readOracle skips a reading that changes nothing', () => {
  it('publishes what the straightforward reading does when rows repeat, over forks, at whole and fractional times', () => {
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.array(asset, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
        fc.array(price, { minLength: 5 * 120, maxLength: 5 * 120 }),
        fc.nat(60),
        fc.constantFrom(0, 0.5, 59.5),
        (assets, rounds, fresh, draws, forkAt, offset) => {
          // A row is often the previous round's array itself (a quiet market, a still world).
          skipped += playAgainstReference(assets, rounds, draws, { freshMarket: (r) => fresh[2 * r]!, freshExternal: (r) => fresh[2 * r + 1]!, forkAt, offset });
        },
      ),
      { numRuns: 500 },
    );
    // The property exercised the skip.
    expect(skipped).toBeGreaterThan(1000);
  });

  it('reads a new row: a 10% fall in a fresh row publishes under a 0.5% deviation (fails when the rows are not compared)', () => {
    const o = oracle(ORACLE_MARKET, 0, 0, 0.005);
    const state = initialOracleState(1, Float64Array.of(100));
    const rows = [Float64Array.of(100)];
    expect(readOracle(o, state, history(100, rows), 0)).toBe(true);
    rows.push(Float64Array.of(90));
    expect(readOracle(o, state, history(100, rows), DT)).toBe(true);
    expect(state.published[0]).toBe(90);
    expect(state.lastUpdate[0]).toBe(DT);
  });

  it('reads when a heartbeat falls due on an unchanged row: 100.1 (a 0.1% move under a 50% deviation) published at t = 120 − 5e-10, within the 1e-9 (fails without the heartbeat test or its margin)', () => {
    // External oracle, heartbeat 120 s, published 100 at t = 0 (lastUpdate 0); every round records the same row [100.1].
    const o = oracle(ORACLE_EXTERNAL, 0, 120, 0.5);
    const state = initialOracleState(1, Float64Array.of(100));
    const row = Float64Array.of(100.1);
    const rows: Float64Array[] = [];
    const read = (t: number) => {
      while (rows.length * DT <= t) rows.push(row);
      return readOracle(o, state, history(100, rows), t);
    };
    // t = 0: 0.1% < 50%, and 0 − 0 < 120: nothing published (a reading). t = 60: the same row, 61 < 0 + 120: skipped.
    expect(read(0)).toBe(true);
    expect(read(DT)).toBe(false);
    expect(state.published[0]).toBe(100);
    // t = 119.5: within a second of due (120.5 >= 0 + 120): read, not yet due (119.5 < 120 − 1e-9), nothing published.
    expect(read(119.5)).toBe(true);
    expect(state.published[0]).toBe(100);
    // t = 120 − 5e-10: due within the contract's 1e-9 (t − 0 >= 120 − 1e-9): 100.1 published and stamped, though t < 120.
    const due = 2 * DT - 5e-10;
    expect(read(due)).toBe(true);
    expect(state.published[0]).toBe(100.1);
    expect(state.lastUpdate[0]).toBe(due);
    // t = 180 (< due + 120 − 1): skipped; t = 240 − 5e-10 is due again (stamped, the price the same).
    expect(read(3 * DT)).toBe(false);
    expect(read(due + 120)).toBe(true);
    expect(state.lastUpdate[0]).toBe(due + 120);
  });

  it('reads under another configuration: the same row publishes 100.1 under a 0.05% deviation after a 50% one held it (fails when the configuration is not compared)', () => {
    const loose = oracle(ORACLE_EXTERNAL, 0, 0, 0.5);
    const tight = oracle(ORACLE_EXTERNAL, 0, 0, 0.0005);
    const state = initialOracleState(1, Float64Array.of(100));
    const rows = [Float64Array.of(100.1)];
    readOracle(loose, state, history(100, rows), 0);
    expect(state.published[0]).toBe(100);
    expect(readOracle(tight, state, history(100, rows), 0)).toBe(true);
    expect(state.published[0]).toBe(100.1);
  });

  it('reads a price that is not a number every round: an every-round oracle stamps NaN at each reading (fails when the reading is skipped)', () => {
    // NaN !== NaN: the straightforward reading stamps a NaN every round (it never equals what was published).
    const o = oracle(ORACLE_MARKET, 0, 0, 0);
    const state = initialOracleState(1, Float64Array.of(100));
    const want = initialOracleState(1, Float64Array.of(100));
    const rows = [Float64Array.of(NaN)];
    for (let r = 0; r < 3; r++) {
      while (rows.length <= r) rows.push(rows[0]!);
      expect(readOracle(o, state, history(100, rows), r * DT)).toBe(true);
      referenceRead(o, want, history(100, rows), r * DT);
      same(state, want);
    }
    expect(state.lastUpdate[0]).toBe(2 * DT);
  });
});

describe('readOracles with the scenario\'s overrides', () => {
  it('an override window ends while the readings are skipped: the market publishes its oracle again at the first round after it (review: fails without the overrides guard, checked)', () => {
    // One position, 100 ETH against 130,000 USDC (LT 0.8): under water below ETH 1,625. An external oracle (heartbeat 1 h,
    // deviation 0.5%) reads the world at 1,600 from t = 0 on; the scenario holds ETH at 5,000 for t < 120 s. The world
    // no longer moves after t = 0 (no venue recovers), so every reading after t = 0 samples the same rows and is skipped.
    const oracle = { kind: 'external', heartbeatSeconds: 3600, deviation: 0.005 };
    const net = parseNetwork({
      schemaVersion: 1,
      meta: { name: 'override window', snapshotDate: '2025-10-01', synthetic: true },
      assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } }],
      venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee: 0.003 }],
      protocols: [lender('A', [{ id: 'a1', eth: 100, usdc: 130_000 }], { oracle })],
    });
    const r = simulateCascade(net, { shocks: { ETH: -0.2 }, events: [{ type: 'oracleOverride', protocol: 'A', asset: 'ETH', price: 5000, at: 0, over: 120 }] }, { roundSeconds: 60, exposure: 'none' });
    // Rounds at t = 0 and 60 see 5,000 (healthy); t = 120 sees 1,600 — not t = 3,600, the next heartbeat.
    const first = r.rounds.find((x) => x.liquidations.length > 0);
    expect(first?.t).toBe(120);
  });
});

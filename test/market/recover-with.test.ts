/**
 * recoverWith (src/market/recovery.ts), recover with one scratch array per coin count kept across venues, against
 * recover itself (a fresh coinPrices array per call): on random sequences of two- and three-coin venues of every kind,
 * moved off their prices by a sale, recovered at random external prices and seconds through ONE shared scratch, each
 * result equals recover's bit for bit. A scratch not keyed by the coin count (one array for every venue) fails here:
 * recoverTo refuses prices of the wrong length when a three-coin pool follows a pair.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as cp from '../../src/market/constant-product.js';
import * as ob from '../../src/market/order-book.js';
import * as ss from '../../src/market/stableswap.js';
import { recover, recoverWith } from '../../src/market/recovery.js';
import type { VenueState } from '../../src/market/types.js';

/** Venue k of the pool, moved off its price by selling `sold` of its first coin. */
function venue(k: number, sold: number): VenueState {
  if (k === 0) return cp.apply(cp.createConstantProduct({ coins: [0, 1], reserves: [5000, 10_000_000], fee: 0.003, recoveryHalfLife: 600 }), 0, 1, 50 * sold);
  if (k === 1) return ss.apply(ss.createStableswap({ coins: [0, 1, 2], balances: [1e6, 1e6, 1e6], A: 100, fee: 0.0004, recoveryHalfLife: 1000 }), 0, 2, 1e4 * sold);
  if (k === 2) return ob.apply(ob.createOrderBook({ coins: [0, 1], model: 'sqrtImpact', dailyVolume: 20_000, volatility: 0.6, mid: 2000, fee: 0.001, recoveryHalfLife: 300 }), 0, 1, 10 * sold);
  return ss.apply(ss.createStableswap({ coins: [1, 2], balances: [5e6, 5e6], A: 200, fee: 0.0001, recoveryHalfLife: 1800 }), 0, 1, 1e4 * sold);
}

describe('recoverWith', () => {
  it('equals recover on every venue of random sequences, one scratch shared by all of them', () => {
    const step = fc.record({ k: fc.nat(3), sold: fc.double({ min: 0, max: 10, noNaN: true }), seconds: fc.constantFrom(0, 12, 600, 36000), eth: fc.double({ min: 500, max: 5000, noNaN: true }), usd: fc.double({ min: 0.9, max: 1.1, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), (steps) => {
        const scratch: Float64Array[] = [];
        for (const s of steps) {
          const v = venue(s.k, s.sold);
          const external = [s.eth, 1, s.usd];
          expect(recoverWith(v, external, s.seconds, scratch)).toEqual(recover(v, external, s.seconds));
        }
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * memoMarketPrices (src/market/price-memo.ts) against marketPrices itself: on random histories of what moves a
 * market between two reads — sales, purchases, drained venues, withdrawals, recovery, re-balancing to new external
 * prices, an external price moved alone, a clone read with the same memo, or nothing — every read equals a fresh marketPrices bit for bit;
 * a read repeated on an unchanged market is the same array, and an array read earlier keeps its values as the market moves.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buyAsset, cloneMarket, compileMarket, drainVenue, marketPrices, rebalanceMarket, recoverMarket, sellAsset, withdrawLiquidity } from '../../src/market/market-state.js';
import { memoMarketPrices, newPriceMemo } from '../../src/market/price-memo.js';
import { lstNetwork } from './network.js';

type Step =
  | { kind: 'none' }
  | { kind: 'sell' | 'buy'; asset: number; size: number }
  | { kind: 'drain' | 'withdraw'; venue: number }
  | { kind: 'recover'; seconds: number }
  | { kind: 'rebalance' | 'external'; asset: number; factor: number }
  | { kind: 'clone' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constantFrom('sell' as const, 'buy' as const), asset: fc.nat(4), size: fc.double({ min: 1e-3, max: 50, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('drain' as const, 'withdraw' as const), venue: fc.nat(4) }),
  fc.record({ kind: fc.constant('recover' as const), seconds: fc.double({ min: 1, max: 3600, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('rebalance' as const, 'external' as const), asset: fc.nat(4), factor: fc.double({ min: 0.5, max: 1.5, noNaN: true }) }),
  fc.constant({ kind: 'clone' as const }),
);

describe('memoMarketPrices', () => {
  it('equals marketPrices after every step of random histories, reads repeated or not', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(step, fc.boolean()), { maxLength: 30 }), (steps) => {
        let m = compileMarket(lstNetwork());
        const memo = newPriceMemo();
        expect(memoMarketPrices(m, memo)).toEqual(marketPrices(m));
        const earlier: [Float64Array, number[]][] = [];
        for (const [s, twice] of steps) {
          try {
            if (s.kind === 'sell') sellAsset(m, s.asset, s.size);
            else if (s.kind === 'buy') buyAsset(m, s.asset, s.size);
            else if (s.kind === 'drain') drainVenue(m, s.venue);
            else if (s.kind === 'withdraw') withdrawLiquidity(m, { venue: s.venue }, 0.5);
            else if (s.kind === 'recover') recoverMarket(m, s.seconds);
            else if (s.kind === 'rebalance') {
              const ext = m.externalPrices.slice();
              ext[s.asset]! *= s.factor;
              rebalanceMarket(m, ext);
            } else if (s.kind === 'external') m.externalPrices[s.asset]! *= s.factor; // the world moves, the venues not yet
            else if (s.kind === 'clone') m = cloneMarket(m);
          } catch {
            // A step the market refuses (a sale beyond what drained venues take) leaves it as the refusal left it.
          }
          const fresh = marketPrices(m);
          const read = memoMarketPrices(m, memo);
          expect(Array.from(read)).toEqual(Array.from(fresh));
          if (twice) expect(memoMarketPrices(m, memo)).toBe(read); // nothing moved: the same array
          earlier.push([read, Array.from(read)]);
        }
        // The memo never writes an array it handed out: each still holds what it held when read.
        for (const [xs, values] of earlier) expect(Array.from(xs)).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('reads from the memo only while nothing moved: a sale makes the next read new', () => {
    const m = compileMarket(lstNetwork());
    const memo = newPriceMemo();
    const first = memoMarketPrices(m, memo);
    expect(memo.market).toBe(m);
    expect(memoMarketPrices(m, memo)).toBe(first); // served from the memo
    sellAsset(m, 'ETH', 10);
    const after = memoMarketPrices(m, memo);
    expect(after).not.toBe(first);
    expect(Array.from(after)).not.toEqual(Array.from(first)); // the sale moved a price (stETH's, on the stETH/ETH pool)
    expect(Array.from(after)).toEqual(Array.from(marketPrices(m)));
  });
});

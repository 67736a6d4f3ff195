/**
 * recoverMarketMemo (src/market/recovery-memo.ts) against recoverMarket itself: on random histories of what moves a
 * market between two recoveries — sales, drained venues, withdrawals, external prices moved, a clone, recoveries of
 * other lengths, or nothing — two copies of one market, one recovered through the memo and one without, hold the same
 * venue states bit for bit after every step; a venue the memo skips is the very state recoverMarket leaves unchanged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cloneMarket, compileMarket, drainVenue, marketPrices, recoverMarket, sellAsset, withdrawLiquidity, type MarketState } from '../../src/market/market-state.js';
import { newRecoveryMemo, recoverMarketMemo } from '../../src/market/recovery-memo.js';
import { holdings, spotPrice } from '../../src/market/venue.js';
import { lstNetwork } from './network.js';

type Step =
  | { kind: 'none' }
  | { kind: 'sell'; asset: number; size: number }
  | { kind: 'drain' | 'withdraw'; venue: number }
  | { kind: 'recover'; seconds: number; times: number }
  | { kind: 'external'; asset: number; factor: number }
  | { kind: 'clone' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('sell' as const), asset: fc.nat(4), size: fc.double({ min: 1e-3, max: 50, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('drain' as const, 'withdraw' as const), venue: fc.nat(4) }),
  // Long recoveries reach RECOVERED: the memo then skips venues.
  fc.record({ kind: fc.constant('recover' as const), seconds: fc.constantFrom(12, 600, 36000, 360000), times: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('external' as const), asset: fc.nat(4), factor: fc.double({ min: 0.5, max: 1.5, noNaN: true }) }),
  fc.constant({ kind: 'clone' as const }),
);

/** Every venue's coins and prices, as numbers (bit for bit under toEqual's Object.is). */
function picture(m: MarketState): number[] {
  return [...m.venues.flatMap((s) => [...holdings(s), spotPrice(s, 0, 1)]), ...marketPrices(m)];
}

function play(m: MarketState, s: Step, recoverWith: (m: MarketState, seconds: number) => void): MarketState {
  if (s.kind === 'sell') sellAsset(m, s.asset, s.size);
  else if (s.kind === 'drain') drainVenue(m, s.venue);
  else if (s.kind === 'withdraw') withdrawLiquidity(m, { venue: s.venue }, 0.5);
  else if (s.kind === 'recover') for (let i = 0; i < s.times; i++) recoverWith(m, s.seconds);
  else if (s.kind === 'external') m.externalPrices[s.asset]! *= s.factor;
  else if (s.kind === 'clone') return cloneMarket(m);
  return m;
}

describe('recoverMarketMemo', () => {
  it('leaves every venue as recoverMarket does, after every step of random histories', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let plain = compileMarket(lstNetwork());
        let memoised = cloneMarket(plain);
        const memo = newRecoveryMemo();
        for (const s of steps) {
          let failed = false;
          try {
            plain = play(plain, s, (m, seconds) => recoverMarket(m, seconds));
          } catch {
            failed = true; // a sale beyond what drained venues take: both refuse it alike
          }
          try {
            memoised = play(memoised, s, (m, seconds) => recoverMarketMemo(m, seconds, m.externalPrices, memo));
            expect(failed).toBe(false);
          } catch (e) {
            if (!failed) throw e;
          }
          expect(picture(memoised)).toEqual(picture(plain));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('skips a recovered venue: its state is kept (the same object), and checked again once the external price moves', () => {
    const m = compileMarket(lstNetwork());
    const memo = newRecoveryMemo();
    sellAsset(m, 'ETH', 20);
    // 10⁶ s at half-lives of minutes: every gap far below RECOVERED (10⁻¹²) afterwards.
    for (let i = 0; i < 3; i++) recoverMarketMemo(m, 1e6, m.externalPrices, memo);
    const states = m.venues.slice();
    recoverMarketMemo(m, 1e6, m.externalPrices, memo);
    expect(m.venues).toEqual(states);
    m.venues.forEach((s, v) => expect(s).toBe(states[v]));
    expect(memo.recovered.every((s, v) => s === states[v])).toBe(true);
    const ext = m.externalPrices.slice();
    ext[m.assetIndex.get('ETH')!]! *= 0.9;
    recoverMarketMemo(m, 1e6, ext, memo);
    expect(m.venues.some((s, v) => s !== states[v])).toBe(true); // the ETH venues moved towards the new price
  });

  it("remembers each venue's share kept by seconds and half-life: a venue whose state changes half-life, or a recovery of other seconds, recovers as recoverMarket does", () => {
    // Each part of keepOf's key dropped fails here (checked): the seconds (600 then 1800 at one venue), the half-life
    // (venue 1's state replaced by one recovering twice as fast, at the same seconds).
    const plain = compileMarket(lstNetwork());
    sellAsset(plain, 'ETH', 40);
    const memoised = cloneMarket(plain);
    const memo = newRecoveryMemo();
    const both = (seconds: number) => {
      recoverMarket(plain, seconds);
      recoverMarketMemo(memoised, seconds, memoised.externalPrices, memo);
      expect(picture(memoised)).toEqual(picture(plain));
    };
    both(600);
    both(1800);
    const faster = (m: MarketState) => (m.venues[1] = { ...m.venues[1]!, recoveryHalfLife: 300 } as typeof m.venues[1]);
    faster(plain);
    faster(memoised);
    both(1800);
    expect(memo.keeps[1]).toBe(Math.pow(2, -1800 / 300));
  });
});

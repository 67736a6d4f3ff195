/**
 * Packed keys (src/util/packed-keys.ts): every key unpacks to the indices packed into it, distinct indices give
 * distinct keys, and group keys sort as (market, kind, collateral, debt) — the order the cascade decides groups in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assetPairKey,
  groupKey,
  groupKeyCollateral,
  groupKeyDebt,
  groupKeyMarket,
  isSelfSale,
  marketKey,
  marketKeyMarket,
  marketKeyProtocol,
  pairKey,
  pairKeyFrom,
  pairKeyTo,
  positionKey,
  rankedGroupKey,
  routeKey,
  routeKeyFrom,
} from '../../src/util/packed-keys.js';

describe('packed keys', () => {
  it('unpack to what was packed, on random indices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.nat(2047), fc.nat(65_535), fc.nat(2 ** 26 - 1), fc.nat(3), fc.nat(), fc.nat(), (n, protocol, market, ref, kind, x, y) => {
        const c = x % n;
        const d = y % n;
        const mk = marketKey(protocol, market);
        expect([marketKeyProtocol(mk), marketKeyMarket(mk)]).toEqual([protocol, market]);
        expect(Number.isSafeInteger(positionKey(protocol, market, ref))).toBe(true);
        expect(positionKey(protocol, market, ref) - ref).toBe(mk * 2 ** 26);
        expect([pairKeyFrom(pairKey(c, d, n), n), pairKeyTo(pairKey(c, d, n), n)]).toEqual([c, d]);
        expect(routeKeyFrom(routeKey(1, c, d, n), n)).toBe(c);
        expect(isSelfSale(routeKey(0, c, d, n), n)).toBe(c === d);
        expect(isSelfSale(routeKey(1, c, c, n), n)).toBe(false); // a purchase is never a sale into itself
        const g = groupKey(market, kind, c, d, n);
        expect([groupKeyMarket(g, n), groupKeyCollateral(g, n), groupKeyDebt(g, n)]).toEqual([market, c, d]);
      }),
      { numRuns: 300 },
    );
  });

  it('keep distinct indices apart and order groups by market, kind, collateral, debt', () => {
    // 3 assets: ((1·4 + 2)·3 + 0)·3 + 2 = 56
    expect(groupKey(1, 2, 0, 2, 3)).toBe(56);
    expect(assetPairKey(3, 7)).toBe(3 * 65536 + 7);
    expect(assetPairKey(3, 7)).not.toBe(assetPairKey(7, 3));
    // The largest protocol, market and ref still give distinct exact keys (2^53 − 1 at most).
    expect(positionKey(2047, 65535, 2 ** 26 - 1)).toBe(2 ** 53 - 1);
    expect(positionKey(2047, 65535, 2 ** 26 - 2)).toBe(2 ** 53 - 2);
    const keys = [groupKey(0, 1, 2, 0, 3), groupKey(0, 0, 2, 2, 3), groupKey(1, 0, 0, 0, 3), groupKey(0, 1, 0, 1, 3)];
    expect([...keys].sort((a, b) => a - b)).toEqual([groupKey(0, 0, 2, 2, 3), groupKey(0, 1, 0, 1, 3), groupKey(0, 1, 2, 0, 3), groupKey(1, 0, 0, 0, 3)]);
    // Ranks replace the assets: with asset 0 ranked last, (c 0, d 1) sorts after (c 2, d 1).
    const rank = [2, 0, 1];
    expect(rankedGroupKey(groupKey(0, 0, 0, 1, 3), rank)).toBe(groupKey(0, 0, 2, 0, 3));
    expect(rankedGroupKey(groupKey(0, 0, 0, 1, 3), rank)).toBeGreaterThan(rankedGroupKey(groupKey(0, 0, 2, 1, 3), rank));
  });
});

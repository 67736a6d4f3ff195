/**
 * The band sets of the liquidation index (src/protocols/shared/index-bands.ts): the searches a scan starts from the
 * last cut (`lowerBoundNear`) find what a plain bisection finds, wherever they start; bands order by group then size
 * and carry upper bounds of their keys and debts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBands, lowerBound, lowerBoundNear } from '../../src/protocols/shared/index-bands.js';

describe('lowerBoundNear', () => {
  it('= lowerBound on any sorted range, from any starting point, for cuts inside, between and outside the keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }),
        fc.integer({ min: -2, max: 52 }),
        fc.nat(70),
        fc.nat(70),
        fc.nat(70),
        (xs, cut, a, b, near) => {
          const keys = Float64Array.from(xs.sort((x, y) => x - y));
          const lo = Math.min(a, b, keys.length);
          const hi = Math.min(Math.max(a, b), keys.length);
          const t = cut + 0.5 * (cut % 2);
          expect(lowerBoundNear(keys, t, lo, hi, near)).toBe(lowerBound(keys, t, lo, hi));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads few keys when the cut is next to where it starts', () => {
    const keys = Float64Array.from({ length: 1_000_000 }, (_, i) => i);
    let reads = 0;
    const counted = new Proxy(keys, { get: (k, p) => (typeof p === 'string' && /^\d+$/.test(p) && reads++, Reflect.get(k, p)) });
    expect(lowerBoundNear(counted as unknown as Float64Array, 500_002.5, 0, keys.length, 500_000)).toBe(500_003);
    expect(reads).toBeLessThan(8);
  });
});

describe('buildBands', () => {
  it('orders bands by group then half octave of debt, each sorted by key, with their largest key and debt', () => {
    // positions 0..5: group, key, debt
    const g = [1, 0, 1, 0, 1, 1];
    const key = [0.9, 0.5, 0.7, 0.8, 0.95, 0.6];
    const debt = [1000, 10, 1100, 10.5, 100, 1200];
    const set = buildBands([0, 1, 2, 3, 4, 5], 2, g, key, debt);
    const bands = Array.from(set.group, (grp, b) => ({ grp, members: Array.from(set.order.subarray(set.start[b], set.end[b])), maxKey: set.maxKey[b], maxDebt: set.maxDebt[b] }));
    // Group 0: debts 10 and 10.5 share the band floor(2·log2) = 6; group 1: 100 (band 13), then 1000, 1100, 1200 (band 19, 20, 20).
    expect(bands).toEqual([
      { grp: 0, members: [1, 3], maxKey: 0.8, maxDebt: 10.5 },
      { grp: 1, members: [4], maxKey: 0.95, maxDebt: 100 },
      { grp: 1, members: [0], maxKey: 0.9, maxDebt: 1000 },
      { grp: 1, members: [5, 2], maxKey: 0.7, maxDebt: 1200 },
    ]);
    expect(Array.from(set.groupBand)).toEqual([0, 1, 4]);
    expect(Array.from(set.groupMaxKey)).toEqual([0.8, 0.95]);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lossDistribution, lossHistogram } from '../../src/report/loss-distribution.js';

describe('lossHistogram', () => {
  it('a worked example: zeros apart, equal bins over (0, max], a value on an edge in the bin below it', () => {
    // max 8, 4 bins of width 2: (0,2] holds 1 and 2, (2,4] holds 3, (4,6] nothing, (6,8] holds 7 and 8; two zeros.
    const h = lossHistogram('netInsolventUsd', [0, 1, 2, 3, 0, 7, 8], { bins: 4 });
    expect(h).toEqual({
      measure: 'netInsolventUsd',
      paths: 7,
      zeroPaths: 2,
      maxUsd: 8,
      bins: [
        { fromUsd: 0, toUsd: 2, paths: 2 },
        { fromUsd: 2, toUsd: 4, paths: 1 },
        { fromUsd: 4, toUsd: 6, paths: 0 },
        { fromUsd: 6, toUsd: 8, paths: 2 },
      ],
    });
  });

  it('no path above zero: no bins', () => {
    expect(lossHistogram('liquidatedUsd', [0, 0, 0])).toEqual({ measure: 'liquidatedUsd', paths: 3, zeroPaths: 3, maxUsd: 0, bins: [] });
  });

  it('every path is counted once, in the bin whose edges hold it (random samples)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (xs, bins) => {
        const h = lossHistogram('lossToLendersUsd', xs, { bins });
        expect(h.zeroPaths + h.bins.reduce((s, b) => s + b.paths, 0)).toBe(xs.length);
        if (h.maxUsd > 0) {
          expect(h.bins).toHaveLength(bins);
          expect(h.bins[bins - 1]!.toUsd).toBe(Math.max(...xs));
          // Each bin holds exactly the values in (fromUsd, toUsd], up to one ulp of the edge's rounding.
          for (const b of h.bins) {
            const inside = xs.filter((x) => x > b.fromUsd * (1 + 1e-12) && x <= b.toUsd * (1 - 1e-12)).length;
            const near = xs.filter((x) => x > 0 && x > b.fromUsd * (1 - 1e-12) && x <= b.toUsd * (1 + 1e-12)).length;
            expect(b.paths).toBeGreaterThanOrEqual(inside);
            expect(b.paths).toBeLessThanOrEqual(near);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a negative or non-finite value and a bad bin count, naming them', () => {
    expect(() => lossHistogram('badDebtUsd', [1, -2])).toThrow('lossHistogram: badDebtUsd[1] must be a finite USD value >= 0, got -2');
    expect(() => lossHistogram('badDebtUsd', [Number.NaN])).toThrow('lossHistogram: badDebtUsd[0] must be a finite USD value >= 0, got NaN');
    expect(() => lossHistogram('badDebtUsd', [1], { bins: 0 })).toThrow('lossHistogram: bins must be an integer >= 1, got 0');
  });

  it('lossDistribution: the four measures of a run\'s vectors, in order', () => {
    const v = { from: 0, to: 2, netInsolventUsd: [0, 5], badDebtUsd: [1, 5], lossToLendersUsd: [0, 0], liquidatedUsd: [10, 20], insolventPaths: [], amplification: [], notSettled: [] };
    const d = lossDistribution(v, { bins: 2 });
    expect(d.map((h) => [h.measure, h.zeroPaths, h.maxUsd, h.bins.map((b) => b.paths)])).toEqual([
      ['netInsolventUsd', 1, 5, [0, 1]],
      ['badDebtUsd', 0, 5, [1, 1]],
      ['lossToLendersUsd', 2, 0, []],
      ['liquidatedUsd', 0, 20, [1, 1]],
    ]);
  });
});

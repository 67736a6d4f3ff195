import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v3 from '../../src/market/concentrated.js';

/**
 * Hand-computed references from the Uniswap v3 whitepaper §6.2: within a range of liquidity L,
 * Δ√P = Δy/L (eq. 6.13) and Δ(1/√P) = Δx/L (eq. 6.15), the fee taken on the input (γ = 0.997 for 30 bp);
 * what a range [a, b] holds at P: x = L(1/√P − 1/√b), y = L(√P − √a) (eq. 6.29–6.30). Values evaluated at
 * 40 significant digits (Python decimal) from those equations.
 */
// ETH/USDC at P = 2000 USDC per ETH: [400, 900] L = 2000, gap, [1000, 1600] L = 5000, [1600, 2500] L = 10000, [2500, 4000] L = 3000.
const ranges = [
  { lower: 400, upper: 900, liquidity: 2000 },
  { lower: 1000, upper: 1600, liquidity: 5000 },
  { lower: 1600, upper: 2500, liquidity: 10_000 },
  { lower: 2500, upper: 4000, liquidity: 3000 },
];
const pool = v3.createConcentrated({ id: 'eth-usdc-v3', coinIds: ['ETH', 'USDC'], ranges, price: 2000, fee: 0.003 });

describe('concentrated: inside one range', () => {
  it('selling 1 ETH: Δ(1/√P) = γ·1/L, out = L·Δ√P = 1985.1487783380537…', () => {
    expect(v3.quoteExactInput(pool, 0, 1, 1)).toBeCloseTo(1985.148778338053787, 8);
    // price after 1982.2836977014631…; marginal rate γ·P' = 1976.3368466083587…
    expect(v3.spotPrice(v3.apply(pool, 0, 1, 1), 0, 1)).toBeCloseTo(1982.283697701463, 9);
    expect(v3.marginalRate(pool, 0, 1, 1)).toBeCloseTo(1976.336846608358780, 9);
  });
  it('selling 1000 USDC: Δ√P = γ·1000/L, out = L·Δ(1/√P) = 0.49739113620920626…', () => {
    expect(v3.quoteExactInput(pool, 1, 0, 1000)).toBeCloseTo(0.4973911362092062667, 13);
    expect(v3.spotPrice(v3.apply(pool, 1, 0, 1000), 0, 1)).toBeCloseTo(2008.927379184269, 9);
  });
});

describe('concentrated: across ranges', () => {
  it('selling 40/γ ETH crosses 1600: 26.3932… in the first range, the rest in [1000, 1600]', () => {
    // out = 10000(√2000 − 40) + 5000(40 − √P'), P' = 1301.2805799513844…
    expect(v3.quoteExactInput(pool, 0, 1, 40 / 0.997)).toBeCloseTo(66847.26133866105463, 6);
    expect(v3.spotPrice(v3.apply(pool, 0, 1, 40 / 0.997), 0, 1)).toBeCloseTo(1301.280579951384463, 8);
  });
  it('selling 60000/γ USDC crosses 2500 into [2500, 4000]: out 26.359840377247119…', () => {
    expect(v3.quoteExactInput(pool, 1, 0, 60_000 / 0.997)).toBeCloseTo(26.35984037724711931, 10);
    expect(v3.spotPrice(v3.apply(pool, 1, 0, 60_000 / 0.997), 0, 1)).toBeCloseTo(2746.234956669377246, 8);
  });
  it('selling past the last range pays what the ranges hold, no more, and takes only what bought it', () => {
    // capacity (after fee) 26.3932 + 33.1139 + 33.3333 = 92.84041859177333 ETH; y held below 2000 = 109099.71249153897
    expect(v3.capacity(pool, 0, 1)).toBeCloseTo(93.11977792554998023, 9);
    expect(v3.outputCapacity(pool, 0, 1)).toBeCloseTo(109099.7124915389727, 6);
    expect(v3.quoteExactInput(pool, 0, 1, 1000)).toBeCloseTo(109099.7124915389727, 6);
    expect(v3.quoteExactInput(pool, 0, 1, 1e12)).toBeCloseTo(109099.7124915389727, 6);
    const drained = v3.apply(pool, 0, 1, 1000);
    expect(v3.spotPrice(drained, 0, 1)).toBeCloseTo(400, 9);
    expect(v3.marginalRate(pool, 0, 1, 1000)).toBe(0);
    expect(v3.quoteExactInput(drained, 0, 1, 5)).toBe(0);
  });
  it('a marginal rate past the last range is 0 either way, whatever walk came before (its leftover is its own)', () => {
    // USDC in: the ranges take 10000(50 − √2000) + 3000(√4000 − 50) = 92523.8… (after fee) up to 4000
    v3.marginalRate(pool, 0, 1, 1);
    expect(v3.marginalRate(pool, 1, 0, 1e6)).toBe(0);
    expect(v3.marginalRate(pool, 1, 0, 90_000)).toBeCloseTo(0.997 / v3.spotPrice(v3.apply(pool, 1, 0, 90_000), 0, 1), 12);
    v3.marginalRate(pool, 1, 0, 1000);
    expect(v3.marginalRate(pool, 0, 1, 1000)).toBe(0);
  });
  it('exact output: 50000 USDC costs 28.244042650692734 ETH (crossing 1600)', () => {
    expect(v3.quoteExactOutput(pool, 0, 1, 50_000)).toBeCloseTo(28.2440426506927338847, 9);
    expect(v3.quoteExactInput(pool, 0, 1, v3.quoteExactOutput(pool, 0, 1, 50_000))).toBeCloseTo(50_000, 6);
    expect(() => v3.quoteExactOutput(pool, 0, 1, 200_000)).toThrow(/quoteExactOutput: dy 200000 exceeds what venue "eth-usdc-v3" holds/);
  });
  it('a price in a gap: the first unit sold fills at the next range (900), spot stays at the gap price', () => {
    const inGap = v3.setPrice(pool, 950);
    expect(v3.spotPrice(inGap, 0, 1)).toBeCloseTo(950, 10);
    expect(v3.marginalRate(inGap, 0, 1, 0)).toBeCloseTo(0.997 * 900, 9);
    // 1 ETH into [400, 900] from √900 = 30: out = 2000(30 − 1/(1/30 + 0.997/2000))
    expect(v3.quoteExactInput(inGap, 0, 1, 1)).toBeCloseTo(2000 * (30 - 1 / (1 / 30 + 0.997 / 2000)), 9);
    // at 1000 (the edge of the gap) every rate between γ·900 and γ·1000 sells the same: nothing
    const atEdge = v3.setPrice(pool, 1000);
    expect(v3.sellableTo(atEdge, 0, 1, 0.997 * 950)).toBe(0);
  });
  it('a sale that ends at a gap: rates inside the gap give the same amount (a plateau)', () => {
    const cap1 = (26.39320225002103036 + 33.11388300841896660) / 0.997;
    expect(v3.sellableTo(pool, 0, 1, 0.997 * 950)).toBeCloseTo(cap1, 9);
    expect(v3.sellableTo(pool, 0, 1, 0.997 * 901)).toBeCloseTo(cap1, 9);
    expect(v3.marginalRate(pool, 0, 1, cap1)).toBeCloseTo(0.997 * 1000, 6);
  });
  it('holdings follow eq. 6.29–6.30', () => {
    const [x, y] = v3.holdings(pool);
    // x: 10000(1/√2000 − 1/50) + 3000(1/50 − 1/√4000); y: 109099.71249153897
    expect(x).toBeCloseTo(10_000 * (1 / Math.sqrt(2000) - 1 / 50) + 3000 * (1 / 50 - 1 / Math.sqrt(4000)), 10);
    expect(y).toBeCloseTo(109099.7124915389727, 6);
  });
});

describe('concentrated: bad states', () => {
  const make = (r: { lower: number; upper: number; liquidity: number }[], price = 2000) => () => v3.createConcentrated({ id: 'v', ranges: r, price, fee: 0.003 });
  it('refuses overlapping, inverted, empty and dry ranges by name', () => {
    expect(make([{ lower: 1000, upper: 2000, liquidity: 1 }, { lower: 1500, upper: 2500, liquidity: 1 }])).toThrow(
      'createConcentrated: venue "v": ranges[1] overlaps ranges[0]: expected ranges sorted and disjoint (lower >= 2000), got lower 1500',
    );
    expect(make([{ lower: 2000, upper: 1000, liquidity: 1 }])).toThrow(/ranges\[0\].upper must be finite and > lower \(2000\), got 1000/);
    expect(make([])).toThrow(/expected at least one liquidity range, got none/);
    expect(make([{ lower: 1, upper: 2, liquidity: 0 }])).toThrow(/expected at least one range with liquidity > 0/);
    expect(make([{ lower: 1, upper: 2, liquidity: -4 }])).toThrow(/ranges\[0\].liquidity must be a finite amount >= 0, got -4/);
    expect(make([{ lower: 1, upper: 2, liquidity: 4 }], 0)).toThrow(/price must be a finite price > 0, got 0/);
  });
});

describe('concentrated: properties', () => {
  const state = fc
    .record({
      bounds: fc.uniqueArray(fc.double({ min: 1, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 8 }),
      liq: fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 8, maxLength: 8 }),
      at: fc.double({ min: 0.5, max: 2e4, noNaN: true }),
      fee: fc.double({ min: 0, max: 0.01, noNaN: true }),
      contiguous: fc.boolean(),
    })
    .filter((r) => r.liq.some((l) => l > 0))
    .map((r) => {
      const b = [...r.bounds].sort((x, y) => x - y);
      const ranges: { lower: number; upper: number; liquidity: number }[] = [];
      for (let k = 0; k + 1 < b.length; k += r.contiguous ? 1 : 2) ranges.push({ lower: b[k]!, upper: b[k + 1]!, liquidity: r.liq[k]! });
      if (!ranges.some((x) => x.liquidity > 0)) ranges[0]!.liquidity = 1;
      return v3.createConcentrated({ ranges, price: r.at, fee: r.fee });
    });

  it('amountOut is increasing and concave in amountIn, both directions', () => {
    fc.assert(
      fc.property(state, fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), fc.integer({ min: 0, max: 1 }), (s, a, b, i) => {
        const cap = v3.capacity(s, i, 1 - i);
        const lo = Math.min(a, b) * cap;
        const hi = Math.max(a, b) * cap;
        const out = (x: number) => v3.quoteExactInput(s, i, 1 - i, x);
        const tol = 1e-9 * (v3.outputCapacity(s, i, 1 - i) + 1e-300);
        expect(out(hi)).toBeGreaterThanOrEqual(out(lo) - tol);
        expect(2 * out((lo + hi) / 2)).toBeGreaterThanOrEqual(out(lo) + out(hi) - tol);
      }),
      { numRuns: 200 },
    );
  });

  it('sellableTo(marginalRate(q)) ≈ q below capacity', () => {
    fc.assert(
      fc.property(state, fc.double({ min: 1e-6, max: 0.999, noNaN: true }), fc.integer({ min: 0, max: 1 }), (s, f, i) => {
        const cap = v3.capacity(s, i, 1 - i);
        fc.pre(cap > 0);
        const q = f * cap;
        const back = v3.sellableTo(s, i, 1 - i, v3.marginalRate(s, i, 1 - i, q));
        // rounding of the range amounts: ε·L·(1/√P or √P) at the scale of the pool
        const scale = Math.max(...s.liquidity) * (i === 0 ? 1 / s.sqrtLower[0]! : s.sqrtUpper[s.sqrtUpper.length - 1]!);
        expect(Math.abs(back - q)).toBeLessThanOrEqual(1e-8 * cap + 1e-13 * scale);
      }),
      { numRuns: 200 },
    );
  });

  it('no NaN, no negative amount, for zero and enormous sales', () => {
    fc.assert(
      fc.property(state, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true })), fc.integer({ min: 0, max: 1 }), (s, dx, i) => {
        const next = v3.apply(s, i, 1 - i, dx);
        for (const v of [v3.quoteExactInput(s, i, 1 - i, dx), v3.marginalRate(s, i, 1 - i, dx), next.sqrtPrice, ...v3.holdings(next), v3.spotPrice(next, 0, 1)]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

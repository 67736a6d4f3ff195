import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as cp from '../../src/market/constant-product.js';
import { integerTolerance, rawDifference, toRaw } from './helpers.js';

/**
 * Independent integer reference of UniswapV2Library (Uniswap v2 Core whitepaper, 2020; v2-periphery
 * contracts/libraries/UniswapV2Library.sol): amountInWithFee = amountIn·997,
 * out = amountInWithFee·reserveOut / (reserveIn·1000 + amountInWithFee), floor division.
 */
function refGetAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const withFee = amountIn * 997n;
  return (withFee * reserveOut) / (reserveIn * 1000n + withFee);
}
/** getAmountIn = reserveIn·amountOut·1000 / ((reserveOut − amountOut)·997) + 1. */
function refGetAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (reserveIn * amountOut * 1000n) / ((reserveOut - amountOut) * 997n) + 1n;
}

// A WETH/USDC pool (18 and 6 decimals), 5,000 WETH and 10,000,000 USDC (the synthetic fixture two-lenders-shared-eth).
const WETH = 18;
const USDC = 6;
const pool = cp.createConstantProduct({ id: 'weth-usdc', coinIds: ['WETH', 'USDC'], reserves: [5000, 10_000_000], fee: 0.003 });
const rawWeth = toRaw(5000, WETH);
const rawUsdc = toRaw(10_000_000, USDC);

describe('constant product: getAmountOut against the integer UniswapV2Library', () => {
  it('reproduces the v2-periphery router test (getAmountOut(2, 100, 100) = 1, getAmountIn(1, 100, 100) = 2)', () => {
    // Uniswap/v2-periphery test/UniswapV2Router02.spec.ts, 'getAmountOut' and 'getAmountIn'
    expect(refGetAmountOut(2n, 100n, 100n)).toBe(1n);
    expect(refGetAmountIn(1n, 100n, 100n)).toBe(2n);
    const tiny = cp.createConstantProduct({ reserves: [100, 100], fee: 0.003 });
    expect(Math.abs(cp.getAmountOut(tiny, 0, 1, 2) - 1)).toBeLessThanOrEqual(integerTolerance(1n, 100n));
    expect(Math.abs(cp.getAmountIn(tiny, 0, 1, 1) - 2)).toBeLessThanOrEqual(integerTolerance(2n, 100n));
  });

  for (const weth of [1e-6, 0.5, 10, 123.456789, 1000, 4999, 50_000]) {
    it(`sells ${weth} WETH for USDC within 2 raw units + 1e-12`, () => {
      const ref = refGetAmountOut(toRaw(weth, WETH), rawWeth, rawUsdc);
      const out = cp.getAmountOut(pool, 0, 1, weth);
      expect(rawDifference(out, USDC, ref)).toBeLessThanOrEqual(integerTolerance(ref, rawUsdc));
    });
  }

  for (const usdc of [0.01, 2000, 1_000_000, 25_000_000]) {
    it(`sells ${usdc} USDC for WETH within 2 raw units + 1e-12`, () => {
      const ref = refGetAmountOut(toRaw(usdc, USDC), rawUsdc, rawWeth);
      const out = cp.getAmountOut(pool, 1, 0, usdc);
      expect(rawDifference(out, WETH, ref)).toBeLessThanOrEqual(integerTolerance(ref, rawWeth));
    });
  }

  for (const usdc of [1, 19_880.9, 5_000_000]) {
    it(`buys exactly ${usdc} USDC (getAmountIn) within 2 raw units + 1e-12`, () => {
      const ref = refGetAmountIn(toRaw(usdc, USDC), rawWeth, rawUsdc);
      const dx = cp.getAmountIn(pool, 0, 1, usdc);
      expect(rawDifference(dx, WETH, ref)).toBeLessThanOrEqual(integerTolerance(ref, rawWeth));
    });
  }
});

describe('constant product: marginal rate, inverse, apply', () => {
  it('marginal rate after a sale is γ·x·y/(x + γdx)², and sellableTo inverts it', () => {
    // closed form: 0.997·5000·1e7/(5000 + 0.997·100)² = 1921.2744… USDC per WETH
    const g = 0.997;
    const expected = (g * 5000 * 1e7) / (5000 + g * 100) ** 2;
    expect(cp.marginalRate(pool, 0, 1, 100)).toBeCloseTo(expected, 9);
    expect(cp.sellableTo(pool, 0, 1, expected)).toBeCloseTo(100, 9);
    // at the start: γ·y/x = 1994
    expect(cp.marginalRate(pool, 0, 1, 0)).toBeCloseTo(1994, 10);
    expect(cp.sellableTo(pool, 0, 1, 1994)).toBeCloseTo(0, 9);
    expect(cp.sellableTo(pool, 0, 1, 3000)).toBe(0);
  });

  it('apply keeps the fee in the reserves: k grows by the fee share', () => {
    const after = cp.apply(pool, 0, 1, 100);
    const out = cp.getAmountOut(pool, 0, 1, 100);
    expect(after.reserve0).toBe(5100);
    expect(after.reserve1).toBeCloseTo(10_000_000 - out, 6);
    // k' = (x + dx)(y − out) > k (UniswapV2Pair.swap's balance check with the 0.3% fee)
    expect(after.reserve0 * after.reserve1).toBeGreaterThan(5000 * 10_000_000);
    // with no fee, k is unchanged
    const free = cp.createConstantProduct({ reserves: [5000, 10_000_000], fee: 0 });
    const a2 = cp.apply(free, 0, 1, 777);
    expect(a2.reserve0 * a2.reserve1).toBeCloseTo(5e10, 0);
    expect(pool.reserve0).toBe(5000); // the input state is untouched
  });

  it('spot price is y/x, fee-free; set price keeps k', () => {
    expect(cp.spotPrice(pool, 0, 1)).toBe(2000);
    expect(cp.spotPrice(pool, 1, 0)).toBe(1 / 2000);
    const moved = cp.setPrice(pool, 1500);
    expect(cp.spotPrice(moved, 0, 1)).toBeCloseTo(1500, 9);
    expect(moved.reserve0 * moved.reserve1).toBeCloseTo(5e10, 0);
    // x = √(k/P) = √(5e10/1500) = 5773.5026…
    expect(moved.reserve0).toBeCloseTo(Math.sqrt(5e10 / 1500), 9);
  });

  it('scaleLiquidity withdraws a share and keeps the price', () => {
    const half = cp.scaleLiquidity(pool, 0.5);
    expect(half.reserve0).toBe(2500);
    expect(cp.spotPrice(half, 0, 1)).toBe(2000);
    expect(() => cp.scaleLiquidity(pool, 1)).toThrow(/scaleLiquidity: share must be in \[0, 1\)/);
  });
});

describe('constant product: bad input', () => {
  it('refuses bad states by name', () => {
    expect(() => cp.createConstantProduct({ id: 'p', reserves: [-1, 10], fee: 0.003 })).toThrow('createConstantProduct: venue "p" reserves[0] must be a finite amount > 0, got -1');
    expect(() => cp.createConstantProduct({ id: 'p', reserves: [1, 0], fee: 0.003 })).toThrow(/reserves\[1\] must be a finite amount > 0, got 0/);
    expect(() => cp.createConstantProduct({ id: 'p', reserves: [1, NaN], fee: 0.003 })).toThrow(/got NaN/);
    expect(() => cp.createConstantProduct({ id: 'p', reserves: [1, 1], fee: 1 })).toThrow(/fee must be in \[0, 1\), got 1/);
  });
  it('refuses bad amounts, pairs and rates', () => {
    expect(() => cp.getAmountOut(pool, 0, 1, -3)).toThrow('getAmountOut: dx must be a finite number >= 0, got -3');
    expect(() => cp.getAmountOut(pool, 0, 1, Infinity)).toThrow(/got Infinity/);
    expect(() => cp.getAmountOut(pool, 0, 0, 1)).toThrow(/expected distinct coin indices in 0..1 of venue "weth-usdc", got i=0, j=0/);
    expect(() => cp.getAmountIn(pool, 0, 1, 10_000_000)).toThrow(/getAmountIn: dy must be below the venue's reserve of coin 1 \(10000000\), got 10000000/);
    expect(() => cp.sellableTo(pool, 0, 1, 0)).toThrow(/sellableTo: rate must be > 0/);
    expect(() => cp.sellableTo(pool, 0, 1, -1)).toThrow(/rate must be a finite number >= 0/);
  });
});

describe('constant product: properties', () => {
  const state = fc
    .record({ x: fc.double({ min: 1e-3, max: 1e9, noNaN: true }), y: fc.double({ min: 1e-3, max: 1e9, noNaN: true }), fee: fc.double({ min: 0, max: 0.05, noNaN: true }) })
    .map((r) => cp.createConstantProduct({ reserves: [r.x, r.y], fee: r.fee }));
  const share = fc.double({ min: 0, max: 100, noNaN: true });

  it('amountOut is increasing and concave in amountIn', () => {
    fc.assert(
      fc.property(state, share, share, (s, a, b) => {
        const x = s.reserve0;
        const lo = Math.min(a, b) * x;
        const hi = Math.max(a, b) * x;
        const mid = (lo + hi) / 2;
        const tol = 1e-12 * s.reserve1;
        expect(cp.getAmountOut(s, 0, 1, hi)).toBeGreaterThanOrEqual(cp.getAmountOut(s, 0, 1, lo) - tol);
        expect(2 * cp.getAmountOut(s, 0, 1, mid)).toBeGreaterThanOrEqual(cp.getAmountOut(s, 0, 1, lo) + cp.getAmountOut(s, 0, 1, hi) - tol);
      }),
      { numRuns: 200 },
    );
  });

  it('sellableTo(marginalRate(q)) ≈ q', () => {
    fc.assert(
      fc.property(state, fc.double({ min: 1e-6, max: 1e3, noNaN: true }), (s, f) => {
        const q = f * s.reserve0;
        const back = cp.sellableTo(s, 0, 1, cp.marginalRate(s, 0, 1, q));
        expect(Math.abs(back - q)).toBeLessThanOrEqual(1e-9 * (q + s.reserve0));
      }),
      { numRuns: 200 },
    );
  });

  it('no NaN, no negative reserve, for zero and enormous sales', () => {
    fc.assert(
      fc.property(state, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true })), (s, dx) => {
        const out = cp.getAmountOut(s, 0, 1, dx);
        const next = cp.apply(s, 0, 1, dx);
        const mr = cp.marginalRate(s, 0, 1, dx);
        for (const v of [out, next.reserve0, next.reserve1, mr, cp.spotPrice(next, 0, 1)]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(out).toBeLessThanOrEqual(s.reserve1);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * A quote on one venue (src/market/clearing.ts `quoteSales`; docs/market.md §5, "One venue"): with a single venue taking
 * part, the clearing's residual step gives it the whole amount once the solve stopped within a factor 2 of it, so a
 * quote of at least 1e-6 of the venue's depth bound (all it can pay out, in units of the coin sold at its best rate)
 * sells the amount without solving.
 * The reference is clearSales, which always solves (it reports the common price and the iterations): its proceeds must
 * equal the quote bit for bit, on random venues of every kind, moved by an earlier sale, from far below the guard (where
 * the quote solves too) to beyond the venue's capacity.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLEARING_DEFAULTS, clearSales, quoteSales } from '../../src/market/clearing.js';
import { clearSides } from '../../src/market/clearing-memo.js';
import { createConcentrated } from '../../src/market/concentrated.js';
import { createConstantProduct } from '../../src/market/constant-product.js';
import { createOrderBook } from '../../src/market/order-book.js';
import { createStableswap } from '../../src/market/stableswap.js';
import type { VenueState } from '../../src/market/types.js';
import { amountOut, apply, capacity, marginalRate, outputCapacity, sellableTo } from '../../src/market/venue.js';

const coins = { coins: [0, 1], coinIds: ['A', 'B'] };
const size = (min: number, max: number) => fc.double({ min: Math.log10(min), max: Math.log10(max), noNaN: true }).map((e) => 10 ** e);
const fee = (...f: number[]) => fc.constantFrom(...f);

/** x·y = k, Uniswap v3 ranges (with a gap), StableSwap (A up to 10⁴, imbalanced), depth and square-root books. */
const venue: fc.Arbitrary<VenueState> = fc.oneof(
  fc.record({ x: size(1e-3, 1e10), p: size(1e-4, 1e5), fee: fee(0, 0.0005, 0.003, 0.01) }).map(({ x, p, fee }) => createConstantProduct({ ...coins, reserves: [x, x * p], fee })),
  fc.record({ b: size(1, 2e9), skew: size(0.1, 10), A: fc.integer({ min: 1, max: 10_000 }), fee: fee(0, 0.0001, 0.0004) }).map(({ b, skew, A, fee }) => createStableswap({ ...coins, balances: [b, b * skew], A, fee })),
  fc.record({ p: size(1e-3, 1e5), L: size(1, 1e10), w: size(1e-3, 0.5), n: fc.integer({ min: 1, max: 5 }), gap: fc.boolean(), fee: fee(0.0001, 0.0005, 0.003) }).map(({ p, L, w, n, gap, fee }) => {
    const ranges = [];
    let lower = p * (1 - w) ** n;
    for (let k = 0; k < 2 * n; k++) {
      const upper = lower / (1 - w);
      if (!(gap && k === n - 2)) ranges.push({ lower, upper, liquidity: L * (1 + (k % 3)) });
      lower = upper;
    }
    return createConcentrated({ ...coins, price: p, fee, ranges });
  }),
  fc.record({ mid: size(1e-3, 1e5), V: size(10, 1e9), vol: fc.double({ min: 0.05, max: 2, noNaN: true }) }).map(({ mid, V, vol }) => createOrderBook({ ...coins, model: 'sqrtImpact', mid, fee: 0.001, dailyVolume: V, volatility: vol })),
  fc.record({ mid: size(1e-3, 1e5), d: size(1e-2, 1e7) }).map(({ mid, d }) =>
    createOrderBook({ ...coins, model: 'depth', mid, fee: 0.001, bids: [{ offset: 0.001, depth: d }, { offset: 0.01, depth: 8 * d }, { offset: 0.2, depth: 20 * d }], asks: [{ offset: 0.001, depth: d }, { offset: 0.05, depth: 5 * d }] }),
  ),
);

const proceeds = (venues: VenueState[], i: number, q: number) => clearSales(venues, i, q, { receive: 1 - i }).byCoin.reduce((s, e) => s + e.amount, 0);

describe('quoteSales on one venue', () => {
  it('equals clearSales’s proceeds bit for bit, on random venues of every kind, amounts 1e-12 to 10³ of the venue’s depth bound', () => {
    fc.assert(
      fc.property(venue, fc.boolean(), fc.double({ min: 0, max: 0.5, noNaN: true }), size(1e-12, 1e3), fc.boolean(), (fresh, sellFirst, before, share, withDead) => {
        // move the state first: a sale of either coin worth up to half the depth of that side
        const i = sellFirst ? 0 : 1;
        const moved = before > 0 && marginalRate(fresh, 1 - i, i, 0) > 0 ? apply(fresh, 1 - i, i, before * sellableTo(fresh, 1 - i, i, marginalRate(fresh, 1 - i, i, 0) * 0.99)) : fresh;
        const top = marginalRate(moved, i, 1 - i, 0);
        if (!(top > 0)) return;
        const q = share * (outputCapacity(moved, i, 1 - i) / top);
        if (!(q > 0 && q < Infinity)) return;
        // a second venue that takes no part (its price past its only range: nothing left to pay) leaves the first alone
        const dead = createConcentrated({ ...coins, price: i === 0 ? 1 : 4, fee: 0.003, ranges: [{ lower: 2, upper: 3, liquidity: 1e4 }] });
        expect(marginalRate(dead, i, 1 - i, 0)).toBe(0);
        const venues = withDead ? [moved, dead] : [moved];
        clearSides();
        const quoted = quoteSales(venues, i, q, { receive: 1 - i });
        clearSides();
        expect(quoted).toBe(proceeds(venues, i, q));
        expect(quoted).toBeGreaterThan(0);
        // and read back from the memo (the depth remembered with the venue's side)
        expect(quoteSales(venues, i, q, { receive: 1 - i })).toBe(quoted);
      }),
      { numRuns: 3000 },
    );
  });

  it('sells exactly the amount: the proceeds are amountOut of it (x·y = k: 1,000 of 10⁶/10⁶, fee 0.3%)', () => {
    const s = createConstantProduct({ ...coins, reserves: [1e6, 1e6], fee: 0.003 });
    // out = y·γq / (x + γq) with γ = 0.997: 10⁶ · 997 / (10⁶ + 997) = 996.00698...
    expect(quoteSales([s], 0, 1000, { receive: 1 })).toBeCloseTo((1e6 * 997) / (1e6 + 997), 9);
    expect(quoteSales([s], 0, 1000, { receive: 1 })).toBe(proceeds([s], 0, 1000));
    // a venue of finite capacity given more than it takes sells its capacity, as clearSales does
    const v3 = createConcentrated({ ...coins, price: 2000, fee: 0.0005, ranges: [{ lower: 1900, upper: 2100, liquidity: 1e4 }] });
    expect(quoteSales([v3], 0, 2 * capacity(v3, 0, 1), { receive: 1 })).toBe(proceeds([v3], 0, 2 * capacity(v3, 0, 1)));
  });

  it('solves when the caller sets the solve’s tolerance or iterations, as clearSales does (review: maxIterations 1 on x·y = k)', () => {
    // A pool and amount found by a random search (x·y = k, 0.3% fee) where one Newton step stops ~1.3e-16 short of Q:
    // clearSales sells that Σq, and so must the quote (the assertion below it checks the pool still shows it).
    const s = createConstantProduct({ ...coins, reserves: [2251.053951426593, 205.6913254905956], fee: 0.003 });
    const q = 97.39480603405399;
    for (const o of [{ maxIterations: 1 }, { maxIterations: 2 }, { tolerance: 1e-3 }]) {
      clearSides();
      const c = clearSales([s], 1, q, { receive: 0, ...o });
      clearSides();
      expect(quoteSales([s], 1, q, { receive: 0, ...o })).toBe(c.byCoin[0]!.amount);
    }
    // the same through CLEARING_DEFAULTS, which a caller may change (review): the guard reads the values the solve uses
    CLEARING_DEFAULTS.maxIterations = 1;
    try {
      clearSides();
      const c = clearSales([s], 1, q, { receive: 0 });
      clearSides();
      expect(quoteSales([s], 1, q, { receive: 0 })).toBe(c.byCoin[0]!.amount);
    } finally {
      CLEARING_DEFAULTS.maxIterations = 200;
    }
    clearSides();
    const one = clearSales([s], 1, q, { receive: 0, maxIterations: 1 });
    expect(one.byCoin[0]!.amount).not.toBe(amountOut(s, 1, 0, q));
    // with the defaults the solve reaches its tolerance, and the quote skips it: both sell Q exactly
    clearSides();
    expect(quoteSales([s], 1, q, { receive: 0 })).toBe(amountOut(s, 1, 0, q));
    expect(proceeds([s], 1, q)).toBe(amountOut(s, 1, 0, q));
  });

  it('sells exactly Q where the solve stops at float precision short of it: a depth book with a nearly vertical level (review)', () => {
    // 10⁹ of depth between offsets 0.001 and 0.001 + 1e-14: the price cannot be resolved finely enough to fill Q.
    const book = createOrderBook({ ...coins, model: 'depth', mid: 2000, fee: 0.001, bids: [{ offset: 0.001, depth: 1 }, { offset: 0.00100000000001, depth: 1e9 }, { offset: 0.5, depth: 2e9 }], asks: [{ offset: 0.001, depth: 1 }] });
    const q = 12345.678;
    clearSides();
    const c = clearSales([book], 0, q, { receive: 1 });
    clearSides();
    const quoted = quoteSales([book], 0, q, { receive: 1 });
    expect(quoted).toBe(amountOut(book, 0, 1, q));
    // the clearing stopped at another fill: its proceeds differ, within 1e-11 of the quote
    expect(c.byCoin[0]!.amount).not.toBe(quoted);
    expect(Math.abs(c.byCoin[0]!.amount - quoted) / quoted).toBeLessThan(1e-11);
  });
});

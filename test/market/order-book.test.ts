import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ob from '../../src/market/order-book.js';

// An ETH/USDC book around a 2000 mid, taker fee 10 bp. Bids: 100 ETH down to −0.5%, 300 to −1%, 500 to −2%;
// asks: 80 up to +0.5%, 200 to +1.5% (cumulative depth, piecewise linear between levels).
const depth = ob.createOrderBook({
  id: 'cex-depth',
  coinIds: ['ETH', 'USDC'],
  model: 'depth',
  mid: 2000,
  fee: 0.001,
  bids: [
    { offset: 0.005, depth: 100 },
    { offset: 0.01, depth: 300 },
    { offset: 0.02, depth: 500 },
  ],
  asks: [
    { offset: 0.005, depth: 80 },
    { offset: 0.015, depth: 200 },
  ],
});

describe('order book: depth-curve walk by hand', () => {
  it('selling 150 ETH walks the first bid segment and half of … the second', () => {
    // ∫ g over [0, 100] = 100·(1 + 0.995)/2 = 99.75; over [100, 150]: g(150) = 0.995 − 0.005·50/200 = 0.99375,
    // 50·(0.995 + 0.99375)/2 = 49.71875; out = 0.999·2000·149.46875 = 298 638.5625
    expect(ob.amountOut(depth, 0, 1, 150)).toBeCloseTo(298_638.5625, 6);
    expect(ob.marginalRate(depth, 0, 1, 150)).toBeCloseTo(0.999 * 2000 * 0.99375, 9);
    expect(ob.spotPrice(ob.apply(depth, 0, 1, 150), 0, 1)).toBeCloseTo(2000 * 0.99375, 9);
    expect(ob.sellableTo(depth, 0, 1, 0.999 * 2000 * 0.99375)).toBeCloseTo(150, 9);
  });
  it('selling past the last bid fills 500 ETH and pays 0.999·2000·495.25, no more', () => {
    // 99.75 + 200·(0.995 + 0.99)/2 + 200·(0.99 + 0.98)/2 = 495.25
    expect(ob.capacity(depth, 0, 1)).toBe(500);
    expect(ob.amountOut(depth, 0, 1, 600)).toBeCloseTo(989_509.5, 5);
    expect(ob.amountOut(depth, 0, 1, 500)).toBeCloseTo(989_509.5, 5);
    expect(ob.marginalRate(depth, 0, 1, 600)).toBe(0);
    expect(ob.marginalRate(depth, 0, 1, 500)).toBeCloseTo(0.999 * 2000 * 0.98, 9);
  });
  it('buying exactly 100 ETH walks the asks: 200 834.869036537… USDC', () => {
    // pre-fee 100/0.999 = 100.1001 ETH: 80 at 1 → 1.005 (∫ = 80.2), then 20.1001 towards 1.015 (g = 1.0066750…)
    expect(ob.amountIn(depth, 1, 0, 100)).toBeCloseTo(200_834.86903653736, 5);
    expect(ob.amountOut(depth, 1, 0, ob.amountIn(depth, 1, 0, 100))).toBeCloseTo(100, 9);
    // the last unit costs 2013.35001668335 USDC: rate 0.999/2013.35… ETH per USDC
    expect(ob.marginalRate(depth, 1, 0, ob.amountIn(depth, 1, 0, 100))).toBeCloseTo(0.999 / 2013.35001668335, 12);
  });
  it('buying with 50 000 USDC inside the first ask segment: t + 0.005·t²/160 = 25, base = 0.999·t', () => {
    expect(ob.amountOut(depth, 1, 0, 50_000)).toBeCloseTo(24.955518708897195, 9);
  });
  it('a net purchase then a sale walks back along the same curve', () => {
    const up = ob.apply(depth, 1, 0, 50_000);
    expect(up.position).toBeCloseTo(-24.955518708897195 / 0.999, 9);
    expect(ob.spotPrice(up, 0, 1)).toBeGreaterThan(2000);
    // selling back the base bought (pre-fee amount) returns the position to the mid
    expect(ob.apply(up, 0, 1, -up.position).position).toBeCloseTo(0, 9);
  });
  it('re-centring and setting a price', () => {
    const moved = ob.setPrice(depth, 1970, 2000);
    // g = 0.985 lies on the last bid segment: s = 300 + 200·(0.99 − 0.985)/0.01 = 400
    expect(moved.position).toBeCloseTo(400, 9);
    expect(ob.spotPrice(moved, 0, 1)).toBeCloseTo(1970, 9);
    const centred = ob.setPrice(moved, 1800, 1800);
    expect(centred.position).toBe(0);
    expect(centred.mid).toBe(1800);
  });
});

// A square-root-law book: V = 20 000 ETH a day, σ = 60% a year, Y = 1, mid 2000, fee 10 bp.
const sqrtBook = ob.createOrderBook({ id: 'cex-sqrt', coinIds: ['ETH', 'USDC'], model: 'sqrtImpact', dailyVolume: 20_000, volatility: 0.6, mid: 2000, fee: 0.001 });
const sigmaDaily = 0.6 / Math.sqrt(365);

describe('order book: square-root law closed form', () => {
  it('selling q pays γ·mid·(q − Yσ_d·(2/3)·q^{3/2}/√V); the marginal price is mid·(1 − Yσ_d·√(q/V))', () => {
    // Tóth et al. 2011 eq. 1 as the marginal price; integrated: 1 988 646.0715160852 USDC for 1000 ETH
    const q = 1000;
    const expected = 0.999 * 2000 * (q - (sigmaDaily * (2 / 3) * q ** 1.5) / Math.sqrt(20_000));
    expect(expected).toBeCloseTo(1_988_646.0715160852, 6);
    expect(ob.amountOut(sqrtBook, 0, 1, q)).toBeCloseTo(expected, 6);
    expect(ob.marginalRate(sqrtBook, 0, 1, q)).toBeCloseTo(0.999 * 2000 * (1 - sigmaDaily * Math.sqrt(q / 20_000)), 9);
  });
  it('the average impact is 2/3 of the marginal impact', () => {
    for (const q of [10, 500, 5000]) {
      const average = 1 - ob.amountOut(sqrtBook, 0, 1, q) / (0.999 * 2000 * q);
      const marginal = 1 - ob.marginalRate(sqrtBook, 0, 1, q) / (0.999 * 2000);
      expect(average / marginal).toBeCloseTo(2 / 3, 12);
    }
  });
  it('the marginal price floors at zero: the bids end at V/(Yσ_d)²', () => {
    const end = 20_000 / sigmaDaily ** 2;
    expect(ob.capacity(sqrtBook, 0, 1) / end).toBeCloseTo(1, 8);
    expect(ob.marginalRate(sqrtBook, 0, 1, 2 * end)).toBe(0);
    expect(ob.amountOut(sqrtBook, 0, 1, 2 * end)).toBeCloseTo(ob.amountOut(sqrtBook, 0, 1, end), 0);
    // what the whole bid side pays: γ·mid·V/(3·(Yσ_d)²)
    expect(ob.outputCapacity(sqrtBook, 0, 1) / ((0.999 * 2000 * 20_000) / (3 * sigmaDaily ** 2))).toBeCloseTo(1, 8);
  });
  it('buying: the ask side rises as mid·(1 + Yσ_d·√(b/V)) without bound', () => {
    const b = 800;
    const cost = ob.amountIn(sqrtBook, 1, 0, b * 0.999);
    // ∫ from −b to 0 of (1 + Yσ_d·√(−s/V)) ds = b + (2/3)Yσ_d·b^{3/2}/√V
    expect(cost).toBeCloseTo(2000 * (b + ((2 / 3) * sigmaDaily * b ** 1.5) / Math.sqrt(20_000)), 6);
    expect(ob.amountOut(sqrtBook, 1, 0, cost)).toBeCloseTo(b * 0.999, 8);
    expect(ob.capacity(sqrtBook, 1, 0)).toBe(Infinity);
  });
});

describe('order book: bad states', () => {
  const base = { id: 'b', model: 'depth' as const, mid: 2000, fee: 0.001 };
  const ask = [{ offset: 0.01, depth: 10 }];
  it('refuses empty and non-monotone depth curves by name', () => {
    expect(() => ob.createOrderBook({ ...base, bids: [], asks: ask })).toThrow('createOrderBook: venue "b": expected at least one level in bids, got an empty depth curve');
    expect(() => ob.createOrderBook({ ...base, bids: [{ offset: 0.02, depth: 5 }, { offset: 0.01, depth: 8 }], asks: ask })).toThrow(/bids\[1\].offset must exceed the previous level's \(0.02\): a monotone depth curve, got 0.01/);
    expect(() => ob.createOrderBook({ ...base, bids: [{ offset: 0.01, depth: 5 }, { offset: 0.02, depth: 3 }], asks: ask })).toThrow(/bids\[1\].depth must be >= the previous level's \(5\): cumulative depth, got 3/);
    expect(() => ob.createOrderBook({ ...base, bids: [{ offset: 1, depth: 5 }], asks: ask })).toThrow(/bids\[0\].offset must be below 1/);
    expect(() => ob.createOrderBook({ ...base, bids: [{ offset: 0.01, depth: 0 }], asks: ask })).toThrow(/bids must hold some amount \(last level depth > 0\), got 0/);
    expect(() => ob.createOrderBook({ ...base, bids: ask, asks: [{ offset: 0.01, depth: -1 }] })).toThrow(/asks\[0\].depth must be a finite amount >= 0, got -1/);
  });
  it('refuses a square-root book without σ or volume', () => {
    expect(() => ob.createOrderBook({ id: 'b', model: 'sqrtImpact', dailyVolume: 10, volatility: 0, mid: 1, fee: 0 })).toThrow(/volatility must be a finite annualised σ > 0/);
    expect(() => ob.createOrderBook({ id: 'b', model: 'sqrtImpact', dailyVolume: 0, volatility: 0.5, mid: 1, fee: 0 })).toThrow(/dailyVolume must be a finite amount > 0/);
  });
  it('refuses exact outputs beyond the book', () => {
    expect(() => ob.amountIn(depth, 0, 1, 2e6)).toThrow(/amountIn: dy 2000000 exceeds what the bids of venue "cex-depth" pay/);
    expect(() => ob.amountIn(depth, 1, 0, 250)).toThrow(/amountIn: dy 250 exceeds what the asks of venue "cex-depth" offer/);
  });
});

describe('order book: properties', () => {
  const levels = fc
    .array(fc.record({ dOffset: fc.double({ min: 1e-4, max: 0.05, noNaN: true }), dDepth: fc.double({ min: 0, max: 1e4, noNaN: true }) }), { minLength: 1, maxLength: 6 })
    .map((xs) => {
      let o = 0;
      let d = 0;
      const out = xs.map((x) => ({ offset: (o += x.dOffset), depth: (d += x.dDepth) }));
      out[out.length - 1]!.depth += 1;
      return out;
    });
  const book = fc.oneof(
    fc.record({ bids: levels, asks: levels, mid: fc.double({ min: 1e-3, max: 1e5, noNaN: true }), fee: fc.double({ min: 0, max: 0.01, noNaN: true }) }).map((r) => ob.createOrderBook({ model: 'depth', ...r })),
    fc
      .record({ dailyVolume: fc.double({ min: 1, max: 1e7, noNaN: true }), volatility: fc.double({ min: 0.05, max: 3, noNaN: true }), mid: fc.double({ min: 1e-3, max: 1e5, noNaN: true }), fee: fc.double({ min: 0, max: 0.01, noNaN: true }) })
      .map((r) => ob.createOrderBook({ model: 'sqrtImpact', ...r })),
  );
  const scaleOf = (b: ReturnType<typeof ob.createOrderBook>, i: number) => {
    const base = b.model === 'depth' ? Math.max(...b.knotS.map(Math.abs)) : b.dailyVolume;
    return i === 0 ? base : base * b.mid;
  };

  it('amountOut is increasing and concave in amountIn, both directions', () => {
    fc.assert(
      fc.property(book, fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.integer({ min: 0, max: 1 }), (b, x, y, i) => {
        const sc = Math.min(scaleOf(b, i), 1e12);
        const lo = Math.min(x, y) * sc;
        const hi = Math.max(x, y) * sc;
        const out = (q: number) => ob.amountOut(b, i, 1 - i, q);
        // float noise of the curve's areas: ε at the scale of the whole book
        const tol = 1e-10 * out(hi) + 1e-13 * scaleOf(b, 1 - i);
        expect(out(hi)).toBeGreaterThanOrEqual(out(lo) - tol);
        expect(2 * out((lo + hi) / 2)).toBeGreaterThanOrEqual(out(lo) + out(hi) - tol);
      }),
      { numRuns: 200 },
    );
  });

  it('sellableTo(marginalRate(q)) ≈ q inside the book', () => {
    fc.assert(
      fc.property(book, fc.double({ min: 1e-6, max: 0.99, noNaN: true }), fc.integer({ min: 0, max: 1 }), (b, f, i) => {
        const cap = ob.capacity(b, i, 1 - i);
        const q = f * (cap === Infinity ? scaleOf(b, i) : cap);
        const back = ob.sellableTo(b, i, 1 - i, ob.marginalRate(b, i, 1 - i, q));
        // inverting a flat curve amplifies rounding: ε·(1/slope) at the book's scale
        expect(Math.abs(back - q)).toBeLessThanOrEqual(1e-8 * q + 1e-9 * scaleOf(b, i));
      }),
      { numRuns: 200 },
    );
  });

  it('no NaN, no negative amount, for zero and enormous trades', () => {
    fc.assert(
      fc.property(book, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true })), fc.integer({ min: 0, max: 1 }), (b, dx, i) => {
        const next = ob.apply(b, i, 1 - i, dx);
        for (const v of [ob.amountOut(b, i, 1 - i, dx), ob.marginalRate(b, i, 1 - i, dx), ob.spotPrice(next, 0, 1), ob.spotPrice(next, 1, 0), ...ob.holdings(next)]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(Number.isFinite(next.position)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { clearPurchases, clearSales } from '../../src/market/clearing.js';
import { createConcentrated } from '../../src/market/concentrated.js';
import { createConstantProduct } from '../../src/market/constant-product.js';
import { createOrderBook } from '../../src/market/order-book.js';
import { createStableswap } from '../../src/market/stableswap.js';
import type { VenueState } from '../../src/market/types.js';
import { amountOut, marginalRate, sellableTo } from '../../src/market/venue.js';

/** The clearing's calls of inverseMarginalIn while `record` is set: the venue, the hint asked (io[4]) and dx found (io[0]). */
const hints = vi.hoisted(() => ({ record: false, calls: [] as { venue: object; hint: number; dx: number }[] }));
vi.mock('../../src/market/venue.js', async (original) => {
  const m = await original<typeof import('../../src/market/venue.js')>();
  return {
    ...m,
    inverseMarginalIn: (state: VenueState, i: number, j: number, io: Float64Array) => {
      const hint = io[4]!;
      m.inverseMarginalIn(state, i, j, io);
      if (hints.record) hints.calls.push({ venue: state, hint, dx: io[0]! });
    },
  };
});

// Assets by index: 0 ETH, 1 USDC, 2 USDT, 3 stETH.
const ETH = 0;
const USDC = 1;
const USDT = 2;
const STETH = 3;
const prices = [2000, 1, 1, 2000];
const ids = ['ETH', 'USDC', 'USDT', 'stETH'];
const coins = (a: number, b: number) => ({ coins: [a, b], coinIds: [ids[a]!, ids[b]!] });

const cpPool = (x: number, y: number, fee = 0.003, pair: [number, number] = [ETH, USDC]) => createConstantProduct({ ...coins(...pair), reserves: [x, y], fee });

/** Ten venues of mixed kinds trading ETH (for USDC, USDT or stETH), all at the external price. */
function mixedVenues(scale = 1): VenueState[] {
  return [
    cpPool(5000 * scale, 10_000_000 * scale),
    cpPool(800 * scale, 1_600_000 * scale, 0.0005, [ETH, USDT]),
    createConcentrated({ ...coins(ETH, USDC), price: 2000, fee: 0.0005, ranges: [{ lower: 1500, upper: 1900, liquidity: 4e4 * scale }, { lower: 1900, upper: 2100, liquidity: 2e5 * scale }, { lower: 2100, upper: 2600, liquidity: 3e4 * scale }] }),
    createConcentrated({ ...coins(ETH, USDT), price: 2000, fee: 0.003, ranges: [{ lower: 1000, upper: 1800, liquidity: 1e4 * scale }, { lower: 1850, upper: 3000, liquidity: 5e4 * scale }] }),
    createStableswap({ ...coins(STETH, ETH), balances: [40_000 * scale, 38_000 * scale], A: 50, fee: 0.0004 }),
    createOrderBook({ ...coins(ETH, USDT), model: 'depth', mid: 2000, fee: 0.001, bids: [{ offset: 0.001, depth: 200 * scale }, { offset: 0.01, depth: 1500 * scale }, { offset: 0.05, depth: 4000 * scale }], asks: [{ offset: 0.001, depth: 200 * scale }, { offset: 0.05, depth: 4000 * scale }] }),
    createOrderBook({ ...coins(ETH, USDC), model: 'sqrtImpact', mid: 2000, fee: 0.001, dailyVolume: 200_000 * scale, volatility: 0.6 }),
    createOrderBook({ ...coins(ETH, USDT), model: 'sqrtImpact', mid: 2000, fee: 0.0002, dailyVolume: 80_000 * scale, volatility: 0.6, impactCoefficient: 0.8 }),
    cpPool(300 * scale, 600_000 * scale, 0.01),
    createConcentrated({ ...coins(USDC, ETH), price: 1 / 2000, fee: 0.0005, ranges: [{ lower: 1 / 2500, upper: 1 / 1600, liquidity: 2e3 * scale }] }),
  ];
}

/** USD marginal proceeds of the last unit each venue sold. */
function marginalUsd(venues: VenueState[], c: ReturnType<typeof clearSales>, k: number): number {
  return marginalRate(venues[k]!, c.coinIn[k]!, c.coinOut[k]!, c.amountsIn[k]!) * prices[venues[k]!.coins[c.coinOut[k]!]!]!;
}

describe('clearSales: closed forms', () => {
  it('two identical x·y = k pools share a sale equally', () => {
    const pools = [cpPool(5000, 10_000_000), cpPool(5000, 10_000_000)];
    const c = clearSales(pools, ETH, 300, { prices });
    expect(c.amountsIn[0]).toBeCloseTo(150, 9);
    expect(c.amountsIn[1]).toBeCloseTo(150, 9);
    // each pays getAmountOut(150): 0.997·150·1e7/(5000 + 0.997·150)
    const each = (0.997 * 150 * 1e7) / (5000 + 0.997 * 150);
    expect(c.usd).toBeCloseTo(2 * each, 5);
    expect(c.averagePrice).toBeCloseTo((2 * each) / 300, 9);
    expect(c.spotPrice).toBeCloseTo(2000, 9);
    expect(c.slippage).toBeCloseTo(1 - each / 150 / 2000, 12);
    // the common marginal price: γ·x·y/(x + γq)²
    expect(c.marginalPrice).toBeCloseTo((0.997 * 5000 * 1e7) / (5000 + 0.997 * 150) ** 2, 6);
  });

  it('x·y = k pools at one price share in proportion to their size: q_k = Q·x_k/Σx', () => {
    const pools = [cpPool(1000, 2_000_000), cpPool(3000, 6_000_000), cpPool(6000, 12_000_000)];
    const c = clearSales(pools, 'ETH', 500, { prices });
    expect(c.amountsIn[0]).toBeCloseTo(50, 8);
    expect(c.amountsIn[1]).toBeCloseTo(150, 8);
    expect(c.amountsIn[2]).toBeCloseTo(300, 8);
    expect(c.filled).toBeCloseTo(500, 10);
    expect(c.states[2]).not.toBe(pools[2]);
  });

  it('a venue whose best price is below the clearing price takes nothing', () => {
    const cheap = cpPool(1000, 1_500_000); // 1500 USDC per ETH: never reached by a small sale
    const c = clearSales([cpPool(5000, 10_000_000), cheap], ETH, 10, { prices });
    expect(c.amountsIn[1]).toBe(0);
    expect(c.states[1]).toBe(cheap);
    expect(c.amountsIn[0]).toBeCloseTo(10, 10);
  });

  it('venues paying different coins clear on USD: a pool paying a coin worth 0.5 USD gets the share its USD rate warrants', () => {
    // ETH/USDC at 2000 and ETH/X at 4000 X per ETH with X = 0.5 USD: the same USD price, the same size in USD
    const half = [2000, 1, 0.5, 2000];
    const pools = [cpPool(5000, 10_000_000), cpPool(5000, 20_000_000, 0.003, [ETH, USDT])];
    const c = clearSales(pools, ETH, 400, { prices: half });
    expect(c.amountsIn[0]).toBeCloseTo(200, 8);
    expect(c.byCoin.find((e) => e.coin === 'USDT')!.amount).toBeCloseTo(2 * c.byCoin.find((e) => e.coin === 'USDC')!.amount, 6);
  });

  it('receive restricts the coin received', () => {
    const venues = mixedVenues();
    const c = clearSales(venues, ETH, 100, { prices, receive: 'USDC' });
    venues.forEach((v, k) => {
      if (c.coinOut[k]! >= 0) expect(v.coinIds[c.coinOut[k]!]).toBe('USDC');
    });
    expect(c.coinOut[1]).toBe(-1);
    expect(c.byCoin.map((e) => e.coin)).toEqual(['USDC']);
  });

  it('selling more than venues of finite capacity hold fills them and reports the rest unfilled', () => {
    const v3 = createConcentrated({ ...coins(ETH, USDC), price: 2000, fee: 0.003, ranges: [{ lower: 1600, upper: 2500, liquidity: 10_000 }] });
    const book = createOrderBook({ ...coins(ETH, USDC), model: 'depth', mid: 2000, fee: 0.001, bids: [{ offset: 0.02, depth: 50 }], asks: [{ offset: 0.02, depth: 50 }] });
    const c = clearSales([v3, book], ETH, 1000, { prices });
    // v3 capacity 10000·(1/40 − 1/√2000)/0.997 = 26.4726…; the book 50
    const cap = (10_000 * (1 / 40 - 1 / Math.sqrt(2000))) / 0.997;
    expect(c.amountsIn[0]).toBeCloseTo(cap, 9);
    expect(c.amountsIn[1]).toBe(50);
    expect(c.unfilled).toBeCloseTo(1000 - 50 - cap, 9);
  });
});

describe('clearSales: ten venues of mixed kinds', () => {
  it('conserves the amount and leaves every venue that sells at one marginal price (1e-9)', () => {
    const venues = mixedVenues();
    for (const q of [0.01, 50, 2000, 40_000, 400_000]) {
      const c = clearSales(venues, ETH, q, { prices });
      expect(Math.abs(c.amountsIn.reduce((a, b) => a + b, 0) - q)).toBeLessThanOrEqual(1e-12 * q);
      expect(c.unfilled).toBeLessThanOrEqual(1e-12 * q);
      for (let k = 0; k < venues.length; k++) {
        if (c.coinIn[k]! < 0) continue;
        if (c.amountsIn[k]! > 0) {
          const mr = marginalUsd(venues, c, k);
          // a venue stopped at a jump of its curve (a v3 gap, a book's end) sits at or above the common price
          const onJump = sellableTo(venues[k]!, c.coinIn[k]!, c.coinOut[k]!, (c.marginalPrice * 0.999999) / prices[venues[k]!.coins[c.coinOut[k]!]!]!) <= c.amountsIn[k]! * (1 + 1e-12);
          if (onJump) expect(mr).toBeGreaterThanOrEqual(c.marginalPrice * (1 - 1e-9));
          else expect(Math.abs(mr / c.marginalPrice - 1)).toBeLessThan(1e-9);
        } else {
          expect(marginalRate(venues[k]!, c.coinIn[k]!, c.coinOut[k]!, 0) * prices[venues[k]!.coins[c.coinOut[k]!]!]!).toBeLessThanOrEqual(c.marginalPrice * (1 + 1e-9));
        }
      }
      // proceeds are what each venue pays for its amount
      c.amountsIn.forEach((dx, k) => {
        if (dx > 0) expect(c.amountsOut[k]).toBeCloseTo(amountOut(venues[k]!, c.coinIn[k]!, c.coinOut[k]!, dx), 6);
      });
    }
  });

  it('property: conservation and equal marginal prices for random sizes and liquidity', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (q, scale) => {
        const venues = mixedVenues(scale);
        const c = clearSales(venues, ETH, q, { prices });
        expect(Math.abs(c.filled + c.unfilled - q)).toBeLessThanOrEqual(1e-12 * q);
        expect(Math.abs(c.amountsIn.reduce((a, b) => a + b, 0) - c.filled)).toBeLessThanOrEqual(1e-12 * q);
        expect(Number.isFinite(c.marginalPrice) && c.marginalPrice >= 0).toBe(true);
        for (let k = 0; k < venues.length; k++) {
          const dx = c.amountsIn[k]!;
          if (!(dx > 0) || c.coinIn[k]! < 0) continue;
          const onJump = sellableTo(venues[k]!, c.coinIn[k]!, c.coinOut[k]!, (c.marginalPrice * 0.999999) / prices[venues[k]!.coins[c.coinOut[k]!]!]!) <= dx * (1 + 1e-12);
          const mr = marginalUsd(venues, c, k);
          if (onJump) expect(mr).toBeGreaterThanOrEqual(c.marginalPrice * (1 - 1e-9));
          else expect(Math.abs(mr / c.marginalPrice - 1)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a sale far beyond thin venues leaves the finite ones at capacity (regression: 206 112 ETH into venues at 1% scale)', () => {
    const venues = mixedVenues(0.01);
    const c = clearSales(venues, ETH, 206112.48919616058, { prices });
    expect(Math.abs(c.filled + c.unfilled - 206112.48919616058)).toBeLessThanOrEqual(1e-9);
    // the depth book is exhausted: 4000·0.01 ETH
    expect(c.amountsIn[5]).toBeCloseTo(40, 9);
    expect(marginalRate(venues[5]!, 0, 1, c.amountsIn[5]!)).toBeCloseTo(0.999 * 2000 * 0.95, 6);
  });

  it('no NaN for a zero and an enormous sale', () => {
    const venues = mixedVenues();
    const zero = clearSales(venues, ETH, 0, { prices });
    expect(zero.filled).toBe(0);
    expect(zero.averagePrice).toBe(0);
    expect(zero.states).toEqual(venues);
    const huge = clearSales(venues, ETH, 1e15, { prices });
    for (const v of [huge.filled, huge.unfilled, huge.usd, huge.averagePrice, huge.marginalPrice, huge.slippage]) expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(huge.filled + huge.unfilled - 1e15)).toBeLessThanOrEqual(1e3);
  });
});

describe('clearPurchases', () => {
  it('two identical x·y = k pools deliver an exact purchase equally', () => {
    const pools = [cpPool(5000, 10_000_000), cpPool(5000, 10_000_000)];
    // buy 100 ETH paying USDC
    const c = clearPurchases(pools, ETH, 100, { prices });
    expect(c.amountsOut[0]).toBeCloseTo(50, 9);
    expect(c.amountsOut[1]).toBeCloseTo(50, 9);
    // getAmountIn(50): 1e7·50/((5000 − 50)·0.997) USDC each
    const each = (1e7 * 50) / ((5000 - 50) * 0.997);
    expect(c.usd).toBeCloseTo(2 * each, 4);
    expect(c.byCoin).toEqual([{ asset: USDC, coin: 'USDC', amount: expect.closeTo(2 * each, 4) }]);
    expect(c.averagePrice).toBeCloseTo(each / 50, 8);
    expect(c.slippage).toBeCloseTo(each / 50 / 2000 - 1, 10);
  });

  it('conserves the amount bought and equalises the marginal USD cost across mixed venues', () => {
    const venues = mixedVenues();
    for (const q of [1, 300, 5000]) {
      const c = clearPurchases(venues, ETH, q, { prices });
      expect(Math.abs(c.filled - q)).toBeLessThanOrEqual(1e-9 * q);
      for (let k = 0; k < venues.length; k++) {
        const dy = c.amountsOut[k]!;
        if (!(dy > 0)) continue;
        const i = c.coinIn[k]!;
        const j = c.coinOut[k]!;
        // marginal USD cost of the last unit bought = price of the coin paid / marginal rate
        const cost = prices[venues[k]!.coins[i]!]! / marginalRate(venues[k]!, i, j, c.amountsIn[k]!);
        const onJump = sellableTo(venues[k]!, i, j, (prices[venues[k]!.coins[i]!]! / c.marginalPrice) * 0.999999) <= c.amountsIn[k]! * (1 + 1e-12);
        if (onJump) expect(cost).toBeLessThanOrEqual(c.marginalPrice * (1 + 1e-9));
        else expect(Math.abs(cost / c.marginalPrice - 1)).toBeLessThan(1e-8);
      }
    }
  });

  it('an impossible purchase fills at most maxFillShare of what unbounded venues hold', () => {
    const pool = cpPool(5000, 10_000_000);
    const c = clearPurchases([pool], ETH, 10_000, { prices });
    expect(c.filled).toBeCloseTo(5000 * 0.999, 6);
    expect(c.unfilled).toBeCloseTo(10_000 - 5000 * 0.999, 6);
    expect(Number.isFinite(c.usd)).toBe(true);
  });
});

describe('clearing: bad input', () => {
  it('refuses venues that do not trade the asset, bad amounts and missing prices', () => {
    expect(() => clearSales([cpPool(1, 1)], STETH, 1, { prices })).toThrow(/clearSales: venue "createConstantProduct" does not trade asset 3 \(coins ETH, USDC\)/);
    expect(() => clearSales([cpPool(1, 1)], ETH, -1)).toThrow('clearSales: amount must be a finite number >= 0, got -1');
    expect(() => clearSales([cpPool(1, 1)], ETH, NaN)).toThrow(/got NaN/);
    expect(() => clearSales([cpPool(1, 1)], ETH, 1, { prices: [2000] })).toThrow(/clearSales: expected a finite USD price > 0 for "USDC" \(asset 1\) in options.prices, got undefined/);
    expect(() => clearPurchases([cpPool(1, 1)], ETH, 1, { maxFillShare: 1 })).toThrow(/maxFillShare must be in \(0, 1\), got 1/);
    // The solve's tolerance and iteration limit: refused whatever the amount (a zero sale solves nothing, but is asked wrongly).
    for (const tolerance of [0, -1e-9, NaN, Infinity]) expect(() => clearSales([cpPool(1, 1)], ETH, 1, { tolerance })).toThrow(`clearSales: tolerance must be a finite number > 0, got ${tolerance}`);
    for (const maxIterations of [0, 2.5, NaN, -3]) expect(() => clearPurchases([cpPool(1, 1)], ETH, 0, { maxIterations })).toThrow(`clearPurchases: maxIterations must be an integer >= 1, got ${maxIterations}`);
    expect(() => clearSales([cpPool(1, 1)], ETH, 1, { receive: [] })).toThrow(/expected at least one coin to restrict to/);
    expect(() => clearSales(mixedVenues(), ETH, 1)).toThrow(/clearSales: venues pay different coins \("USDC", "USDT"\); expected options.prices/);
    // one coin received: no prices needed
    expect(clearSales([cpPool(10, 20_000), cpPool(5, 10_000)], ETH, 3).amountsIn[0]).toBeCloseTo(2, 9);
  });
});

describe('clearSales: the solve warm-starts each venue', () => {
  it('at the dx it found for that venue the step before (StableSwap’s hint, io[4])', () => {
    const venues = [0.5, 1, 3].map((w) => createStableswap({ ...coins(STETH, ETH), balances: [40_000 * w, 38_000 * w], A: 50 * w, fee: 0.0004 }));
    hints.calls.length = 0;
    hints.record = true;
    try {
      clearSales(venues, STETH, 30_000);
    } finally {
      hints.record = false;
    }
    const warm = hints.calls.filter((c) => c.hint !== 0);
    expect(warm.length).toBeGreaterThan(6);
    for (const c of warm) {
      const before = hints.calls.slice(0, hints.calls.indexOf(c)).filter((d) => d.venue === c.venue);
      expect(c.hint).toBe(before.at(-1)!.dx);
    }
  });
});

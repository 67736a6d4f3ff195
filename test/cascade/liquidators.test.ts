/**
 * The liquidator step's machinery (src/cascade/liquidators.ts):
 * - largestPayingPart returns what the 40-step bisection for the largest paying part of an offer returned (to 1e-9
 *   of the offer), for concave gains, with fewer evaluations; gains whose hump stays below 0 give 0, as the
 *   bisection did;
 * - quoteProceeds never changes the market;
 * - routeBestRate bounds the proceeds per token of any sale along a route (UniswapV2Library.getAmountOut: dy/dx at
 *   dx = 0 is y·(1 − fee)/x, the most a constant-product pool pays per unit);
 * - monotonePairs keeps only pairs whose route no other route of the protocol trades the other way;
 * - profitFloor memoises best rates and adds up what engines leave out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupKey } from '../../src/util/packed-keys.js';
import { decideGroup, largestPayingPart, monotonePairs, PARTIAL_TOLERANCE, profitFloor, quoteProceeds, resetFloor, routeBestRate } from '../../src/cascade/liquidators.js';
import type { Offer } from '../../src/protocols/engine.js';
import { cloneMarket, compileMarket, rebalanceMarket, routeBetween, sellAlongRoute } from '../../src/market/index.js';
import { parseNetwork } from '../../src/network/index.js';
import { lstNetwork } from '../market/network.js';
import { addSlot, groupRowsOf, slotOrder } from '../../src/cascade/groups.js';
import { newOfferBatch, pushOfferObject } from '../../src/protocols/batch.js';

/** The bisection decideGroup ran before (40 steps to 1e-9 of the offer), counting its evaluations. */
function bisection(gain: (x: number) => number, maxRepay: number): { x: number; evaluations: number } {
  let evaluations = 0;
  const g = (x: number) => (evaluations++, gain(x));
  let a = 0;
  let b = maxRepay;
  for (let it = 0; it < 40 && b - a > 1e-9 * maxRepay; it++) {
    const mid = (a + b) / 2;
    if (g(mid) >= 0) a = mid;
    else b = mid;
  }
  return { x: a > 0 && g(a) >= 0 ? a : 0, evaluations };
}

/** Proceeds of selling q into x·y = k with a fee (getAmountOut): concave. */
const cpmm = (x: number, y: number, fee: number) => (q: number) => (y * q * (1 - fee)) / (x + q * (1 - fee));

/** One ETH/USDC constant-product pool of 1,000 ETH and 2,000,000 USDC with this fee: the market of ETH (0) and USDC (1). */
function onePool(fee: number) {
  return compileMarket(
    parseNetwork({
      schemaVersion: 1,
      meta: { name: 'one pool', snapshotDate: '2025-10-01', synthetic: true },
      assets: [
        { id: 'ETH', symbol: 'ETH', price: 2000 },
        { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      ],
      venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [1000, 2_000_000], fee }],
    }),
  );
}

describe('largestPayingPart', () => {
  it('finds the bisection’s boundary (1e-9 of the offer) with fewer quotes, on constant-product proceeds', () => {
    let bisectionCalls = 0;
    let calls = 0;
    let found = 0;
    let none = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1e5, noNaN: true }), // pool's collateral
        fc.double({ min: 0.5, max: 2, noNaN: true }), // its price, debt per collateral
        fc.double({ min: 0, max: 0.01, noNaN: true }), // fee
        fc.double({ min: 0, max: 0.5, noNaN: true }), // already sold, share of the pool
        fc.double({ min: 1, max: 1.15, noNaN: true }), // collateral per debt at the oracle, bonus included, × the price
        fc.double({ min: 0.01, max: 3, noNaN: true }), // offer, share of the pool's debt side
        fc.double({ min: 5, max: 50, noNaN: true }), // gas, debt tokens (the cascade's default is $25 a liquidation)
        (x, price, fee, sold, bonus, size, gas) => {
          const P = cpmm(x, x * price, fee);
          const q0 = x * sold;
          const k = bonus / price; // collateral per unit of debt repaid
          const maxRepay = x * price * size;
          const base = P(q0);
          const gain = (r: number) => P(q0 + r * k) - base - r - gas;
          const gainAtMax = gain(maxRepay);
          fc.pre(gainAtMax < 0); // the whole offer does not pay: decideGroup asks for a part
          let n = 0;
          const got = largestPayingPart({ gain: (r) => (n++, gain(r)), maxRepay, gainAtMax, scale: base + maxRepay });
          const ref = bisection(gain, maxRepay);
          expect(Math.abs(got - ref.x)).toBeLessThanOrEqual(PARTIAL_TOLERANCE * maxRepay);
          if (got > 0) {
            expect(gain(got)).toBeGreaterThanOrEqual(0);
            found++;
          } else none++;
          calls += n;
          bisectionCalls += ref.evaluations;
        },
      ),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(10);
    expect(none).toBeGreaterThan(20);
    expect(calls).toBeLessThan(0.3 * bisectionCalls);
  });

  it('a gain whose hump stays below 0 gives 0 after a few halvings; a paying stretch ends where the gain crosses 0', () => {
    // gain(x) = −(x − 40)²/100 − 1: concave, −1 at best, −17 at 0 — nothing pays.
    let n = 0;
    expect(largestPayingPart({ gain: (x) => (n++, -((x - 40) ** 2) / 100 - 1), maxRepay: 100, gainAtMax: -37, scale: 100 })).toBe(0);
    expect(n).toBeLessThan(6);
    // gain(x) = 10 − (x − 40)²/10: pays on [30, 50]; the bisection from [0, 100] finds 50 (to 1e-7).
    const g = (x: number) => 10 - (x - 40) ** 2 / 10;
    const x = largestPayingPart({ gain: g, maxRepay: 100, gainAtMax: g(100), scale: 100 });
    expect(x).toBeCloseTo(50, 6);
    expect(x).toBe(bisection(g, 100).x);
  });

  it('refuses an offer with no size and a whole offer that pays', () => {
    expect(() => largestPayingPart({ gain: () => -1, maxRepay: 0, gainAtMax: -1, scale: 1 })).toThrow('largestPayingPart: maxRepay must be a finite number > 0, got 0');
    expect(() => largestPayingPart({ gain: () => 1, maxRepay: 1, gainAtMax: 1, scale: 1 })).toThrow(/largestPayingPart: gainAtMax must be < 0/);
  });
});

describe('quotes and best rates', () => {
  const WETH = 0;
  const USDC = 1;
  const WSTETH = 3;
  const market = () => {
    const net = lstNetwork();
    const m = compileMarket(net);
    rebalanceMarket(m, Float64Array.from(net.assets.map((a) => a.price)));
    return m;
  };

  it('quoteProceeds is the sale on a copy, and the market stays as it was', () => {
    const m = market();
    const venues = m.venues.slice();
    expect(quoteProceeds(m, WSTETH, USDC, 300)).toBe(sellAlongRoute(cloneMarket(m), routeBetween(m.routes, WSTETH, USDC), 300).received);
    expect(quoteProceeds(m, WETH, WETH, 3)).toBe(3);
    expect(quoteProceeds(m, WETH, USDC, 0)).toBe(0);
    m.venues.forEach((v, k) => expect(v).toBe(venues[k]));
  });

  it('routeBestRate bounds every sale’s proceeds per token, and is the pool’s y·(1 − fee)/x for one constant-product venue', () => {
    const m = market();
    for (const [from, to] of [
      [WSTETH, USDC],
      [WETH, USDC],
      [WSTETH, WETH],
    ] as const) {
      const best = routeBestRate(m, routeBetween(m.routes, from, to));
      for (const q of [1e-6, 1, 100, 5000]) expect(quoteProceeds(m, from, to, q) / q).toBeLessThanOrEqual(best * (1 + 1e-12));
      expect(quoteProceeds(m, from, to, 1e-6) / 1e-6).toBeGreaterThan(best * (1 - 1e-6)); // and is reached by a small sale
    }
    const p = onePool(0.003);
    expect(routeBestRate(p, routeBetween(p.routes, 0, 1))).toBeCloseTo(0.997 * 2000, 9); // 1,994 USDC per ETH
  });

  it('monotonePairs drops routes some other route trades the other way', () => {
    const m = market();
    const n = m.assetIds.length;
    // wstETH → USDC and ETH → USDC sell ETH for USDC on the same venues: both kept.
    expect([...monotonePairs(m, [[WSTETH, USDC], [WETH, USDC]])].sort()).toEqual([WSTETH * n + USDC, WETH * n + USDC].sort());
    // USDC → ETH buys ETH on them: all three dropped (sales of one could raise the rate of the other).
    expect([...monotonePairs(m, [[WSTETH, USDC], [WETH, USDC], [USDC, WETH]])]).toEqual([]);
    // A pair with itself is no sale at all.
    expect([...monotonePairs(m, [[WETH, WETH]])]).toEqual([]);
  });

  it('profitFloor: the route’s best rate for monotone pairs, Infinity otherwise, 1 for a pair with itself; with relisting every pair is bounded and the others are told apart', () => {
    const m = market();
    const n = m.assetIds.length;
    const f = profitFloor(m, new Set([WETH * n + USDC]), new Float64Array(n).fill(25));
    const eth = routeBestRate(m, routeBetween(m.routes, WETH, USDC));
    expect(f.bestRate(WETH, USDC)).toBe(eth);
    expect(f.bestRate(WSTETH, USDC)).toBe(Infinity);
    expect(f.bestRate(WETH, WETH)).toBe(1);
    expect(f.risers).toEqual([]);
    // With relisting a pair that is not monotone gets its rate too, and is named among the risers (checked before its decision).
    const r = profitFloor(m, new Set([WETH * n + USDC]), new Float64Array(n).fill(25), true);
    expect(r.bestRate(WSTETH, USDC)).toBe(routeBestRate(m, routeBetween(m.routes, WSTETH, USDC)));
    expect(r.bestRate(WETH, USDC)).toBe(eth);
    expect(r.risers).toEqual([WSTETH * n + USDC]);
    expect(r.given[WSTETH * n + USDC]).toBe(r.bestRate(WSTETH, USDC)); // memoised: asked once
    expect(r.risers).toEqual([WSTETH * n + USDC]);
    expect(Number.isNaN(r.given[USDC * n + WETH]!)).toBe(true);
  });

  it('profitFloor: a reset asks every pair again (a sale between turns moves the rate given) and forgets the risers', () => {
    const m = market();
    const n = m.assetIds.length;
    const gas = new Float64Array(n).fill(25);
    const f = profitFloor(m, new Set([WETH * n + USDC]), gas);
    const g = profitFloor(m, new Set([WETH * n + USDC]), gas, true);
    const before = f.bestRate(WETH, USDC);
    expect(g.bestRate(WETH, USDC)).toBe(before);
    sellAlongRoute(m, { from: 'ETH', to: 'USDC' }, 50);
    const after = routeBestRate(m, routeBetween(m.routes, WETH, USDC));
    expect(after).toBeLessThan(before);
    // Within a turn the floor keeps the rate it gave (the bound at listing); the next turn's floor asks again.
    expect(f.bestRate(WETH, USDC)).toBe(before);
    resetFloor(f, gas);
    expect(f.bestRate(WETH, USDC)).toBe(after);
    expect(f.given[WETH * n + USDC]).toBe(after);
    g.bestRate(WSTETH, USDC);
    expect(g.risers).toEqual([WSTETH * n + USDC]);
    resetFloor(g, gas);
    expect(g.risers).toEqual([]);
    expect(g.bestRate(WSTETH, USDC)).toBe(routeBestRate(m, routeBetween(m.routes, WSTETH, USDC)));
    expect(g.risers).toEqual([WSTETH * n + USDC]);
  });

  it('profitFloor: a reset forgets every pair the turn asked, not only the last, and a second reset those asked since the first', () => {
    const m = market();
    const n = m.assetIds.length;
    const gas = new Float64Array(n).fill(25);
    const fresh = (c: number, d: number) => routeBestRate(m, routeBetween(m.routes, c, d));
    const f = profitFloor(m, new Set([WETH * n + USDC]), gas, true);
    const eth = f.bestRate(WETH, USDC);
    f.bestRate(WSTETH, USDC);
    sellAlongRoute(m, { from: 'ETH', to: 'USDC' }, 50);
    expect(fresh(WETH, USDC)).toBeLessThan(eth);
    resetFloor(f, gas);
    expect(f.bestRate(WETH, USDC)).toBe(fresh(WETH, USDC));
    expect(f.bestRate(WSTETH, USDC)).toBe(fresh(WSTETH, USDC));
    resetFloor(f, gas);
    f.bestRate(WSTETH, USDC);
    expect(f.askedCount).toBe(1); // the pairs of this turn only: a reset does not let the list grow
    f.bestRate(WETH, USDC);
    sellAlongRoute(m, { from: 'ETH', to: 'USDC' }, 50);
    resetFloor(f, gas);
    expect(f.bestRate(WETH, USDC)).toBe(fresh(WETH, USDC));
  });

  it('slotOrder orders groups by ascending key, equal keys in group order (a stable sort), for any keys', () => {
    // Few distinct keys (ties) and wide ones; slotOrder only reads keys.
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 ** 40 })), { maxLength: 80 }), (keys) => {
        const expected = keys.map((_, g) => g).sort((a, b) => keys[a]! - keys[b]! || a - b);
        expect(slotOrder({ keys, start: [], rows: new Uint32Array(0), index: new Map() })).toEqual(expected);
      }),
    );
  });

  it('groups are decided by market, kind, collateral and debt asset (groupKey), whatever the listing order', () => {
    const m = market();
    const n = m.assetIds.length;
    const offer = (market: number, ref: number, c: number): Offer => ({ kind: 'liquidation', automatic: false, market, ref, collateralAsset: c, debtAsset: USDC, healthFactor: 0.9, maxRepay: 1, collateralPerDebt: 1, incentive: 0.05, takerShare: 1 });
    // Listed: market 1 ETH, then market 0 wstETH, then market 0 ETH (two offers), then an automatic one (in no group).
    const batch = newOfferBatch(1);
    for (const o of [offer(1, 2, WETH), offer(0, 4, WSTETH), offer(0, 6, WETH), offer(0, 9, WETH), { ...offer(0, 1, WETH), automatic: true }]) pushOfferObject(batch, o);
    const groups = groupRowsOf(batch, null, batch.count, n, { rowGroup: new Int32Array(1), groupRows: new Uint32Array(1) });
    const decided = slotOrder(groups).map((g) => Array.from(groups.rows.subarray(groups.start[g], groups.start[g + 1])));
    // Market 0 first; in it WETH (asset 0) before wstETH (asset 3); market 1 last. Rows keep their listing order.
    expect(decided).toEqual([[2, 3], [1], [0]]);
    expect(groups.keys[slotOrder(groups)[0]!]).toBe(groupKey(0, 0, WETH, USDC, n));
    // A slot added for a pair with no listed offer takes its place by key, empty.
    addSlot(groups, groupKey(0, 0, WETH + 1, USDC, n));
    addSlot(groups, groupKey(0, 0, WETH, USDC, n)); // already there: no second slot
    expect(slotOrder(groups).map((g) => groups.start[g + 1]! - groups.start[g]!)).toEqual([2, 0, 1, 1]);
  });
});

describe('the boundary of a group', () => {
  // One constant-product pool, 1,000 ETH / 2,000,000 USDC, no fee: P(Q) = 2e6·Q/(1000 + Q) USDC for Q ETH.
  const pool = () => onePool(0);
  const P = (q: number) => (2e6 * q) / (1000 + q);
  const offer = (ref: number, bonus: number, repay: number): Offer => ({ kind: 'liquidation', automatic: false, market: 0, ref, collateralAsset: 0, debtAsset: 1, healthFactor: 0.95, maxRepay: repay, collateralPerDebt: (1 + bonus) / 2000, incentive: bonus, takerShare: 1 });

  it('is searched from the top (1, 2, 4, … then bisection): on a queue where pays(m) is not monotone it stops at the first offer from the top that does not pay', () => {
    // In profit order: A (6%, 20,000 USDC), B (5%, 600 USDC: 30 USDC at the spot rate, above the 25 of gas, but not
    // after A's sale), C (4.9%, 10,000 USDC: pays even after A and B).
    const A = offer(0, 0.06, 20_000);
    const B = offer(1, 0.05, 600);
    const C = offer(2, 0.049, 10_000);
    const q = [0, 10.6, 10.6 + 0.315, 10.6 + 0.315 + 5.245];
    const gain = (k: number, o: Offer) => P(q[k]!) - P(q[k - 1]!) - o.maxRepay - 25;
    expect(gain(1, A)).toBeCloseTo(952.64, 2); // 2e6·10.6/1010.6 − 20,000 − 25
    expect(gain(2, B)).toBeCloseTo(-8.34, 2); // B does not pay after A
    expect(gain(3, C)).toBeCloseTo(186.72, 2); // C would
    const orders = decideGroup({ m: pool(), offers: [C, B, A], debtPriceUsd: 1, profitGating: true, gasUsd: 25, budgetUsd: Infinity });
    // A whole; B's largest paying part is none (its gas alone outweighs any part of it); the search never reaches C.
    expect(orders.map((o) => [o.offer.ref, o.repay])).toEqual([[0, 20_000]]);
  });

  it('takes every offer when the last one pays, and none when the first does not', () => {
    const small = [offer(0, 0.05, 2000), offer(1, 0.05, 1500), offer(2, 0.05, 1000)];
    // 2.3625 ETH in all; the last offer (0.525 ETH for 1,000 USDC) returns P(2.3625) − P(1.8375) = 1,045.6 USDC, above 1,025.
    expect(P(2.3625) - P(1.8375)).toBeCloseTo(1045.6, 1);
    expect(decideGroup({ m: pool(), offers: small, debtPriceUsd: 1, profitGating: true, gasUsd: 25, budgetUsd: Infinity }).map((o) => o.offer.ref)).toEqual([0, 1, 2]);
    // A single offer of 400,000 USDC (210 ETH) returns P(210) = 347,107 USDC: only a part of it pays.
    const big = decideGroup({ m: pool(), offers: [offer(0, 0.05, 400_000)], debtPriceUsd: 1, profitGating: true, gasUsd: 25, budgetUsd: Infinity });
    expect(big).toHaveLength(1);
    expect(big[0]!.repay).toBeLessThan(400_000);
    // At the largest paying part x the gain P(κx) − x − gas is 0 (to the bisection's width).
    const x = big[0]!.repay;
    expect(P((x * 1.05) / 2000) - x - 25).toBeGreaterThanOrEqual(0);
    expect(P(((x + 400_000 * 2 * PARTIAL_TOLERANCE) * 1.05) / 2000) - (x + 400_000 * 2 * PARTIAL_TOLERANCE) - 25).toBeLessThan(0);
  });
});

/**
 * Quote-only sales (src/market/clearing.ts `quoteSales`, src/market/routing.ts `quoteAlongRoute`): the proceeds a sale
 * would return — the same clearing and the same sums as clearSales / sellAlongRoute on a copy of the market, bit for
 * bit — with no trade record, no next venue states (unless a later hop trades on the venue again) and the market left
 * as it was. The reference is the full sale on a clone (docs/market.md §5–6).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearSales, quoteSales } from '../../src/market/clearing.js';
import { cloneMarket, compileMarket, drainVenue, rebalanceMarket, type MarketState } from '../../src/market/market-state.js';
import { routeBetween, type CompiledRoute } from '../../src/market/routing-table.js';
import { quoteAlongRoute, sellAlongRoute } from '../../src/market/routing.js';
import { lstNetwork } from './network.js';

const WETH = 0;
const USDC = 1;
const STETH = 2;
const WSTETH = 3;
const USDT = 4;

function market(): MarketState {
  const net = lstNetwork();
  const m = compileMarket(net);
  rebalanceMarket(m, Float64Array.from(net.assets.map((a) => a.price)));
  return m;
}

describe('quoteSales', () => {
  it('returns clearSales’s proceeds exactly, across venues of three kinds', () => {
    const m = market();
    const venues = [1, 2, 3].map((v) => m.venues[v]!);
    for (const q of [1e-9, 0.5, 37, 1234.5, 20_000]) {
      const c = clearSales(venues, WETH, q, { prices: m.externalPrices, receive: USDC });
      expect(quoteSales(venues, WETH, q, { prices: m.externalPrices, receive: USDC })).toBe(c.byCoin.reduce((s, e) => s + e.amount, 0));
    }
    expect(quoteSales(venues, WETH, 0, { prices: m.externalPrices, receive: USDC })).toBe(0);
  });

  it('with `next`, leaves clearSales’s next states too (a venue that takes nothing keeps its state; apply false keeps all)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 30_000, noNaN: true }), (q) => {
        const m = market();
        const venues = [1, 2, 3].map((v) => m.venues[v]!);
        const c = clearSales(venues, WETH, q, { prices: m.externalPrices, receive: USDC });
        const next: (typeof venues)[number][] = [];
        expect(quoteSales(venues, WETH, q, { prices: m.externalPrices, receive: USDC }, next)).toBe(c.byCoin.reduce((s, e) => s + e.amount, 0));
        expect(next.length).toBe(venues.length);
        next.forEach((s, k) => (c.amountsIn[k]! > 0 ? expect(s).toEqual(c.states[k]) : expect(s).toBe(venues[k])));
        quoteSales(venues, WETH, q, { prices: m.externalPrices, receive: USDC, apply: false }, next);
        next.forEach((s, k) => expect(s).toBe(venues[k]));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses what clearSales refuses, naming itself', () => {
    const m = market();
    expect(() => quoteSales([m.venues[1]!], WETH, -1, { receive: USDC })).toThrow(/quoteSales: amount/);
    expect(() => quoteSales([m.venues[0]!], USDC, 1, {})).toThrow(/quoteSales: venue "steth-eth" does not trade asset 1/);
  });
});

describe('quoteAlongRoute', () => {
  it('equals sellAlongRoute(cloneMarket(m), …).received bit for bit and leaves the market alone (redemption, Curve, three ETH/USDC venues)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 30_000, noNaN: true }), fc.boolean(), (q, drained) => {
        const m = market();
        if (drained) drainVenue(m, 'eth-usdc-v2');
        const venues = m.venues.slice();
        const route = routeBetween(m.routes, WSTETH, USDC);
        const quote = quoteAlongRoute(m, route, q);
        expect(quote).toBe(sellAlongRoute(cloneMarket(m), route, q).received);
        expect(quote).toBeGreaterThan(0);
        m.venues.forEach((v, k) => expect(v).toBe(venues[k]));
      }),
      { numRuns: 40 },
    );
  });

  it('a venue traded again by a later hop sees the earlier hop’s trade', () => {
    const m = market();
    // USDC → USDT → USDC on the same StableSwap pool: the second hop trades against the pool the first moved.
    const pool = Int32Array.of(4);
    const route: CompiledRoute = { from: USDC, to: USDC, hops: [{ from: USDC, to: USDT, venues: pool, redeemRate: 0 }, { from: USDT, to: USDC, venues: pool, redeemRate: 0 }] };
    const q = 2_000_000;
    const quote = quoteAlongRoute(m, route, q);
    expect(quote).toBe(sellAlongRoute(cloneMarket(m), route, q).received);
    // Round trip through the moved pool: the curve gives back what it took, less two fees of 0.01%.
    expect(quote).toBeLessThan(q * (1 - 0.0001) ** 2);
    expect(quote).toBeGreaterThan(q * (1 - 0.0001) ** 2 * (1 - 1e-6));
    // Quoted on the untouched pool, the second hop would pay the slippage a second time.
    const fresh = quoteAlongRoute(m, { from: USDT, to: USDC, hops: [route.hops[1]!] }, quoteAlongRoute(m, { from: USDC, to: USDT, hops: [route.hops[0]!] }, q));
    expect(fresh).toBeLessThan(quote * (1 - 1e-3));
  });

  it('a route with no active venue quotes 0; an amount of 0 quotes 0; a bad amount is refused', () => {
    const m = market();
    drainVenue(m, 'steth-eth');
    expect(quoteAlongRoute(m, routeBetween(m.routes, WSTETH, USDC), 10)).toBe(0);
    expect(quoteAlongRoute(m, routeBetween(m.routes, WETH, USDC), 0)).toBe(0);
    expect(() => quoteAlongRoute(m, routeBetween(m.routes, WETH, USDC), Number.NaN)).toThrow(/quoteAlongRoute: amount must be a finite number >= 0, got NaN/);
    expect(quoteAlongRoute(m, { from: STETH, to: WETH }, 0)).toBe(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/network/index.js';
import { clearSales } from '../../src/market/clearing.js';
import { cloneMarket, compileMarket, rebalanceMarket } from '../../src/market/market-state.js';
import { clearRound } from '../../src/market/round.js';
import { sellAlongRoute } from '../../src/market/routing.js';
import { get_dy } from '../../src/market/stableswap.js';
import { lstNetwork } from './network.js';

describe('clearRound: shared venues, route order', () => {
  it('wstETH → USDC and ETH → USDC share the ETH/USDC hop: one clearing of all the ETH, shared pro rata', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const fresh = cloneMarket(m);
    const round = clearRound(m, [
      { from: 'ETH', to: 'USDC', amount: 500 },
      { from: 'wstETH', to: 'USDC', amount: 100 },
    ]);
    expect(round.converged).toBe(true);
    expect(round.passes).toBe(1);
    // route order: the redemption and Curve hops come before the hop they feed
    expect(round.hops.map((h) => `${h.from}>${h.to}`)).toEqual(['3>2', '2>0', '0>1']);
    // independently: 120 stETH through Curve, then all the ETH in one clearing on the ETH/USDC venues
    const eth = get_dy(fresh.venues[0] as never, 0, 1, 120);
    const all = clearSales([1, 2, 3].map((v) => fresh.venues[v]!), 0, 500 + eth, { prices: fresh.externalPrices, receive: 1 });
    expect(round.hops[2]!.amountIn).toBeCloseTo(500 + eth, 9);
    expect(round.received[0]! + round.received[1]!).toBeCloseTo(all.usd, 5);
    // both orders get the same average price for their ETH
    expect(round.received[0]! / 500).toBeCloseTo(round.received[1]! / eth, 9);
    expect(round.stranded).toEqual([]);
  });

  it('differs from selling the orders one after the other only in who gets which price, not in the total', () => {
    const m = compileMarket(lstNetwork());
    rebalanceMarket(m);
    const seq = cloneMarket(m);
    const round = clearRound(m, [
      { from: 'ETH', to: 'USDC', amount: 800 },
      { from: 'ETH', to: 'USDC', amount: 200 },
    ]);
    const a = sellAlongRoute(seq, { from: 'ETH', to: 'USDC' }, 800);
    const b = sellAlongRoute(seq, { from: 'ETH', to: 'USDC' }, 200);
    // path independence of the total holds to the clearing's precision only approximately (a split sale re-equalises)
    expect((round.received[0]! + round.received[1]!) / (a.received + b.received)).toBeCloseTo(1, 4);
    expect(round.received[0]! / 800).toBeCloseTo(round.received[1]! / 200, 12);
  });

  it('refuses bad orders', () => {
    const m = compileMarket(lstNetwork());
    expect(() => clearRound(m, [{ from: 'ETH', to: 'USDC', amount: -5 }])).toThrow('clearRound: orders[0].amount must be a finite number >= 0, got -5');
    expect(() => clearRound(m, [{ from: 'ETH', to: 'XYZ', amount: 5 }])).toThrow(/clearRound: unknown asset "XYZ"/);
  });

  it('refuses a maxPasses that runs no pass (review: the scratch held the last call\'s outputs, returned as this one\'s)', () => {
    const m = compileMarket(lstNetwork());
    clearRound(cloneMarket(m), [{ from: 'ETH', to: 'USDC', amount: 50_000 }]);
    for (const maxPasses of [0, -1, Number.NaN, 1.5]) {
      expect(() => clearRound(cloneMarket(m), [{ from: 'ETH', to: 'USDC', amount: 1 }], { maxPasses })).toThrow(`clearRound: option maxPasses must be an integer >= 1, got ${String(maxPasses)}`);
    }
    expect(clearRound(cloneMarket(m), [{ from: 'ETH', to: 'USDC', amount: 1 }], { maxPasses: 1 }).passes).toBe(1);
  });
});

describe('clearRound: routes that feed each other in a cycle', () => {
  // Five stablecoins on a ring of x·y = k pools: A–B–C–D–E–A. Every two-step route is the unique shortest one,
  // and the five of them chain into a cycle of hops: AB→BC→CD→DE→EA→AB.
  const ids = ['A', 'B', 'C', 'D', 'E'];
  const ring = () =>
    compileMarket(
      parseNetwork({
        schemaVersion: 1,
        meta: { name: 'ring', snapshotDate: '2025-10-01', synthetic: true },
        assets: ids.map((id) => ({ id, symbol: id, price: 1, pegOf: { asset: 'USD', rate: 1 } })),
        venues: ids.map((id, k) => ({ id: `${id}${ids[(k + 1) % 5]}`, kind: 'constantProduct', coins: [id, ids[(k + 1) % 5]], reserves: [1e6, 1e6], fee: 0.003 })),
      }),
    );

  it('passes repeat until every hop’s input is consistent with what feeds it', () => {
    const m = ring();
    const start = cloneMarket(m);
    const orders = ids.map((id, k) => ({ from: id, to: ids[(k + 2) % 5]!, amount: 10_000 * (k + 1) }));
    const round = clearRound(m, orders, { tolerance: 1e-12 });
    expect(round.converged).toBe(true);
    expect(round.passes).toBeGreaterThan(1);
    // hop X→Y takes the order starting there plus what the order ending there got from its first hop
    const hop = (from: number, to: number) => round.hops.find((h) => h.from === from && h.to === to)!;
    for (let k = 0; k < 5; k++) {
      const first = hop(k, (k + 1) % 5);
      const prevOrder = (k + 4) % 5; // starts at k−1, its second hop is k → k+1
      const fed = hop(prevOrder, k).amountOut * (orders[prevOrder]!.amount / hop(prevOrder, k).amountIn);
      expect(first.amountIn / (orders[k]!.amount + fed)).toBeCloseTo(1, 9);
    }
    // the market is left at the states of the last pass: replaying its hops on the start states reproduces them
    const replay = cloneMarket(start);
    for (const h of round.hops) {
      const v = h.venues[0]!;
      const c = clearSales([replay.venues[v]!], h.from, h.amountIn, { prices: replay.externalPrices, receive: h.to });
      replay.venues[v] = c.states[0]!;
    }
    replay.venues.forEach((s, v) => expect(s).toEqual(m.venues[v]));
  });

  it('clears rounds of the same orders (the plan and its pass scratch reused) as fresh markets clear them, bit for bit', () => {
    // Every round after the first reuses the plan; its first pass reads the last pass's outputs as zeros, not the
    // last round's (the test fails when the scratch is not cleared between rounds).
    const amounts = fc.array(fc.double({ min: 0, max: 50_000, noNaN: true }), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(fc.subarray([0, 1, 2, 3, 4], { minLength: 2 }), fc.array(amounts, { minLength: 2, maxLength: 4 }), (chosen, rounds) => {
        const m = ring();
        for (const r of rounds) {
          const orders = chosen.map((k) => ({ from: ids[k]!, to: ids[(k + 2) % 5]!, amount: r[k]! }));
          const fresh = ring();
          fresh.venues = m.venues.slice();
          const expected = clearRound(fresh, orders);
          const got = clearRound(m, orders);
          expect(Array.from(got.received)).toEqual(Array.from(expected.received));
          expect(got.stranded).toEqual(expected.stranded);
          expect(got.passes).toBe(expected.passes);
          m.venues.forEach((s, v) => expect(s).toEqual(fresh.venues[v]));
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('clearRound: the plan remembered between rounds', () => {
  it('clears a sequence of rounds on one market as fresh markets (no remembered plan) clear each of them, bit for bit', () => {
    // Pairs of the lst network: ETH, USDC, stETH, wstETH, USDT (indices 0–4); some share hops, USDC → ETH runs against ETH → USDC.
    const pairs: [string, string][] = [['ETH', 'USDC'], ['wstETH', 'USDC'], ['stETH', 'ETH'], ['USDC', 'ETH'], ['wstETH', 'ETH'], ['ETH', 'USDT']];
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.nat(pairs.length - 1), fc.double({ min: 0, max: 50, noNaN: true })), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rounds) => {
        const m = compileMarket(lstNetwork());
        rebalanceMarket(m);
        for (const r of rounds) {
          const orders = r.map(([p, amount]) => ({ from: pairs[p]![0], to: pairs[p]![1], amount: pairs[p]![0] === 'USDC' ? amount * 2000 : amount }));
          // A fresh compile has its own route table: nothing remembered; its venues set to m's.
          const fresh = compileMarket(lstNetwork());
          fresh.venues = m.venues.slice();
          fresh.externalPrices.set(m.externalPrices);
          const expected = clearRound(fresh, orders);
          const got = clearRound(m, orders);
          expect(Array.from(got.received)).toEqual(Array.from(expected.received));
          expect(got.hops.map((h) => [h.from, h.to, h.amountIn, h.amountOut])).toEqual(expected.hops.map((h) => [h.from, h.to, h.amountIn, h.amountOut]));
          expect(got.passes).toBe(expected.passes);
        }
      }),
      { numRuns: 100 },
    );
  });
});

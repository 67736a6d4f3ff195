/**
 * GroupSearch (src/cascade/group-search.ts), the boundary of a group's paying offers:
 * - it finds the boundary the plain search finds — offers 1, 2, 4, … tested until one does not pay, then the last
 *   interval bisected, each test quoting both P(k) and P(k − 1) — on random groups of offers on a market of three
 *   venue kinds (x·y = k, Uniswap v3 ranges, an order book; lstNetwork), and the proceeds it quoted are the same numbers;
 * - it quotes exactly the plain search's quotes: a bound from concavity that spared P(k − 1) took another boundary on
 *   a group of dust offers after a break-even one (the quotes' rounding is absolute: docs/model.md §3.2), so sizes
 *   here reach down to dust and the gas is any amount;
 * - its quotes along a route prepared once a group (each hop's active venues and clearing options) are quoteProceeds'
 *   numbers bit for bit, on every pair of lstNetwork (one to four hops, a redemption), venues switched off, one
 *   search object going from market to market as it does from group to group;
 * - a group decided on its top, then listed whole and decided again (decideGroupRowsAgain: the search reads back the
 *   quotes of the one before) gets the orders decideGroupRows gives the whole group — also when the top's decision
 *   made no search and the search before it was of the same offers on another market (its quotes must not be read),
 *   and when the next group's search quotes the sizes the recalled one did (nothing kept carries over);
 * - decideLeftOut with an empty top lists the group whole and decides it afresh: the search before it, of the same
 *   offers on another market, is not the top's (left-out-check.ts recalls only after a decision on the top).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupSearch, quoteProceeds } from '../../src/cascade/group-search.js';
import { decideGroupRows, decideGroupRowsAgain, newOrderRows, type DecideRowsInput, type OrderRows } from '../../src/cascade/liquidators.js';
import { decideLeftOut } from '../../src/cascade/left-out-check.js';
import type { Relisting } from '../../src/cascade/relist.js';
import { KIND_LIQUIDATION, newOfferBatch, pushOfferObject } from '../../src/protocols/batch.js';
import { LeftOut } from '../../src/protocols/left-out.js';
import { groupKey } from '../../src/util/packed-keys.js';
import type { Offer } from '../../src/protocols/engine.js';
import { cloneMarket, compileMarket, rebalanceMarket, routeBetween, sellAlongRoute, type MarketState } from '../../src/market/index.js';
import { lstNetwork } from '../market/network.js';
import { routedPairs } from '../market/helpers.js';

const WETH = 0;
const USDC = 1;

/** The market after a sale of `sold` ETH (the search then starts on an already depressed pool). */
function marketAfter(sold: number): MarketState {
  const net = lstNetwork();
  const m = compileMarket(net);
  rebalanceMarket(m, Float64Array.from(net.assets.map((a) => a.price)));
  if (sold > 0) sellAlongRoute(m, routeBetween(m.routes, WETH, USDC), sold);
  return m;
}

/** The plain search on offers already in the order they are taken: its boundary, the proceeds it quoted, how many quotes. */
function plainBoundary(m: MarketState, offers: Offer[], gas: number): { lo: number; P: Map<number, number>; quotes: number } {
  const cumQ = [0];
  for (const o of offers) cumQ.push(cumQ[cumQ.length - 1]! + o.maxRepay * o.collateralPerDebt * o.takerShare);
  const P = new Map<number, number>([[0, 0]]);
  let quotes = 0;
  const proceeds = (k: number) => {
    if (!P.has(k)) {
      P.set(k, quoteProceeds(m, WETH, USDC, cumQ[k]!));
      quotes++;
    }
    return P.get(k)!;
  };
  const pays = (k: number) => proceeds(k) - proceeds(k - 1) >= offers[k - 1]!.maxRepay + gas;
  const n = offers.length;
  let lo = 0;
  let hi = -1;
  for (let k = 1; ; k = Math.min(2 * k, n)) {
    if (!pays(k)) {
      hi = k;
      break;
    }
    lo = k;
    if (k === n) break;
  }
  if (hi > 0)
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (pays(mid)) lo = mid;
      else hi = mid;
    }
  return { lo, P, quotes };
}

describe('GroupSearch', () => {
  it('finds the plain search’s boundary, on the same proceeds, with the same quotes', () => {
    const search = new GroupSearch();
    let boundaries = 0;
    fc.assert(
      fc.property(
        // A bonus falling (or staying) from offer to offer.
        fc.array(fc.record({ size: fc.oneof(fc.double({ min: 10, max: 3e5, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true })), step: fc.double({ min: 0, max: 2e-3, noNaN: true }) }), { minLength: 1, maxLength: 80 }),
        fc.double({ min: 0.06, max: 0.12, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3000, noNaN: true })),
        fc.oneof(fc.constantFrom(0, 5, 25, 100), fc.double({ min: 0, max: 100, noNaN: true })),
        (specs, topBonus, sold, gas) => {
          const m = marketAfter(sold);
          let bonus = topBonus;
          const offers: Offer[] = specs.map((s, k) => {
            bonus -= s.step;
            return { kind: 'liquidation', automatic: false, market: 0, ref: k, collateralAsset: WETH, debtAsset: USDC, healthFactor: 0.95, maxRepay: s.size, collateralPerDebt: (1 + bonus) / 2000, incentive: bonus, takerShare: 1 };
          });
          const batch = newOfferBatch(1);
          for (const o of offers) pushOfferObject(batch, o);
          search.heap.clear();
          for (let r = 0; r < offers.length; r++) search.heap.add(r, batch.collateralPerDebt[r]! * batch.takerShare[r]!, batch.maxRepay[r]!);
          search.heap.build();
          search.start(m, batch, WETH, USDC, gas);
          // The plain search takes them in profit order (ties: the larger first, then listing order; a stable sort).
          const ordered = [...offers].sort((a, b) => b.collateralPerDebt * b.takerShare - a.collateralPerDebt * a.takerShare || b.maxRepay - a.maxRepay);
          const want = plainBoundary(m, ordered, gas);
          const lo = search.boundary(offers.length);
          expect(lo).toBe(want.lo);
          // Every proceeds the search quoted is the plain search's number; P(lo), and P(lo + 1) when offer lo + 1 exists, are known (largestPayingPart reads them).
          for (let k = 0; k <= search.count; k++) if (!Number.isNaN(search.P[k]!)) expect(search.P[k]).toBe(want.P.get(k));
          expect(Number.isNaN(search.P[lo]!)).toBe(false);
          if (lo < offers.length) expect(Number.isNaN(search.P[lo + 1]!)).toBe(false);
          expect(search.quotes).toBe(want.quotes);
          if (lo > 2) boundaries++;
        },
      ),
      { numRuns: 200 },
    );
    expect(boundaries).toBeGreaterThan(20); // the searches went past the first offers
  });

  it('quotes along a route prepared once a group as quoteProceeds does, bit for bit, from market to market', () => {
    const base = marketAfter(0);
    const n = base.assetIds.length;
    const pairs = routedPairs(base);
    expect(pairs.length).toBeGreaterThan(12);
    const search = new GroupSearch();
    const batch = newOfferBatch(1);
    let multiHop = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            pair: fc.integer({ min: 0, max: pairs.length - 1 }),
            sold: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3000, noNaN: true })),
            off: fc.integer({ min: -1, max: 4 }),
            amounts: fc.array(fc.oneof(fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 1e-9, max: 1, noNaN: true })), { minLength: 1, maxLength: 6 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (groups) => {
          // One search object, group after group, each on its own market (as the venues move between groups of a turn).
          for (const g of groups) {
            const m = cloneMarket(marketAfter(g.sold));
            if (g.off >= 0) m.active[g.off] = 0;
            const [from, to] = pairs[g.pair]!;
            search.start(m, batch, from, to, 0);
            if (routeBetween(m.routes, from, to).hops.length > 1) multiHop++;
            for (const q of g.amounts) expect(search.quote(q)).toBe(quoteProceeds(m, from, to, q));
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(multiHop).toBeGreaterThan(50);
  });

  it('decides a group listed again whole, recalling the quotes of its top, as decideGroupRows decides it', () => {
    let recalled = 0;
    let noSearch = 0;
    fc.assert(
      fc.property(
        // Small groups (where a top of a few rows often pays nothing) and large ones, up to 60 rows.
        fc.oneof(...[6, 60].map((maxLength) => fc.array(fc.record({ size: fc.oneof(fc.constant(50_000), fc.double({ min: 10, max: 3e5, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true })), bonus: fc.constantFrom(0.01, 0.05, 0.05, 0.083), top: fc.boolean() }), { minLength: 1, maxLength }))),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 300, noNaN: true })),
        fc.double({ min: 5, max: 200, noNaN: true }),
        fc.constantFrom(0, 5, 100),
        (specs, sold, moved, gasUsd) => {
          const m = marketAfter(sold);
          const other = marketAfter(sold + moved);
          const batch = newOfferBatch(1);
          const offer = (s: (typeof specs)[number], k: number): Offer => ({ kind: 'liquidation', automatic: false, market: 0, ref: k, collateralAsset: WETH, debtAsset: USDC, healthFactor: 0.95, maxRepay: s.size, collateralPerDebt: (1 + s.bonus) / 2000, incentive: s.bonus, takerShare: 1 });
          // The top listing's rows, then the group listed whole (rows appended, as pairRows does), then a fresh copy.
          const top: number[] = [];
          specs.forEach((s, k) => {
            if (s.top) top.push(batch.count);
            pushOfferObject(batch, offer(s, k));
          });
          const whole = Uint32Array.from(specs, (_, k) => batch.count + k);
          specs.forEach((s, k) => pushOfferObject(batch, offer(s, k)));
          const input = (on: MarketState, rows: ArrayLike<number>): DecideRowsInput => ({ m: on, offers: batch, rows, debtPriceUsd: 1, profitGating: true, gasUsd, budgetUsd: Infinity });
          const orders = (o: OrderRows) => Array.from({ length: o.count }, (_, j) => [batch.ref[o.rows[j]!]!, o.repay[j]!]);
          const want = newOrderRows(1);
          decideGroupRows(input(m, whole), want);
          // The same offers decided on another market first: the quotes of its search are of the same sizes.
          const there = newOrderRows(1);
          decideGroupRows(input(other, whole), there);
          const first = newOrderRows(1);
          decideGroupRows(input(m, top), first);
          if (first.count === 0) noSearch++;
          const got = newOrderRows(1);
          decideGroupRowsAgain(input(m, whole), got);
          expect(orders(got)).toEqual(orders(want));
          if (first.count > 0 && want.count > 0) recalled++;
          // The next group's decideGroupRows recalls nothing, though the quotes kept are of the same sizes.
          const next = newOrderRows(1);
          decideGroupRows(input(other, whole), next);
          expect(orders(next)).toEqual(orders(there));
        },
      ),
      { numRuns: 200 },
    );
    expect(recalled).toBeGreaterThan(50);
    expect(noSearch).toBeGreaterThan(20);
  });

  it('reads nothing back when the top’s decision made no search, or when there was no top (the search before was of the same offers on another market)', () => {
    let differ = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(500_000), fc.double({ min: 1e5, max: 3e6, noNaN: true })), { minLength: 8, maxLength: 40 }),
        fc.double({ min: 50, max: 150, noNaN: true }),
        (sizes, moved) => {
          const m = marketAfter(0);
          const other = marketAfter(moved);
          const batch = newOfferBatch(1);
          const offer = (maxRepay: number, k: number): Offer => ({ kind: 'liquidation', automatic: false, market: 0, ref: k, collateralAsset: WETH, debtAsset: USDC, healthFactor: 0.95, maxRepay, collateralPerDebt: 1.005 / 2000, incentive: 0.005, takerShare: 1 });
          // A top of one dust offer (it cannot pay 100 USDC of gas: no search), then the group whole.
          pushOfferObject(batch, offer(1e-3, -1));
          sizes.forEach((size, k) => pushOfferObject(batch, offer(size, k)));
          const whole = Uint32Array.from(sizes, (_, k) => 1 + k);
          const input = (on: MarketState, rows: ArrayLike<number>): DecideRowsInput => ({ m: on, offers: batch, rows, debtPriceUsd: 1, profitGating: true, gasUsd: 100, budgetUsd: Infinity });
          const orders = (o: OrderRows) => Array.from({ length: o.count }, (_, j) => [batch.ref[o.rows[j]!]!, o.repay[j]!]);
          const want = newOrderRows(1);
          decideGroupRows(input(m, whole), want);
          const there = newOrderRows(1);
          decideGroupRows(input(other, whole), there);
          if (JSON.stringify(orders(there)) !== JSON.stringify(orders(want))) differ++;
          const first = newOrderRows(1);
          decideGroupRows(input(m, [0]), first);
          expect(first.count).toBe(0);
          const got = newOrderRows(1);
          decideGroupRowsAgain(input(m, whole), got);
          expect(orders(got)).toEqual(orders(want));
          // decideLeftOut with an empty top (the listing left every row out; they may pay: R·(P·spot − 1) > gas) after
          // the other market's search: it lists the group whole (rows appended) and decides it afresh.
          decideGroupRows(input(other, whole), newOrderRows(1));
          const left = new LeftOut(16);
          left.push(0, WETH, USDC, 3e6, 1.005 / 2000);
          const list = (_st: unknown, _ctx: unknown, _mk: number, _c: number, _d: number, out: typeof batch) => sizes.forEach((size, k) => pushOfferObject(out, offer(size, k)));
          const relist = { eng: { listPairBatch: list }, st: null, ctx: {}, floor: {}, offers: batch, sold: false, pausedUntil: null, now: 0 } as unknown as Relisting;
          const listed = newOrderRows(1);
          const n = m.assetIds.length;
          decideLeftOut(input(m, new Uint32Array(0)), listed, left, 0, relist, groupKey(0, KIND_LIQUIDATION, WETH, USDC, n), n);
          expect(orders(listed)).toEqual(orders(want));
        },
      ),
      { numRuns: 100 },
    );
    expect(differ).toBeGreaterThan(20); // the other market's quotes would have given other orders
  });
});

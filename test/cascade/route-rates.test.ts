/**
 * The quote market's route-rate memo (src/cascade/route-rates.ts) gives routeBestRate's double, bit for bit, after any
 * sequence of asks and sales (each sale followed by the writer's quoteWritten) — on random turns of lstNetwork, every
 * pair of assets with a route; the deciding's spot rate (liquidators.ts `spotRate`) reads the memo at the pair's own
 * key, asked in either direction between the asks of the profit floor's key (c·n + d); and the settlement counts a
 * write exactly when its quote market changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoRouteRate, newRouteRates, quoteWritten, type RouteRates } from '../../src/cascade/route-rates.js';
import { spotRate, type DecideRowsInput } from '../../src/cascade/liquidators.js';
import { newSettlement } from '../../src/cascade/settle.js';
import { compileKernel } from '../../src/cascade/kernel.js';
import { newFlows } from '../../src/cascade/record.js';
import { cloneMarket, compileMarket, rebalanceMarket, recoverMarket, routeBetween, sellAlongRoute } from '../../src/market/index.js';
import { newVenueRates, routeBestRate } from '../../src/market/routing.js';
import { lstNetwork } from '../market/network.js';
import { routedPairs } from '../market/helpers.js';
import { sharedVenue } from './networks.js';
import { parseNetwork } from '../../src/network/index.js';
import { newExecutionBatch, pushExecution } from '../../src/protocols/execution-batch.js';
import { KIND_LIQUIDATION } from '../../src/protocols/batch.js';

const net = lstNetwork();
const base = compileMarket(net);
rebalanceMarket(base, Float64Array.from(net.assets.map((a) => a.price)));
const n = base.assetIds.length;
const pairs = routedPairs(base);

const fresh = (m: typeof base, c: number, d: number) => routeBestRate(m, routeBetween(m.routes, c, d));

describe('memoRouteRate', () => {
  it('is routeBestRate bit for bit, asked in any order, whatever writes came between: sales, recovery, venues switched off and on', () => {
    const op = fc.oneof(
      fc.record({ ask: fc.integer({ min: 0, max: pairs.length - 1 }) }),
      fc.record({ sell: fc.integer({ min: 0, max: pairs.length - 1 }), amount: fc.double({ min: 0, max: 300, noNaN: true }) }),
      fc.record({ recover: fc.double({ min: 0, max: 3600, noNaN: true }) }),
      fc.record({ toggle: fc.integer({ min: 0, max: base.venues.length - 1 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const m = cloneMarket(base);
        const rates = newRouteRates(n);
        for (const o of ops) {
          if ('ask' in o) {
            const [c, d] = pairs[o.ask]!;
            expect(Object.is(memoRouteRate(rates, m, c * n + d, c, d), fresh(m, c, d))).toBe(true);
            continue;
          }
          if ('sell' in o) sellAlongRoute(m, routeBetween(m.routes, pairs[o.sell]![0], pairs[o.sell]![1]), o.amount);
          else if ('recover' in o) recoverMarket(m, o.recover);
          else m.active[o.toggle] = m.active[o.toggle] ? 0 : 1;
          quoteWritten(rates);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a route\'s venue rates: a slot is read again exactly when its venue\'s state changed (keyed by the state, not the venue)', () => {
    const m = cloneMarket(base);
    const [c, d] = pairs.find(([c, d]) => routeBetween(m.routes, c, d).hops.some((h) => h.venues.length > 0))!;
    const route = routeBetween(m.routes, c, d);
    const seen = newVenueRates(route);
    const before = routeBestRate(m, route, seen);
    expect(before).toBe(fresh(m, c, d));
    // A sale along the route replaces its venues' states: the rates read after it are the sold market's.
    sellAlongRoute(m, route, 200);
    const after = routeBestRate(m, route, seen);
    expect(after).toBe(fresh(m, c, d));
    expect(after).toBeLessThan(before);
    // A forged slot for a state still in place is read as is: the memo trusts the state, and only it.
    const j = seen.states.findIndex((x) => x !== null);
    seen.rates[j] = 1e9;
    expect(routeBestRate(m, route, seen)).toBeGreaterThan(after);
  });

  it('routes through one venue share its rate, read once a state: keyed by the state and both coins', () => {
    const m = cloneMarket(base);
    // Two pairs whose routes trade one venue the same way (a → b), and a pair whose route trades it the other way.
    const hops = pairs.flatMap(([c, d]) => routeBetween(m.routes, c, d).hops.flatMap((h) => Array.from(h.venues, (v) => ({ c, d, v, from: h.from, to: h.to }))));
    const first = hops.find((x) => hops.some((y) => y.v === x.v && y.from === x.from && y.to === x.to && (y.c !== x.c || y.d !== x.d)))!;
    const second = hops.find((y) => y.v === first.v && y.from === first.from && y.to === first.to && (y.c !== first.c || y.d !== first.d))!;
    const other = hops.find((y) => y.v === first.v && y.from === first.to && y.to === first.from)!;
    const rates = newRouteRates(n);
    memoRouteRate(rates, m, first.c * n + first.d, first.c, first.d);
    // A forged rate for the venue's state is what the second route reads (it reads no venue twice), and not the reverse route.
    rates.marginals!.rates[first.v] = 1e9;
    expect(memoRouteRate(rates, m, second.c * n + second.d, second.c, second.d)).toBeGreaterThan(fresh(m, second.c, second.d));
    expect(memoRouteRate(rates, m, other.c * n + other.d, other.c, other.d)).toBe(fresh(m, other.c, other.d));
  });

  it('a venue of three coins traded from one coin to either other: each route reads its own rate (the shared rate keyed by both coins)', () => {
    const peg = (id: string) => ({ id, symbol: id, price: 1, pegOf: { asset: 'USD', rate: 1 } });
    const three = parseNetwork({
      schemaVersion: 1,
      meta: { name: 'a three-coin pool', snapshotDate: '2025-10-01', synthetic: true },
      assets: [peg('DAI'), peg('USDC'), peg('USDT')],
      venues: [{ id: '3pool', kind: 'stableswap', coins: ['DAI', 'USDC', 'USDT'], balances: [5e7, 5e7, 5e7], A: 200, fee: 0.0001 }],
      protocols: [],
    });
    const m = compileMarket(three);
    const k = m.assetIds.length;
    const [dai, usdc, usdt] = ['DAI', 'USDC', 'USDT'].map((a) => m.assetIds.indexOf(a)) as [number, number, number];
    // A sale USDC → USDT leaves the pool uneven: DAI → USDC and DAI → USDT differ.
    sellAlongRoute(m, routeBetween(m.routes, usdc, usdt), 2e7);
    expect(fresh(m, dai, usdc)).not.toBe(fresh(m, dai, usdt));
    // Every pair asked after every other (each order of each two), a fresh memo each time.
    const all = [dai, usdc, usdt].flatMap((c) => [dai, usdc, usdt].filter((d) => d !== c).map((d) => [c, d] as const));
    for (const first of all)
      for (const [c, d] of all) {
        const rates = newRouteRates(k);
        memoRouteRate(rates, m, first[0] * k + first[1], first[0], first[1]);
        expect(Object.is(memoRouteRate(rates, m, c * k + d, c, d), fresh(m, c, d))).toBe(true);
      }
  });

  it('keys by pair: two pairs asked at one version each get their own rate', () => {
    const m = cloneMarket(base);
    const rates = newRouteRates(n);
    const [[c0, d0], [c1, d1]] = [pairs[0]!, pairs.find(([c, d]) => fresh(m, c, d) !== fresh(m, pairs[0]![0], pairs[0]![1]))!];
    memoRouteRate(rates, m, c0 * n + d0, c0, d0);
    expect(memoRouteRate(rates, m, c1 * n + d1, c1, d1)).toBe(fresh(m, c1, d1));
    expect(memoRouteRate(rates, m, c0 * n + d0, c0, d0)).toBe(fresh(m, c0, d0));
  });

  it('keys by version: a rate asked again after a sale is the sold market\'s', () => {
    const m = cloneMarket(base);
    const rates = newRouteRates(n);
    const [c, d] = pairs[0]!;
    const before = memoRouteRate(rates, m, c * n + d, c, d);
    sellAlongRoute(m, routeBetween(m.routes, c, d), 100);
    quoteWritten(rates);
    const after = memoRouteRate(rates, m, c * n + d, c, d);
    // Selling c for d lowers the best rate c → d.
    expect(after).toBeLessThan(before);
    expect(after).toBe(fresh(m, c, d));
  });
});

describe('spotRate', () => {
  it('is routeBestRate bit for bit with the memo or without, asked in either direction between the floor\'s asks of the memo', () => {
    // Pairs drawn half the time from the first few: a pair and its reverse asked at one version.
    const pair = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: pairs.length - 1 }));
    const op = fc.oneof(
      { arbitrary: fc.record({ spot: pair, reverse: fc.boolean() }), weight: 4 },
      { arbitrary: fc.record({ floor: pair }), weight: 2 },
      { arbitrary: fc.record({ sell: fc.integer({ min: 0, max: pairs.length - 1 }), amount: fc.double({ min: 0, max: 300, noNaN: true }) }), weight: 1 },
    );
    let reversed = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const m = cloneMarket(base);
        const rates = newRouteRates(n);
        const input = (r: RouteRates | null) => ({ m, rates: r }) as unknown as DecideRowsInput;
        const asked = new Set<number>();
        for (const o of ops) {
          if ('spot' in o) {
            const [c0, d0] = pairs[o.spot]!;
            const [c, d] = o.reverse && pairs.some(([a, b]) => a === d0 && b === c0) ? [d0, c0] : [c0, d0];
            if (asked.has(d * n + c)) reversed++;
            asked.add(c * n + d);
            expect(Object.is(spotRate(input(rates), c, d), fresh(m, c, d))).toBe(true);
            expect(Object.is(spotRate(input(null), c, d), fresh(m, c, d))).toBe(true);
          } else if ('floor' in o) {
            const [c, d] = pairs[o.floor]!;
            asked.add(c * n + d);
            expect(Object.is(memoRouteRate(rates, m, c * n + d, c, d), fresh(m, c, d))).toBe(true);
          } else {
            sellAlongRoute(m, routeBetween(m.routes, pairs[o.sell]![0], pairs[o.sell]![1]), o.amount);
            quoteWritten(rates);
            asked.clear();
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(reversed).toBeGreaterThan(60); // pairs asked after their reverse at one version
    expect(spotRate({ m: base, rates: newRouteRates(n) } as unknown as DecideRowsInput, 2, 2)).toBe(1);
  });
});

describe('the settlement\'s quote market counts its writes', () => {
  it('a sync that changes nothing keeps the version; a changed venue state or active flag moves it', () => {
    const k = compileKernel(sharedVenue());
    const m = cloneMarket(k.market);
    const settlement = newSettlement({ k, m, flows: k.protocols.map(() => newFlows(k.assetIds.length)), sellers: new Uint8Array(k.protocols.length).fill(1), liquidatorInventoryShare: 0, recordRounds: false, positions: null });
    const mp = Float64Array.from(k.assetIds, () => 1);
    settlement.startRound(mp, 0);
    settlement.quoteMarket();
    const v0 = settlement.quoteRates.version;
    settlement.startRound(mp, 1);
    settlement.quoteMarket();
    expect(settlement.quoteRates.version).toBe(v0);
    // The round's clearing replaced the pool's state: the next sync is a write.
    sellAlongRoute(m, routeBetween(m.routes, 0, 1), 10);
    settlement.startRound(mp, 2);
    settlement.quoteMarket();
    expect(settlement.quoteRates.version).toBe(v0 + 1);
    m.active[0] = 0;
    settlement.startRound(mp, 3);
    settlement.quoteMarket();
    expect(settlement.quoteRates.version).toBe(v0 + 2);
  });

  it('a sale booked since the last quote is a write: the rate asked after it is the sold quote market\'s', () => {
    const k = compileKernel(sharedVenue());
    const m = cloneMarket(k.market);
    const settlement = newSettlement({ k, m, flows: k.protocols.map(() => newFlows(k.assetIds.length)), sellers: new Uint8Array(k.protocols.length).fill(1), liquidatorInventoryShare: 0, recordRounds: false, positions: null });
    const mp = Float64Array.from(k.assetIds, () => 1);
    const [eth, usd] = [k.assetIds.indexOf('ETH'), k.assetIds.indexOf('USDC')];
    settlement.startRound(mp, 0);
    const quote = settlement.quoteMarket();
    const key = eth * k.assetIds.length + usd;
    const before = memoRouteRate(settlement.quoteRates, quote, key, eth, usd);
    // A liquidation whose taker receives 25 ETH, sold towards the debt asset within the round.
    const ex = newExecutionBatch();
    const r = pushExecution(ex, KIND_LIQUIDATION, 0, 0, eth, usd);
    ex.seized[r] = 25;
    ex.toTaker[r] = 25;
    ex.repaid[r] = 45_000;
    settlement.book(0, ex, r);
    const v = settlement.quoteRates.version;
    expect(settlement.quoteMarket()).toBe(quote);
    expect(settlement.quoteRates.version).toBe(v + 1);
    const after = memoRouteRate(settlement.quoteRates, quote, key, eth, usd);
    expect(after).toBe(fresh(quote, eth, usd));
    expect(after).toBeLessThan(before);
  });
});

/**
 * The cascade's one path (src/cascade/round/turn.ts, liquidators.ts): every engine lists, and carries out, in rows;
 * its object calls (objects.ts `withObjectCalls`) are an adapter over those rows. Nothing is lost between the two:
 * - a cascade gives bit-identical JSON when every engine's rows make a round trip through its object calls (offers
 *   read as objects and put back in rows, orders read as objects, executions put back in rows) — on a network of every
 *   family (generated aave-v3 3.3 with an e-mode, generic, morpho-blue, euler-v2, compound-v3 beside Maker clip and
 *   flip, Liquity v2 and a perp), under profit gating, without it, with keeper capacity, a gradual cap, a circuit
 *   breaker, liquidator inventory and zero-bid keepers; and on the example fixtures;
 * - decideGroupRows takes the decisions of a plain reference of the rule (reproduced below: the spot rate as the
 *   route's best rate, Array.prototype.sort with the byProfit comparator on every viable offer, the boundary searched
 *   from the top then bisected), on random groups of offers on a market;
 * - sortByProfit orders rows as Array.prototype.sort does with that comparator (a stable sort's output is unique).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadNetwork, PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { decideGroup, decideGroupRows, largestPayingPart, newOrderRows, quoteProceeds, routeBestRate, sortByProfit, type DecideInput } from '../../src/cascade/liquidators.js';
import { ProfitHeap } from '../../src/cascade/profit-order.js';
import { newOfferBatch, pushOfferObject } from '../../src/protocols/batch.js';
import type { Engine, Offer, Order } from '../../src/protocols/engine.js';
import type { ObjectEngine } from '../../src/protocols/objects.js';
import { rowsOverObjects } from './through-objects.js';
import { FAMILIES } from '../../src/protocols/registry.js';
import { compileMarket, rebalanceMarket, sellAlongRoute, routeBetween, type MarketState } from '../../src/market/index.js';
import type { Network, ProtocolFamily } from '../../src/network/schema/network.js';
import { lstNetwork } from '../market/network.js';
import { conservationGaps } from './conservation.js';
import { everyFamily } from './networks.js';

/** Where two JSON texts first differ, with some context; null when they are the same. */
function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: rows …${a.slice(Math.max(0, i - 80), i + 80)}… objects …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** The engine whose rows go through its object calls and back: what the object form would lose, the cascade loses. */
function throughObjects(e: Engine<unknown>): Engine<unknown> {
  const o = e as ObjectEngine<unknown>;
  if (!o.objectForms) return e;
  return rowsOverObjects({ ...o, listObjects: o.listLiquidatable, executeObjects: o.execute }, o.objectForms);
}

/** How many families' engines had forms to go through (the test must not pass by wrapping nothing). */
let wrapped = 0;

/** JSON of a cascade on the engines' rows, then with every engine's rows through its object calls. */
function bothWays(network: Network, scenario: Parameters<typeof simulateCascade>[1], options: Parameters<typeof simulateCascade>[2]): [string, string] {
  const rows = JSON.stringify(simulateCascade(network, scenario, options));
  for (const family of Object.keys(FAMILIES) as ProtocolFamily[]) {
    const rules = FAMILIES[family];
    const engine = rules.engine.bind(rules);
    vi.spyOn(rules, 'engine').mockImplementation((s) => {
      const e = engine(s);
      if ((e as ObjectEngine<unknown>).objectForms) wrapped++;
      return throughObjects(e);
    });
  }
  const objects = JSON.stringify(simulateCascade(network, scenario, options));
  vi.restoreAllMocks();
  return [rows, objects];
}

afterEach(() => vi.restoreAllMocks());

describe('a cascade gives the same JSON with every engine through its object calls', () => {
  const network = everyFamily();
  const shock = { name: 'ETH −30%, WBTC −25%', shocks: { ETH: -0.3, WBTC: -0.25 } };

  it('under profit gating (the defaults)', () => {
    wrapped = 0;
    const [on, off] = bothWays(network, shock, { exposure: 'none', maxRounds: 150 });
    expect(wrapped).toBeGreaterThanOrEqual(3); // maker, liquity, perp at least
    expect(JSON.parse(on).totals.liquidations).toBeGreaterThan(100); // the step had work: offers in every family
    expect(firstDifference(on, off)).toBeNull();
    expect(conservationGaps(JSON.parse(on))).toEqual([]); // every family's seized collateral accounted for (issue #20)
  });

  it('in the plain configuration, and with caps, a breaker, inventory and zero-bid keepers', () => {
    const plain = bothWays(network, { shocks: { ETH: -0.35 } }, { ...PLAIN_CONFIGURATION, exposure: 'none', maxRounds: 80 });
    expect(firstDifference(plain[0], plain[1])).toBeNull();
    const capped = bothWays(network, shock, {
      exposure: 'none',
      maxRounds: 120,
      keeperCapacityUsd: 2e6,
      gradualLiquidationUsd: 5e5,
      liquidatorInventoryShare: 0.3,
      stabilityPoolSellShare: 0.5,
      zeroBidKeepers: true,
      circuitBreaker: { fall: 0.1, windowSeconds: 600, pauseSeconds: 300 },
      sellers: ['aave', 'comet', 'sky', 'perpdex'],
    });
    expect(JSON.parse(capped[0]).protocols.some((p: { liquidations: number }) => p.liquidations > 0)).toBe(true);
    expect(firstDifference(capped[0], capped[1])).toBeNull();
    expect(conservationGaps(JSON.parse(plain[0]))).toEqual([]);
    expect(conservationGaps(JSON.parse(capped[0]))).toEqual([]); // inventory, a stability pool that sells half, non-sellers
  });

  it('on the example fixtures with a Maker book, with Shapley exposure', async () => {
    for (const f of ['fixtures/examples/stablecoin-peg-venue.json', 'fixtures/examples/two-lenders-shared-eth.json']) {
      const [on, off] = bothWays(await loadNetwork(f), { shocks: { ETH: -0.4 } }, {});
      expect(firstDifference(on, off)).toBeNull();
    }
  });
});

/** byProfit as decideGroup sorted with it before the batch path. */
const byProfit = (a: Offer, b: Offer) => b.collateralPerDebt * b.takerShare - a.collateralPerDebt * a.takerShare || b.maxRepay - a.maxRepay;

/** The object decideGroup before the batch path (the reference): a spot quote for every group, Array.prototype.sort. */
function referenceDecideGroup(d: DecideInput): Order[] {
  const cap = (list: Order[], budget: number): Order[] => {
    if (!(budget < Infinity)) return list;
    const out: Order[] = [];
    let left = budget;
    for (const o of list) {
      if (left <= 0) break;
      const repay = Math.min(o.repay, left);
      out.push({ offer: o.offer, repay });
      left -= repay;
    }
    return out;
  };
  const budget = d.debtPriceUsd > 0 ? d.budgetUsd / d.debtPriceUsd : 0;
  if (!d.profitGating) return cap([...d.offers].sort(byProfit).map((o) => ({ offer: o, repay: o.maxRepay })), budget);
  const first = d.offers[0];
  if (!first) return [];
  const from = first.collateralAsset;
  const to = first.debtAsset;
  const gas = d.debtPriceUsd > 0 ? d.gasUsd / d.debtPriceUsd : Infinity;
  // The spot rate: what a vanishing sale returns per unit (the route's best rate).
  const spot = from === to ? 1 : routeBestRate(d.m, routeBetween(d.m.routes, from, to));
  const viable = d.offers.filter((o) => o.maxRepay * (o.collateralPerDebt * o.takerShare * spot - 1) > gas);
  if (viable.length === 0) return [];
  viable.sort(byProfit);
  const cumQ = new Float64Array(viable.length + 1);
  for (let k = 0; k < viable.length; k++) cumQ[k + 1] = cumQ[k]! + viable[k]!.maxRepay * viable[k]!.collateralPerDebt * viable[k]!.takerShare;
  const P = new Float64Array(viable.length + 1).fill(Number.NaN);
  const proceeds = (k: number) => {
    let v = P[k]!;
    if (Number.isNaN(v)) P[k] = v = quoteProceeds(d.m, from, to, cumQ[k]!);
    return v;
  };
  const pays = (k: number) => proceeds(k) - proceeds(k - 1) >= viable[k - 1]!.maxRepay + gas;
  // Offers 1, 2, 4, … until one does not pay, then bisection of the last interval.
  let lo = 0;
  let hi = -1;
  for (let k = 1; ; k = Math.min(2 * k, viable.length)) {
    if (!pays(k)) {
      hi = k;
      break;
    }
    lo = k;
    if (k === viable.length) break;
  }
  if (hi > 0)
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (pays(mid)) lo = mid;
      else hi = mid;
    }
  const taken: Order[] = [];
  for (let k = 0; k < lo; k++) taken.push({ offer: viable[k]!, repay: viable[k]!.maxRepay });
  const next = viable[lo];
  if (next) {
    const k = next.collateralPerDebt * next.takerShare;
    const base = proceeds(lo);
    const gain = (x: number) => quoteProceeds(d.m, from, to, cumQ[lo]! + x * k) - base - x - gas;
    const repay = largestPayingPart({ gain, maxRepay: next.maxRepay, gainAtMax: proceeds(lo + 1) - base - next.maxRepay - gas, scale: base + next.maxRepay });
    if (repay > 0) taken.push({ offer: next, repay });
  }
  return cap(taken, budget);
}

describe('decideGroupRows takes the decisions of the object decideGroup before the batch path', () => {
  const WETH = 0;
  const USDC = 1;
  const WSTETH = 3;
  const net = lstNetwork();
  const base = compileMarket(net);
  rebalanceMarket(base, Float64Array.from(net.assets.map((a) => a.price)));

  /** The market after a sale of `sold` ETH (later offers see an already depressed pool). */
  const marketAfter = (sold: number): MarketState => {
    const m = compileMarket(net);
    rebalanceMarket(m, Float64Array.from(net.assets.map((a) => a.price)));
    if (sold > 0) sellAlongRoute(m, routeBetween(m.routes, WETH, USDC), sold);
    return m;
  };

  it('on random groups (sizes, bonuses, ties, budgets, gas, gating)', () => {
    let taken = 0;
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(WETH, WSTETH),
        // Small groups (where often nothing pays), three times in four, and large ones, up to 60 offers.
        fc.oneof(...[[6, 3], [60, 1]].map(([maxLength, weight]) => ({ weight: weight!, arbitrary: fc.array(fc.record({ size: fc.oneof(fc.constant(50_000), fc.double({ min: 10, max: 3e6, noNaN: true })), bonus: fc.constantFrom(0.01, 0.05, 0.05, 0.083), share: fc.constantFrom(1, 0.995) }), { minLength: 1, maxLength }) }))),
        fc.double({ min: 0.85, max: 1.05, noNaN: true }), // oracle price ÷ the pool's, for the collateral
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3000, noNaN: true })),
        fc.constantFrom(0, 25, 100, 2000),
        fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 2e6, noNaN: true })),
        fc.boolean(),
        (c, specs, oracle, sold, gasUsd, budgetUsd, profitGating) => {
          const m = marketAfter(sold);
          const pc = (c === WSTETH ? 2400 : 2000) * oracle;
          const offers: Offer[] = specs.map((s, k) => ({ kind: 'liquidation', automatic: false, market: 0, ref: k, collateralAsset: c, debtAsset: USDC, healthFactor: 0.95, maxRepay: s.size, collateralPerDebt: (1 + s.bonus) / pc, incentive: s.bonus, takerShare: s.share }));
          const d: DecideInput = { m, offers, debtPriceUsd: 1, profitGating, gasUsd, budgetUsd };
          const want = referenceDecideGroup(d);
          const batch = newOfferBatch(1);
          for (const o of offers) pushOfferObject(batch, o);
          const out = newOrderRows(1);
          decideGroupRows({ ...d, offers: batch, rows: Uint32Array.from(offers, (_, k) => k) }, out);
          const got = Array.from({ length: out.count }, (_, j) => ({ ref: out.rows[j]!, repay: out.repay[j]! }));
          expect(got).toEqual(want.map((o) => ({ ref: o.offer.ref, repay: o.repay })));
          expect(decideGroup(d)).toEqual(want);
          taken += want.length;
          if (profitGating && want.length === 0) skipped++;
        },
      ),
      { numRuns: 120 },
    );
    expect(taken).toBeGreaterThan(100);
    expect(skipped).toBeGreaterThan(5); // groups nothing pays for, where the spot quote is spared
  });

  it('near the spot boundary, where the route’s best rate decides whether the spot quote is taken', () => {
    // Small offers (little price impact) whose collateral per unit of debt times the spot rate is 1 + gas/size + u, u
    // within −0.05% … +0.2%: whether the first one pays its gas, at spot and after its own sale, hinges on the last
    // tenths of a percent of the rate — the margin the route's best rate must keep over the spot.
    let taken = 0;
    let none = 0;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 500, max: 5000, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: -5e-4, max: 2e-3, noNaN: true }),
        fc.double({ min: 0.5, max: 5, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2000, noNaN: true })),
        (sizes, u, gasUsd, sold) => {
          const m = marketAfter(sold);
          const spot = quoteProceeds(m, WETH, USDC, 1e-3) / 1e-3;
          const pc = (1.05 * spot) / (1 + gasUsd / sizes[0]! + u);
          const offers: Offer[] = sizes.map((size, k) => ({ kind: 'liquidation', automatic: false, market: 0, ref: k, collateralAsset: WETH, debtAsset: USDC, healthFactor: 0.97, maxRepay: size, collateralPerDebt: 1.05 / pc, incentive: 0.05, takerShare: 1 }));
          const d: DecideInput = { m, offers, debtPriceUsd: 1, profitGating: true, gasUsd, budgetUsd: Infinity };
          const want = referenceDecideGroup(d);
          const batch = newOfferBatch(1);
          for (const o of offers) pushOfferObject(batch, o);
          const out = newOrderRows(1);
          decideGroupRows({ ...d, offers: batch, rows: Uint32Array.from(offers, (_, k) => k) }, out);
          expect(Array.from({ length: out.count }, (_, j) => ({ ref: out.rows[j]!, repay: out.repay[j]! }))).toEqual(want.map((o) => ({ ref: o.offer.ref, repay: o.repay })));
          taken += want.length;
          if (want.length === 0) none++;
        },
      ),
      { numRuns: 150 },
    );
    expect(taken).toBeGreaterThan(20); // some groups pay …
    expect(none).toBeGreaterThan(20); // … and some do not
  });

  it('an empty group gets no order', () => {
    const out = newOrderRows();
    decideGroupRows({ m: base, offers: newOfferBatch(), rows: [], debtPriceUsd: 1, profitGating: true, gasUsd: 25, budgetUsd: Infinity }, out);
    expect(out.count).toBe(0);
  });
});

describe('sortByProfit and ProfitHeap', () => {
  it('order rows as Array.prototype.sort with byProfit does, ties in listing order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cpd: fc.constantFrom(1 / 1800, 1.05 / 1800, 1.1 / 1800, 0.001), share: fc.constantFrom(1, 0.995), size: fc.oneof(fc.constantFrom(1, 100, 5000), fc.double({ min: 0, max: 1e6, noNaN: true })) }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 7 }),
        (specs, skip) => {
          const offers: Offer[] = specs.map((s, k) => ({ kind: 'liquidation', automatic: false, market: 0, ref: k, collateralAsset: 0, debtAsset: 1, healthFactor: 0.9, maxRepay: s.size, collateralPerDebt: s.cpd, incentive: 0.05, takerShare: s.share }));
          const batch = newOfferBatch(1);
          for (const o of offers) pushOfferObject(batch, o);
          // A subset of rows in listing order, as a group's viable offers are.
          const rows = offers.map((_, k) => k).filter((k) => k % 8 !== skip);
          const want = rows.map((k) => offers[k]!).sort(byProfit).map((o) => o.ref);
          // The heap hands the rows out in the same order (the first few, as a decision draws them, then the rest).
          const heap = new ProfitHeap();
          for (const r of rows) heap.add(r, batch.collateralPerDebt[r]! * batch.takerShare[r]!, batch.maxRepay[r]!);
          heap.build();
          const popped: number[] = [];
          while (heap.left > 0) popped.push(heap.pop());
          expect(popped).toEqual(want);
          expect(() => heap.pop()).toThrow(/ProfitHeap.pop: the queue is empty/);
          sortByProfit(rows, batch);
          expect(rows).toEqual(want);
        },
      ),
      { numRuns: 150 },
    );
  });
});

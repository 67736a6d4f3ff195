/**
 * The cascade's batch path (src/cascade/run.ts, liquidators.ts): engines with `listLiquidatableBatch` /
 * `executeBatch` run the liquidator step on typed-array rows; switched off (`setBatchPath(false)`) the same engines
 * run on objects. Results must not change:
 * - a cascade gives bit-identical JSON either way — on a network of every family (generated aave-v3 3.3 with an
 *   e-mode, generic, morpho-blue, compound-v3 beside Maker clip and flip, Liquity v2 and a perp, which stay on objects),
 *   under profit gating, without it, and with keeper capacity, a gradual cap, a circuit breaker and liquidator
 *   inventory; on the example fixtures; and on random networks;
 * - decideGroupRows takes the decisions of a plain reference of the rule (reproduced below: the spot rate as the
 *   route's best rate, Array.prototype.sort with the byProfit comparator on every viable offer, the boundary searched
 *   from the top then bisected), on random groups of offers on a market;
 * - sortByProfit orders rows as Array.prototype.sort does with that comparator (a stable sort's output is unique).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNetwork, parseNetwork, PLAIN_CONFIGURATION, simulateCascade } from '../../src/index.js';
import { setBatchPath } from '../../src/cascade/run.js';
import { decideGroup, decideGroupRows, largestPayingPart, newOrderRows, quoteProceeds, routeBestRate, sortByProfit, type DecideInput } from '../../src/cascade/liquidators.js';
import { profitQueue } from '../../src/cascade/profit-order.js';
import { newOfferBatch, pushOfferObject } from '../../src/protocols/batch.js';
import type { Offer, Order } from '../../src/protocols/engine.js';
import { compileMarket, rebalanceMarket, sellAlongRoute, routeBetween, type MarketState } from '../../src/market/index.js';
import type { Network } from '../../src/network/schema/network.js';
import { lstNetwork } from '../market/network.js';
import { conservationGaps } from './conservation.js';
import { spiralJson } from './networks.js';

afterEach(() => {
  setBatchPath(true);
});

/** Where two JSON texts first differ, with some context; null when they are the same. */
function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: batch …${a.slice(Math.max(0, i - 80), i + 80)}… objects …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** JSON of a cascade with the batch path on, then off. */
function bothWays(network: Network, scenario: Parameters<typeof simulateCascade>[1], options: Parameters<typeof simulateCascade>[2]): [string, string] {
  setBatchPath(true);
  const on = JSON.stringify(simulateCascade(network, scenario, options));
  expect(setBatchPath(false)).toBe(true);
  const off = JSON.stringify(simulateCascade(network, scenario, options));
  setBatchPath(true);
  return [on, off];
}

const usdc = { id: 'USDC', symbol: 'USDC', price: 1, pegOf: { asset: 'USD', rate: 1 } };

/** A generator pair whose debt-weighted HF table starts just above 1 (the bench's HF_VOLATILE, shortened). */
function pair(collateral: string, debt: string, count: number, totalDebt: number, totalCollateral: number, emode?: number) {
  const healthFactors = [
    { quantile: 0, healthFactor: 1.02 },
    { quantile: 0.1, healthFactor: 1.2 },
    { quantile: 0.4, healthFactor: 1.6 },
    { quantile: 1, healthFactor: 3 },
  ];
  return { collateral, debt, ...(emode !== undefined ? { emode } : {}), count, totalDebt, totalCollateral, sizeLaw: { kind: 'lognormal', sigma: 1.2 }, healthFactors };
}

/** Every family in one network, a few hundred generated positions each (synthetic; parameters as in bench/cascade.bench.js). */
function everyFamily(): Network {
  const chainlink = { kind: 'external', heartbeatSeconds: 3600, deviation: 0.005 };
  const rate = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.6 };
  return parseNetwork({
    schemaVersion: 1,
    meta: { name: 'batch path: every family', snapshotDate: '2025-10-01', synthetic: true },
    assets: [
      { id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 },
      { id: 'wstETH', symbol: 'wstETH', price: 2400, pegOf: { asset: 'ETH', rate: 1.2, redeem: 'instant' } },
      { id: 'WBTC', symbol: 'WBTC', price: 60000, volatility: 0.45 },
      usdc,
      { id: 'DAI', symbol: 'DAI', price: 1, pegOf: { asset: 'USD', rate: 1 } },
      { id: 'BOLD', symbol: 'BOLD', price: 1, pegOf: { asset: 'USD', rate: 1 } },
    ],
    venues: [
      { id: 'eth-usdc', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [3000, 6_000_000], fee: 0.003, recoveryHalfLife: 600 },
      { id: 'eth-usdc-cex', kind: 'orderBook', coins: ['ETH', 'USDC'], fee: 0.001, recoveryHalfLife: 300, book: { model: 'sqrtImpact', dailyVolume: 20_000, impactCoefficient: 0.7 } },
      { id: 'wbtc-usdc', kind: 'constantProduct', coins: ['WBTC', 'USDC'], reserves: [100, 6_000_000], fee: 0.003, recoveryHalfLife: 900 },
      { id: 'dai-usdc', kind: 'stableswap', coins: ['DAI', 'USDC'], balances: [5e7, 5e7], A: 2000, fee: 0.0001 },
      { id: 'bold-usdc', kind: 'stableswap', coins: ['BOLD', 'USDC'], balances: [5e6, 5e6], A: 100, fee: 0.0004, recoveryHalfLife: 1800 },
    ],
    protocols: [
      {
        id: 'aave',
        family: 'aave-v3',
        version: '3.3',
        oracle: chainlink,
        reserves: [{ label: 'umbrella', kind: 'safetyModule', asset: 'USDC', amount: 1e6 }],
        markets: [
          {
            id: 'core',
            oracles: { wstETH: { kind: 'exchangeRate', base: 'ETH', heartbeatSeconds: 3600, deviation: 0.005 } },
            collaterals: [
              { asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
              { asset: 'wstETH', ltv: 0.785, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
              { asset: 'WBTC', ltv: 0.73, liquidationThreshold: 0.78, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
            ],
            borrowables: [
              { asset: 'ETH', supply: 40_000, rateModel: rate },
              { asset: 'USDC', supply: 2e8, rateModel: rate },
            ],
            emodes: [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }],
            generator: { seed: 1, pairs: [pair('ETH', 'USDC', 400, 6e7, 6e7 / (0.83 * 2000) * 1.5), pair('WBTC', 'USDC', 200, 2e7, 2e7 / (0.78 * 60000) * 1.5), pair('wstETH', 'ETH', 200, 10_000, 10_000 / (0.95 * 1.2) * 1.12, 1)] },
          },
        ],
      },
      {
        id: 'v2',
        family: 'generic',
        version: 'aave-v2',
        oracle: chainlink,
        markets: [
          {
            id: 'v2',
            closeFactor: 0.5,
            collaterals: [{ asset: 'ETH', liquidationThreshold: 0.86, liquidationBonus: 0.05 }],
            borrowables: [{ asset: 'USDC', supply: 1e8, rateModel: rate }],
            generator: { seed: 2, pairs: [pair('ETH', 'USDC', 300, 3e7, 3e7 / (0.86 * 2000) * 1.5)] },
          },
        ],
      },
      {
        id: 'morpho',
        family: 'morpho-blue',
        oracle: { kind: 'external' },
        markets: [
          {
            id: 'wbtc-usdc-86',
            collaterals: [{ asset: 'WBTC', lltv: 0.86 }],
            borrowables: [{ asset: 'USDC', supply: 5e7, rateModel: { model: 'morphoAdaptiveCurve', rateAtTarget: 0.045 } }],
            generator: { seed: 3, pairs: [pair('WBTC', 'USDC', 200, 1e7, 1e7 / (0.86 * 60000) * 1.4)] },
          },
        ],
      },
      {
        id: 'comet',
        family: 'compound-v3',
        oracle: chainlink,
        reserves: [{ label: 'reserves', kind: 'protocolReserves', asset: 'USDC', amount: 2e5, market: 'cusdc' }],
        markets: [
          {
            id: 'cusdc',
            storeFrontPriceFactor: 0.5,
            targetReserves: 5e6,
            collaterals: [
              { asset: 'ETH', borrowCollateralFactor: 0.825, liquidateCollateralFactor: 0.895, liquidationFactor: 0.95 },
              { asset: 'WBTC', borrowCollateralFactor: 0.7, liquidateCollateralFactor: 0.77, liquidationFactor: 0.95 },
            ],
            borrowables: [{ asset: 'USDC', supply: 5e7, rateModel: { model: 'none' } }],
            generator: { seed: 4, pairs: [pair('ETH', 'USDC', 200, 1e7, 1e7 / (0.895 * 2000) * 1.5), pair('WBTC', 'USDC', 100, 5e6, 5e6 / (0.77 * 60000) * 1.5)] },
          },
        ],
      },
      {
        id: 'sky',
        family: 'maker',
        version: 'clip',
        Hole: 5e7,
        oracle: { kind: 'market', delaySeconds: 3600, heartbeatSeconds: 3600 },
        reserves: [{ label: 'surplus buffer', kind: 'surplusBuffer', asset: 'DAI', amount: 1e6 }],
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: 1.45, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: 0.06 } }],
            dust: 7500,
            hole: 2e7,
            auction: { kind: 'clip', buf: 1.1, tail: 7200, cusp: 0.45, chip: 0.001, tip: 250, calc: { kind: 'StairstepExponentialDecrease', step: 90, cut: 0.99 } },
            generator: { seed: 5, pairs: [pair('ETH', 'DAI', 150, 1e7, (1e7 * 1.45) / 2000 * 1.6)] },
          },
        ],
      },
      {
        id: 'mcd-2020',
        family: 'maker',
        version: 'flip',
        oracle: { kind: 'external', delaySeconds: 3600 },
        reserves: [{ label: 'surplus buffer', kind: 'surplusBuffer', asset: 'DAI', amount: 5e5 }],
        markets: [
          {
            id: 'ETH-A',
            collaterals: [{ asset: 'ETH', mat: 1.5, chop: 1.13 }],
            borrowables: [{ asset: 'DAI', rateModel: { model: 'fixed', rate: 0 } }],
            auction: { kind: 'flip', beg: 1.03, ttl: 600, tau: 3 * 24 * 3600, lump: 50 },
            generator: { seed: 6, pairs: [pair('ETH', 'DAI', 60, 4e6, (4e6 * 1.5) / 2000 * 1.5)] },
          },
        ],
      },
      {
        id: 'liquity',
        family: 'liquity',
        version: 'v2',
        oracle: chainlink,
        markets: [
          {
            id: 'weth',
            collaterals: [{ asset: 'ETH', MCR: 1.1, CCR: 1.5, SCR: 1.1 }],
            borrowables: [{ asset: 'BOLD', rateModel: { model: 'fixed', rate: 0.055 } }],
            stabilityPool: 2e6,
            liquidationPenaltySP: 0.05,
            liquidationPenaltyRedistribution: 0.1,
            generator: { seed: 7, pairs: [pair('ETH', 'BOLD', 150, 5e6, (5e6 * 1.1) / 2000 * 1.5)] },
          },
        ],
      },
      {
        id: 'perpdex',
        family: 'perp',
        oracle: { kind: 'external' },
        reserves: [{ label: 'insurance fund', kind: 'insuranceFund', asset: 'USDC', amount: 20_000 }],
        markets: [
          {
            id: 'ETH-USD',
            collaterals: [{ asset: 'USDC' }],
            underlying: 'ETH',
            maintenanceMarginRatio: 0.05,
            liquidationFeeRatio: 0.01,
            positions: [
              { id: 'L1', margin: 3000, size: 10, entryPrice: 2000 },
              { id: 'L2', margin: 6000, size: 20, entryPrice: 2100 },
              { id: 'S1', margin: 900, size: -8, entryPrice: 1900 },
              { id: 'S2', margin: 5000, size: -15, entryPrice: 2000 },
            ],
          },
        ],
      },
    ],
  });
}

describe('a cascade gives the same JSON with the batch path off', () => {
  const network = everyFamily();
  const shock = { name: 'ETH −30%, WBTC −25%', shocks: { ETH: -0.3, WBTC: -0.25 } };

  it('under profit gating (the defaults)', () => {
    const [on, off] = bothWays(network, shock, { exposure: 'none', maxRounds: 150 });
    expect(JSON.parse(on).totals.liquidations).toBeGreaterThan(100); // the step had work: offers in every family
    expect(firstDifference(on, off)).toBeNull();
    expect(conservationGaps(JSON.parse(on))).toEqual([]); // every family's seized collateral accounted for (issue #20)
  });

  it('in the plain configuration, and with caps, a breaker and inventory', () => {
    const plain = bothWays(network, { shocks: { ETH: -0.35 } }, { ...PLAIN_CONFIGURATION, exposure: 'none', maxRounds: 80 });
    expect(firstDifference(plain[0], plain[1])).toBeNull();
    const capped = bothWays(network, shock, {
      exposure: 'none',
      maxRounds: 120,
      keeperCapacityUsd: 2e6,
      gradualLiquidationUsd: 5e5,
      liquidatorInventoryShare: 0.3,
      stabilityPoolSellShare: 0.5,
      circuitBreaker: { fall: 0.1, windowSeconds: 600, pauseSeconds: 300 },
      sellers: ['aave', 'comet', 'sky', 'perpdex'],
    });
    expect(JSON.parse(capped[0]).protocols.some((p: { liquidations: number }) => p.liquidations > 0)).toBe(true);
    expect(firstDifference(capped[0], capped[1])).toBeNull();
    expect(conservationGaps(JSON.parse(plain[0]))).toEqual([]);
    expect(conservationGaps(JSON.parse(capped[0]))).toEqual([]); // inventory, a stability pool that sells half, non-sellers
  });

  it('on the example fixtures and the spiral, with Shapley exposure', async () => {
    for (const f of ['fixtures/examples/two-lenders-shared-eth.json', 'fixtures/examples/holding-linked-protocols.json', 'fixtures/examples/stablecoin-peg-venue.json']) {
      const [on, off] = bothWays(await loadNetwork(f), { shocks: { ETH: -0.4 } }, {});
      expect(firstDifference(on, off)).toBeNull();
    }
    const [on, off] = bothWays(parseNetwork(spiralJson()), { shocks: { ETH: -0.2 } }, { ...PLAIN_CONFIGURATION, gasCostUsd: 0 });
    expect(firstDifference(on, off)).toBeNull();
  });

  it('on random networks', () => {
    const lender = (family: string, id: string, ps: { eth: number; ltv: number }[], lt: number) => {
      const positions = ps.map((p, k) => ({ id: `${id}-${k}`, collateral: { ETH: p.eth }, debt: { USDC: p.eth * 2000 * p.ltv * lt } }));
      const borrowables = [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'none' } }];
      const oracle = { kind: 'market', delaySeconds: 0, deviation: 0 };
      if (family === 'aave-v3') return { id, family, version: '3.3', oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', ltv: lt - 0.03, liquidationThreshold: lt, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }], borrowables, positions }] };
      if (family === 'morpho-blue') return { id, family, oracle, markets: [{ id: 'm', collaterals: [{ asset: 'ETH', lltv: lt }], borrowables, positions }] };
      if (family === 'compound-v3')
        return { id, family, oracle, reserves: [{ label: 'r', kind: 'protocolReserves', asset: 'USDC', amount: 5e4, market: 'm' }], markets: [{ id: 'm', collaterals: [{ asset: 'ETH', borrowCollateralFactor: lt - 0.05, liquidateCollateralFactor: lt, liquidationFactor: 0.95 }], borrowables, storeFrontPriceFactor: 0.5, targetReserves: 5e6, positions }] };
      return { id, family: 'generic', oracle, markets: [{ id: 'm', closeFactor: 0.5, collaterals: [{ asset: 'ETH', liquidationThreshold: lt, liquidationBonus: 0.05 }], borrowables, positions }] };
    };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('aave-v3', 'morpho-blue', 'compound-v3', 'generic'), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.record({ eth: fc.double({ min: 1, max: 400, noNaN: true }), ltv: fc.double({ min: 0.3, max: 0.98, noNaN: true }) }), { minLength: 1, maxLength: 10 }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 0.7, max: 0.9, noNaN: true }),
        fc.double({ min: 300, max: 20_000, noNaN: true }),
        fc.double({ min: -0.6, max: -0.05, noNaN: true }),
        fc.boolean(),
        (families, positions, lt, depth, move, gating) => {
          const network = parseNetwork({
            schemaVersion: 1,
            meta: { name: 'random', snapshotDate: '2025-10-01', synthetic: true },
            assets: [{ id: 'ETH', symbol: 'ETH', price: 2000, volatility: 0.6 }, usdc],
            venues: [{ id: 'pool', kind: 'constantProduct', coins: ['ETH', 'USDC'], reserves: [depth, depth * 2000], fee: 0.003, recoveryHalfLife: 300 }],
            protocols: families.map((f, k) => lender(f, `p${k}`, positions[k]!, lt)),
          });
          const [on, off] = bothWays(network, { shocks: { ETH: move } }, { exposure: 'none', profitGating: gating, gasCostUsd: 5, maxRounds: 100 });
          expect(firstDifference(on, off)).toBeNull();
        },
      ),
      { numRuns: 15 },
    );
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
        fc.array(fc.record({ size: fc.oneof(fc.constant(50_000), fc.double({ min: 10, max: 3e6, noNaN: true })), bonus: fc.constantFrom(0.01, 0.05, 0.05, 0.083), share: fc.constantFrom(1, 0.995) }), { minLength: 1, maxLength: 60 }),
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

describe('sortByProfit and profitQueue', () => {
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
          const queue = profitQueue(rows, batch);
          const popped: number[] = [];
          while (queue.size() > 0) popped.push(queue.pop());
          expect(popped).toEqual(want);
          expect(() => queue.pop()).toThrow(/empty/);
          sortByProfit(rows, batch);
          expect(rows).toEqual(want);
        },
      ),
      { numRuns: 150 },
    );
  });
});

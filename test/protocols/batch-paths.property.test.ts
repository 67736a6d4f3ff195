/**
 * The row calls and the object calls (objects.ts `withObjectCalls`, the adapter over the rows) of the position-store
 * engines (aave-v3 3.0 and 3.3, generic, euler-v2, morpho-blue, compound-v3) on random stores and price paths: two
 * clones of one state, one driven through listLiquidatable / execute, the other through listLiquidatableBatch /
 * executeBatch with the same orders (a random subset, in a random
 * order, partly filled), must list the same offers, report the same positions left out under a profit floor, return
 * the same executions field by field, and end with the same books — round after round, with interest in between.
 * The object calls' numbers are checked against the contracts' formulas in each engine's own tests; this checks that
 * the adapter between objects and rows loses nothing and reorders nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/network/schema/network.js';
import { aaveV3Engine } from '../../src/protocols/aave-v3/index.js';
import { compoundV3Engine } from '../../src/protocols/compound-v3/index.js';
import { eulerV2Engine } from '../../src/protocols/euler-v2/index.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import { morphoBlueEngine } from '../../src/protocols/morpho-blue/index.js';
import { newExecutionBatch, newOfferBatch, OFFER_KINDS, SIDE_NONE, type ExecutionBatch, type OfferBatch } from '../../src/protocols/batch.js';
import type { Execution, Offer, ProfitFloor, RoundContext } from '../../src/protocols/engine.js';
import type { ObjectEngine } from '../../src/protocols/objects.js';
import { cometNetwork, indexOf, networkOf, positionsFrom, pricesOf, roundContext, type TestAsset } from './helpers.js';

const RUNS = 50;

/** Offer row r as the fields of an Offer (read here, not through batch.ts's offerAt). */
function offerRow(b: OfferBatch, r: number) {
  return {
    kind: OFFER_KINDS[b.kind[r]!],
    automatic: b.automatic[r] === 1,
    market: b.market[r],
    ref: b.ref[r],
    collateralAsset: b.collateralAsset[r],
    debtAsset: b.debtAsset[r],
    healthFactor: b.healthFactor[r],
    maxRepay: b.maxRepay[r],
    collateralPerDebt: b.collateralPerDebt[r],
    incentive: b.incentive[r],
    takerShare: b.takerShare[r],
  };
}

const offerFields = (o: Offer) => ({
  kind: o.kind,
  automatic: o.automatic,
  market: o.market,
  ref: o.ref,
  collateralAsset: o.collateralAsset,
  debtAsset: o.debtAsset,
  healthFactor: o.healthFactor,
  maxRepay: o.maxRepay,
  collateralPerDebt: o.collateralPerDebt,
  incentive: o.incentive,
  takerShare: o.takerShare,
});

function executionRow(b: ExecutionBatch, r: number) {
  const badDebt: { asset: number; amount: number }[] = [];
  for (let k = b.badDebtStart[r]!; k < b.badDebtStart[r + 1]!; k++) badDebt.push({ asset: b.badDebtAsset[k]!, amount: b.badDebtAmount[k]! });
  return {
    kind: OFFER_KINDS[b.kind[r]!],
    market: b.market[r],
    ref: b.ref[r],
    collateralAsset: b.collateralAsset[r],
    debtAsset: b.debtAsset[r],
    repaid: b.repaid[r],
    seized: b.seized[r],
    toTaker: b.toTaker[r],
    protocolFee: b.protocolFee[r],
    toAbsorber: b.toAbsorber[r],
    redistributed: b.redistributed[r],
    gasCompensation: b.gasCompensation[r],
    bonus: b.bonus[r],
    badDebt,
    toReserves: b.toReserves[r],
    side: b.side[r] === SIDE_NONE ? undefined : b.side[r],
  };
}

const executionFields = (e: Execution) => ({
  kind: e.kind,
  market: e.market,
  ref: e.ref,
  collateralAsset: e.collateralAsset,
  debtAsset: e.debtAsset,
  repaid: e.repaid,
  seized: e.seized,
  toTaker: e.toTaker,
  protocolFee: e.protocolFee,
  toAbsorber: e.toAbsorber,
  redistributed: e.redistributed,
  gasCompensation: e.gasCompensation,
  bonus: e.bonus,
  badDebt: e.badDebt,
  toReserves: e.toReserves ?? 0,
  side: e.side,
});

/** A profit floor whose best rate is `factor` times the oracle's price ratio and whose gas is $5. */
function floorAt(factor: number, prices: Float64Array): ProfitFloor {
  return { bestRate: (c, d) => (factor * prices[c]!) / prices[d]!, gas: prices.map((p) => 5 / p) };
}

/** The offers of one market's pair, as listPairBatch lists them. */
function pairListing<S>(engine: ObjectEngine<S>, state: S, ctx: RoundContext, market: number, c: number, d: number): ReturnType<typeof offerRow>[] {
  const out = newOfferBatch(1);
  engine.listPairBatch!(state, ctx, market, c, d, out);
  return Array.from({ length: out.count }, (_, r) => offerRow(out, r));
}

interface Step {
  /** Price multipliers, one per shocked asset. */
  moves: number[];
  /** Orders: which offers (by a draw in [0, 1)), in which order, how much of each. */
  picks: { at: number; share: number }[];
  /** The profit floor's best rate ÷ the oracle price ratio; null: no floor. */
  floorRate: number | null;
  /** Order every offer too (last listed first; the shares of `picks` in turn, else in full). */
  everyOffer: boolean;
}

const step = (assets: number) =>
  fc.record({
    moves: fc.array(fc.double({ min: 0.45, max: 1.1, noNaN: true }), { minLength: assets, maxLength: assets }),
    picks: fc.array(fc.record({ at: fc.double({ min: 0, max: 0.999, noNaN: true }), share: fc.oneof(fc.constant(1), fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })) }), { maxLength: 30 }),
    floorRate: fc.option(fc.double({ min: 0.8, max: 1.1, noNaN: true }), { nil: null }),
    everyOffer: fc.boolean(),
  });

/**
 * Runs `steps` on two clones of `state`, A on the object path and B on the batch path, comparing all along. `shocked`
 * are the asset ids the moves apply to.
 */
interface Seen {
  executions: number;
  leftOut: number;
  badDebt: number;
}

function comparePaths<S>(engine: ObjectEngine<S>, network: Network, state: S, markets: number, shocked: string[], steps: Step[], seen: Seen): void {
  const a = engine.clone(state);
  const b = engine.clone(state);
  const listed = newOfferBatch(1);
  const moved = newExecutionBatch(1);
  const price: Record<string, number> = Object.fromEntries(network.assets.map((x) => [x.id, x.price]));
  steps.forEach((st, k) => {
    shocked.forEach((id, j) => (price[id] = price[id]! * st.moves[j]!));
    const prices = pricesOf(network, price);
    const base = roundContext(prices, markets, 60 * (k + 1));
    const ctxA: RoundContext = st.floorRate === null ? base : { ...base, profitFloor: floorAt(st.floorRate, prices) };
    const ctxB: RoundContext = st.floorRate === null ? base : { ...base, profitFloor: floorAt(st.floorRate, prices) };
    const offers = engine.listLiquidatable(a, ctxA);
    listed.count = 0;
    engine.listLiquidatableBatch!(b, ctxB, listed);
    expect(Array.from({ length: listed.count }, (_, r) => offerRow(listed, r))).toEqual(offers.map(offerFields));
    if (st.floorRate !== null) seen.leftOut += engine.listLiquidatable(engine.clone(a), base).length - offers.length;
    // A pair listed again (listPairBatch) gives the pair's offers, in the same order.
    const pairs = new Map(offers.map((o) => [`${o.market} ${o.collateralAsset} ${o.debtAsset}`, o]));
    const ofPair = (o: Offer, q: Offer) => o.market === q.market && o.collateralAsset === q.collateralAsset && o.debtAsset === q.debtAsset;
    if (engine.listPairBatch) for (const q of pairs.values()) expect(pairListing(engine, b, ctxB, q.market, q.collateralAsset, q.debtAsset)).toEqual(offers.filter((o) => ofPair(o, q)).map(offerFields));
    // The same orders on both: a subset in a random order (each offer at most once), partly filled.
    const taken = new Set<number>();
    const rows: number[] = [];
    const repay: number[] = [];
    const order = (r: number, share: number) => {
      if (taken.has(r)) return;
      taken.add(r);
      rows.push(r);
      repay.push(offers[r]!.maxRepay * share);
    };
    if (offers.length > 0) for (const p of st.picks) order(Math.floor(p.at * offers.length), p.share);
    if (st.everyOffer) for (let r = offers.length - 1; r >= 0; r--) order(r, st.picks[r % Math.max(1, st.picks.length)]?.share ?? 1);
    const ex = engine.execute(a, rows.map((r, j) => ({ offer: offers[r]!, repay: repay[j]! })), ctxA);
    moved.count = 0;
    moved.badDebtCount = 0;
    engine.executeBatch!(b, listed, Uint32Array.from(rows), Float64Array.from(repay), rows.length, ctxB, moved);
    expect(Array.from({ length: moved.count }, (_, r) => executionRow(moved, r))).toEqual(ex.map(executionFields));
    // Listed again in the same round, a pair leaves out the positions liquidated in it (one offer per position a round).
    const done = new Set(ex.map((e) => `${e.market} ${e.ref}`));
    if (engine.listPairBatch) for (const q of pairs.values()) expect(pairListing(engine, b, ctxB, q.market, q.collateralAsset, q.debtAsset)).toEqual(offers.filter((o) => ofPair(o, q) && !done.has(`${o.market} ${o.ref}`)).map(offerFields));
    seen.executions += ex.length;
    seen.badDebt += ex.filter((e) => e.badDebt.length > 0).length;
    expect(engine.totals(b)).toEqual(engine.totals(a));
    expect(engine.insolvency(b, prices)).toEqual(engine.insolvency(a, prices));
    engine.accrue(a, base);
    engine.accrue(b, base);
  });
  for (const book of engine.books?.(a) ?? []) {
    const other = engine.books!(b).find((x) => x.market === book.market)!;
    expect(Array.from(other.store.collAmount)).toEqual(Array.from(book.store.collAmount));
    expect(Array.from(other.store.debtAmount)).toEqual(Array.from(book.store.debtAmount));
    expect(other.borrowables).toEqual(book.borrowables);
  }
}

const AAVE_ASSETS: TestAsset[] = [
  { id: 'ETH', price: 2000 },
  { id: 'wstETH', price: 2400 },
  { id: 'DAI', price: 1 },
];
const RATE = { model: 'aaveTwoSlope', optimalUsageRatio: 0.9, baseVariableBorrowRate: 0, variableRateSlope1: 0.05, variableRateSlope2: 0.8 };

describe('batch path = object path', () => {
  it('aave-v3 (3.0 and 3.3, e-mode, multi-asset positions)', () => {
    const seen: Seen = { executions: 0, leftOut: 0, badDebt: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom<'3.0' | '3.3'>('3.0', '3.3'),
        fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(step(2), { minLength: 1, maxLength: 3 }),
        (version, u, count, steps) => {
          const positions = positionsFrom(u, count, AAVE_ASSETS, [{ id: 'USDC', price: 1 }, { id: 'DAI', price: 1 }, { id: 'ETH', price: 2000 }]);
          positions.forEach((p, i) => {
            if (Object.keys(p.debt).every((d) => d === 'ETH') && Object.keys(p.collateral).every((c) => c !== 'DAI') && i % 2 === 0) p.emode = 1;
          });
          const network = networkOf(AAVE_ASSETS, [
            {
              id: 'aave',
              family: 'aave-v3',
              version,
              markets: [
                {
                  id: 'core',
                  collaterals: [
                    { asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
                    { asset: 'wstETH', ltv: 0.785, liquidationThreshold: 0.81, liquidationBonus: 0.06, liquidationProtocolFee: 0.1 },
                    { asset: 'DAI', ltv: 0, liquidationThreshold: 0.77, liquidationBonus: 0.05, liquidationProtocolFee: 0.2, debtCeiling: 1e6 },
                  ],
                  borrowables: ['USDC', 'DAI', 'ETH'].map((asset) => ({ asset, supply: asset === 'ETH' ? 1e5 : 2e8, rateModel: RATE })),
                  emodes: [{ id: 1, label: 'ETH correlated', collaterals: [{ asset: 'wstETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }, { asset: 'ETH', ltv: 0.93, liquidationThreshold: 0.95, liquidationBonus: 0.01 }], borrowables: ['ETH'] }],
                  positions,
                },
              ],
            },
          ]);
          const state = aaveV3Engine.compile(network, network.protocols[0]!, indexOf(network));
          comparePaths(aaveV3Engine, network, state, 1, ['ETH', 'wstETH'], steps, seen);
        },
      ),
      { numRuns: RUNS },
    );
    // The property saw liquidations, offers left out under the floor, and a 3.3 deficit now and then.
    expect(seen.executions).toBeGreaterThan(20);
    expect(seen.leftOut).toBeGreaterThan(0);
  });

  it('generic (close factor 0.5 and 1, two markets)', () => {
    const seen: Seen = { executions: 0, leftOut: 0, badDebt: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(0.5, 1),
        fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 120 }),
        fc.integer({ min: 1, max: 25 }),
        fc.array(step(2), { minLength: 1, maxLength: 3 }),
        (closeFactor, u, count, steps) => {
          const assets: TestAsset[] = [
            { id: 'ETH', price: 2000 },
            { id: 'WBTC', price: 60000 },
          ];
          const market = (id: string, k: number) => ({
            id,
            closeFactor,
            collaterals: [
              { asset: 'ETH', liquidationThreshold: 0.8, liquidationBonus: 0.05 },
              { asset: 'WBTC', liquidationThreshold: 0.75, liquidationBonus: 0.1 },
            ],
            borrowables: ['USDC', 'ETH'].map((asset) => ({ asset, supply: 1e9, rateModel: RATE })),
            positions: positionsFrom(u.slice(k), count, assets, [{ id: 'USDC', price: 1 }, { id: 'ETH', price: 2000 }]),
          });
          const network = networkOf(assets, [{ id: 'v2', family: 'generic', markets: [market('a', 0), market('b', 7)] }]);
          const state = genericEngine.compile(network, network.protocols[0]!, indexOf(network));
          comparePaths(genericEngine, network, state, 2, ['ETH', 'WBTC'], steps, seen);
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.executions).toBeGreaterThan(20);
    expect(seen.leftOut).toBeGreaterThan(0);
  });

  it('euler-v2 (two vaults, a cool-off, debt socialised)', () => {
    const seen: Seen = { executions: 0, leftOut: 0, badDebt: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(0.05, 0.15, 0.2),
        fc.constantFrom(0, 90),
        fc.array(fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((x) => x / 1e6), { minLength: 40, maxLength: 120 }),
        fc.integer({ min: 1, max: 25 }),
        fc.array(step(2), { minLength: 1, maxLength: 3 }),
        (maxLiquidationDiscount, liquidationCoolOffTime, u, count, steps) => {
          const assets: TestAsset[] = [
            { id: 'ETH', price: 2000 },
            { id: 'WBTC', price: 60000 },
          ];
          // Half the accounts passed a status check at t = 0: the cool-off holds them back for the first rounds.
          const vault = (id: string, k: number) => ({
            id,
            collaterals: [
              { asset: 'ETH', liquidationLTV: 0.83 },
              { asset: 'WBTC', liquidationLTV: 0.75 },
            ],
            borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: RATE }],
            maxLiquidationDiscount,
            liquidationCoolOffTime,
            socializeDebt: true,
            positions: positionsFrom(u.slice(k), count, assets, [{ id: 'USDC', price: 1 }]).map((p, j) => (j % 2 === 0 ? { ...p, lastStatusCheck: 0 } : p)),
          });
          const network = networkOf(assets, [{ id: 'euler', family: 'euler-v2', markets: [vault('a', 0), vault('b', 7)] }]);
          const state = eulerV2Engine.compile(network, network.protocols[0]!, indexOf(network));
          comparePaths(eulerV2Engine, network, state, 2, ['ETH', 'WBTC'], steps, seen);
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.executions).toBeGreaterThan(20);
    expect(seen.leftOut).toBeGreaterThan(0);
    expect(seen.badDebt).toBeGreaterThan(0);
  });

  it('morpho-blue (two markets, bad debt realised)', () => {
    const seen: Seen = { executions: 0, leftOut: 0, badDebt: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(0.77, 0.86, 0.945),
        fc.array(fc.record({ coll: fc.double({ min: 0.01, max: 500, noNaN: true }), hf: fc.double({ min: 0.5, max: 2.5, noNaN: true }) }), { minLength: 1, maxLength: 20 }),
        fc.array(step(1), { minLength: 1, maxLength: 4 }),
        (lltv, ps, steps) => {
          const market = (id: string, k: number) => ({
            id,
            collaterals: [{ asset: 'ETH', lltv }],
            borrowables: [{ asset: 'USDC', supply: 1e9, rateModel: { model: 'fixed', rate: 0.08 } }],
            positions: ps.map((p, j) => ({ id: `p${j}`, collateral: { ETH: p.coll * (1 + k) }, debt: { USDC: (p.coll * 2000 * lltv) / p.hf } })),
          });
          const network = networkOf([{ id: 'ETH', price: 2000 }], [{ id: 'm', family: 'morpho-blue', markets: [market('x', 0), market('y', 0.1)] }]);
          const state = morphoBlueEngine.compile(network, network.protocols[0]!, indexOf(network));
          comparePaths(morphoBlueEngine, network, state, 2, ['ETH'], steps, seen);
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.executions).toBeGreaterThan(20);
    expect(seen.leftOut).toBeGreaterThan(0);
    expect(seen.badDebt).toBeGreaterThan(0);
  });

  it('compound-v3 (absorbs, one row per collateral, store-front purchases)', () => {
    const seen: Seen = { executions: 0, leftOut: 0, badDebt: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.record({ eth: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true })), btc: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 3, noNaN: true })), hf: fc.double({ min: 0.6, max: 2, noNaN: true }) }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.array(step(2), { minLength: 1, maxLength: 4 }),
        (accounts, reserves, steps) => {
          const positions = accounts.map((a, k) => {
            const weighted = a.eth * 2000 * 0.895 + a.btc * 60000 * 0.77;
            return { id: `p${k}`, collateral: { ...(a.eth > 0 ? { ETH: a.eth } : {}), ...(a.btc > 0 ? { BTC: a.btc } : {}) }, debt: { USDC: weighted > 0 ? weighted / a.hf : 1000 * a.hf } };
          });
          const network = cometNetwork(positions, { reserves, targetReserves: 5e5 });
          const state = compoundV3Engine.compile(network, network.protocols[0]!, indexOf(network));
          comparePaths(compoundV3Engine, network, state, 1, ['ETH', 'BTC'], steps, seen);
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.executions).toBeGreaterThan(20);
    expect(seen.badDebt).toBeGreaterThan(0);
  });
});

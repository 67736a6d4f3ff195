/**
 * The batch path's buffers (src/protocols/batch.ts) and the engines' batch calls on worked examples:
 * - OfferBatch / ExecutionBatch rows grow, keep their values exactly, materialise to the objects of the object path,
 *   and keep a row's bad debt apart from the next row's; bad input is refused;
 * - an Aave v3.3 liquidation through listLiquidatableBatch / executeBatch gives the numbers of
 *   LiquidationLogic.executeLiquidationCall (close factor 50% of the total debt while HF > 0.95 and both reserves are
 *   worth >= $2,000: aave-dao/aave-v3-origin LiquidationLogic.sol L49-L64), WETH's parameters (LT 83%, bonus 5%, protocol
 *   fee 10%: protocol-params.md §1.2, key A0);
 * - a Comet absorb of a two-collateral account writes one row per collateral (Comet.absorbInternal: every collateral,
 *   deltaBalance = Σ amount·price·liquidationFactor / basePrice; cUSDCv3 WETH 0.895/0.95 and WBTC 0.77/0.95:
 *   protocol-params.md §3.2).
 */
import { describe, expect, it } from 'vitest';
import {
  addBadDebt,
  clearExecutionBatch,
  clearOfferBatch,
  executionAt,
  executionsOf,
  KIND_ABSORB,
  KIND_LIQUIDATION,
  newExecutionBatch,
  newOfferBatch,
  offerAt,
  offerKindCode,
  offerKindName,
  offersOf,
  OFFER_KINDS,
  pushExecution,
  pushExecutionObject,
  pushLiquidation,
  fillLiquidationDefaults,
  SIDE_NONE,
  pushOffer,
  pushOfferObject,
  reserveOffers,
} from '../../src/protocols/batch.js';
import type { Execution, Offer } from '../../src/protocols/engine.js';
import { aaveV3Engine } from '../../src/protocols/aave-v3/index.js';
import { compoundV3Engine } from '../../src/protocols/compound-v3/index.js';
import { genericEngine } from '../../src/protocols/generic/index.js';
import { morphoBlueEngine } from '../../src/protocols/morpho-blue/index.js';
import { createMakerEngine } from '../../src/protocols/maker/index.js';
import { FAMILIES } from '../../src/protocols/registry.js';
import type { ObjectCalls } from '../../src/protocols/objects.js';
import { assetAt, cometNetwork, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

describe('OfferBatch', () => {
  it('grows by doubling, keeps every field exactly and materialises the object path’s Offer', () => {
    const b = newOfferBatch(1);
    for (let k = 0; k < 100; k++) pushOffer(b, k % 4, k % 3 === 0, k % 5, 1000 + k, k % 7, 7 + (k % 2), 0.9 + k * 1e-3, 1 / 3 + k, Math.PI * k, 0.05, 1 - 1 / (k + 2));
    expect(b.count).toBe(100);
    expect(b.kind.length).toBeGreaterThanOrEqual(100);
    const o = offerAt(b, 37, 'liquidate');
    // k = 37: kind 1 (auction), not automatic (37 % 3 = 1), market 2, ref 1037, assets 2 and 8.
    expect(o).toStrictEqual({
      kind: 'auction',
      automatic: false,
      market: 2,
      ref: 1037,
      collateralAsset: 2,
      debtAsset: 8,
      healthFactor: 0.9 + 37e-3,
      maxRepay: 1 / 3 + 37,
      collateralPerDebt: Math.PI * 37,
      incentive: 0.05,
      takerShare: 1 - 1 / 39,
      action: 'liquidate',
    });
    expect(Object.keys(offerAt(b, 0))).toEqual(['kind', 'automatic', 'market', 'ref', 'collateralAsset', 'debtAsset', 'healthFactor', 'maxRepay', 'collateralPerDebt', 'incentive', 'takerShare']);
    const all = offersOf(b, ['a0', undefined, 'a2']);
    expect(all.map((x) => x.action)).toEqual(Array.from({ length: 100 }, (_, k) => [`a0`, undefined, 'a2', undefined][k % 4]));
    clearOfferBatch(b);
    expect(b.count).toBe(0);
    expect(offersOf(b)).toEqual([]);
  });

  it('copies an Offer object in and out unchanged', () => {
    const offer: Offer = { kind: 'absorb', automatic: true, market: 3, ref: 123_456, collateralAsset: 11, debtAsset: 4, healthFactor: 0.812, maxRepay: 18_000.25, collateralPerDebt: 2 / 3, incentive: -0.02, takerShare: 0 };
    const b = newOfferBatch();
    reserveOffers(b, 1000);
    expect(b.kind.length).toBeGreaterThanOrEqual(1000);
    const r = pushOfferObject(b, offer);
    expect(offerAt(b, r)).toStrictEqual(offer);
  });

  it('codes kinds as the cascade’s group key orders them, and refuses what is not there', () => {
    expect(OFFER_KINDS.map(offerKindCode)).toEqual([0, 1, 2, 3]);
    expect(offerKindCode('bark')).toBe(-1);
    expect(offerKindName(2)).toBe('storefront');
    expect(offerKindName(9)).toBe('9');
    expect(() => newOfferBatch(0)).toThrow('newOfferBatch: capacity must be an integer >= 1, got 0');
    expect(() => offerAt(newOfferBatch(), 0)).toThrow('offerAt: row 0 is not in the batch (0..-1)');
  });
});

describe('ExecutionBatch', () => {
  it('keeps each row’s bad debt apart, zeroes a new row and round-trips an Execution object', () => {
    const b = newExecutionBatch(1);
    const e0: Execution = { kind: 'liquidation', market: 0, ref: 5, collateralAsset: 1, debtAsset: 2, repaid: 10, seized: 0.5, toTaker: 0.49, protocolFee: 0.01, toAbsorber: 0, redistributed: 0, gasCompensation: 0, bonus: 0.02, badDebt: [{ asset: 2, amount: 3 }, { asset: 4, amount: 0.25 }] };
    const e1: Execution = { kind: 'absorb', market: 1, ref: 6, collateralAsset: 3, debtAsset: 2, repaid: 7, seized: 2, toTaker: 0, protocolFee: 0, toAbsorber: 1.5, redistributed: 0.4, gasCompensation: 0.1, bonus: 0, badDebt: [], side: 'buy', toReserves: -4, socializedLoss: 1, absorberSellShare: 0.3, returnedToOwner: 0.2, keeperIncentive: 3, debtRedistributed: 5, gasPoolCompensation: { asset: 0, amount: 0.0375 } };
    pushExecutionObject(b, e0);
    pushExecutionObject(b, e1);
    const r2 = pushExecution(b, KIND_LIQUIDATION, 0, 9, 1, 2);
    expect([b.repaid[r2], b.seized[r2], b.toReserves[r2], b.side[r2], b.returnedToOwner[r2], b.keeperIncentive[r2], b.debtRedistributed[r2], b.gasPoolAsset[r2]]).toEqual([0, 0, 0, 0, 0, 0, 0, -1]);
    addBadDebt(b, 2, 9);
    expect(executionAt(b, 0)).toStrictEqual(e0);
    // `action` and `toReserves` come from the engine's shape; side, socializedLoss, absorberSellShare and the four
    // amounts the object path adds (returned to the owner, keeper incentive, debt redistributed, gas pool) from the row.
    expect(executionAt(b, 1, { withReserves: true })).toStrictEqual(e1);
    expect(executionAt(b, 2).badDebt).toEqual([{ asset: 2, amount: 9 }]);
    expect(executionsOf(b, [], 1).map((e) => e.ref)).toEqual([6, 9]);
    clearExecutionBatch(b);
    expect(b.count).toBe(0);
    expect(b.badDebtCount).toBe(0);
    expect(() => addBadDebt(b, 0, 1)).toThrow('addBadDebt: the batch has no execution row to book bad debt on');
    expect(() => executionAt(b, 0)).toThrow('executionAt: row 0 is not in the batch (0..-1)');
  });
});

describe('pushLiquidation', () => {
  it('writes, with fillLiquidationDefaults, the rows pushExecution and five amounts write, over stale rows', () => {
    const stale: Execution = { kind: 'absorb', market: 1, ref: 6, collateralAsset: 3, debtAsset: 2, repaid: 7, seized: 2, toTaker: 0, protocolFee: 0, toAbsorber: 1.5, redistributed: 0.4, gasCompensation: 0.1, bonus: 0, badDebt: [], side: 'buy', toReserves: -4, socializedLoss: 1, absorberSellShare: 0.3, returnedToOwner: 0.2, keeperIncentive: 3, debtRedistributed: 5, gasPoolCompensation: { asset: 0, amount: 0.0375 } };
    const rows = [
      [0, 9, 1, 2, 100, 0.06, 0.0597, 0.0003, 0.0027],
      [2, 11, 0, 2, 50, 0.03, 0.03, 0, 0.0015],
    ] as const;
    const byPush = newExecutionBatch(1);
    for (const [m, ref, c, d, repaid, seized, toTaker, fee, bonus] of rows) {
      const r = pushExecution(byPush, KIND_LIQUIDATION, m, ref, c, d);
      byPush.repaid[r] = repaid;
      byPush.seized[r] = seized;
      byPush.toTaker[r] = toTaker;
      byPush.protocolFee[r] = fee;
      byPush.bonus[r] = bonus;
    }
    // A reused batch whose rows hold another engine's amounts (a caller may reset `count` by hand).
    const reused = newExecutionBatch(1);
    pushExecutionObject(reused, stale);
    pushExecutionObject(reused, stale);
    pushExecutionObject(reused, stale);
    reused.count = 1;
    reused.badDebtCount = 0;
    for (const [m, ref, c, d, repaid, seized, toTaker, fee, bonus] of rows) pushLiquidation(reused, m, ref, c, d, repaid, seized, toTaker, fee, bonus);
    addBadDebt(reused, 2, 4);
    addBadDebt(byPush, 2, 4);
    fillLiquidationDefaults(reused, 1);
    expect(executionsOf(reused, [], 1)).toStrictEqual(executionsOf(byPush));
    expect([reused.toAbsorber[2], reused.side[2], reused.gasPoolAsset[2], reused.gasPoolAmount[2]]).toEqual([0, SIDE_NONE, -1, 0]);
    // The row before `from` is left alone (toReserves shows only with the engine's shape).
    expect(executionAt(reused, 0, { withReserves: true })).toStrictEqual(stale);
  });
});

describe('the engine contract: rows', () => {
  it('every family’s engine lists and executes in rows; the exported engines add the object calls', () => {
    const switches = { liquityRecoveryMode: true, auctionResets: true, stabilityPoolSellShare: 0 };
    for (const family of Object.keys(FAMILIES) as (keyof typeof FAMILIES)[]) {
      const e = FAMILIES[family].engine(switches);
      expect(e.family).toBe(family);
      expect(typeof e.listLiquidatableBatch).toBe('function');
      expect(typeof e.executeBatch).toBe('function');
      const objects = e as Partial<ObjectCalls<unknown>>;
      expect(typeof objects.listLiquidatable).toBe('function');
      expect(typeof objects.execute).toBe('function');
    }
    const maker = createMakerEngine({ resets: true });
    expect(maker.objectForms?.actions).toContain('bark');
  });
});

describe('aave-v3 batch path: a 3.3 liquidation in columns', () => {
  // 10 ETH against 15,000 USDC, ETH at $1,800: HF = 10·1,800·0.83/15,000 = 0.996 > 0.95, both reserves >= $2,000, so
  // the close factor is 50% of the total debt value: 7,500 USDC. Seized 7,500·1.05/1,800 = 4.375 ETH; protocol fee
  // (4.375 − 4.375/1.05)·10% = 0.0208333 ETH; to the liquidator 4.3541667 ETH; bonus net of the fee
  // 4.375·0.05·0.9/1.05 = 0.1875 ETH. Left: 5.625 ETH ($10,125) and 7,500 USDC, both above the $1,000 dust floor.
  const network = networkOf(
    [{ id: 'ETH', price: 2000 }],
    [
      {
        id: 'aave',
        family: 'aave-v3',
        version: '3.3',
        markets: [
          {
            id: 'core',
            collaterals: [{ asset: 'ETH', ltv: 0.805, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }],
            borrowables: [{ asset: 'USDC', supply: 1e6, rateModel: { model: 'none' } }],
            positions: [{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 15_000 } }],
          },
        ],
      },
    ],
  );
  const state = aaveV3Engine.compile(network, network.protocols[0]!, indexOf(network));
  const ctx = roundContext(pricesOf(network, { ETH: 1800 }));

  it('lists and executes the offer as rows', () => {
    const run = aaveV3Engine.clone(state);
    const offers = newOfferBatch();
    aaveV3Engine.listLiquidatableBatch!(run, ctx, offers);
    expect(offers.count).toBe(1);
    expect(offers.kind[0]).toBe(KIND_LIQUIDATION);
    expect(offers.healthFactor[0]).toBeCloseTo(0.996, 12);
    expect(offers.maxRepay[0]).toBeCloseTo(7500, 9);
    expect(offers.collateralPerDebt[0]).toBeCloseTo(1.05 / 1800, 15);
    expect(offers.takerShare[0]).toBeCloseTo(1 - (0.1 * 0.05) / 1.05, 15);
    const out = newExecutionBatch();
    aaveV3Engine.executeBatch!(run, offers, Uint32Array.of(0), Float64Array.of(offers.maxRepay[0]!), 1, ctx, out);
    expect(out.count).toBe(1);
    expect(out.repaid[0]).toBeCloseTo(7500, 9);
    expect(out.seized[0]).toBeCloseTo(4.375, 12);
    expect(out.protocolFee[0]).toBeCloseTo(0.0208333333333, 12);
    expect(out.toTaker[0]).toBeCloseTo(4.3541666666667, 12);
    expect(out.bonus[0]).toBeCloseTo(0.1875, 12);
    expect(out.badDebtStart[1]! - out.badDebtStart[0]!).toBe(0);
    const s = run.markets[0]!.store;
    expect(s.collAmount[0]).toBeCloseTo(5.625, 12);
    expect(s.debtAmount[0]).toBeCloseTo(7500, 9);
  });

  it('refuses what execute refuses, with the same words', () => {
    const run = aaveV3Engine.clone(state);
    const offers = newOfferBatch();
    aaveV3Engine.listLiquidatableBatch!(run, ctx, offers);
    const out = newExecutionBatch();
    expect(() => aaveV3Engine.executeBatch!(run, offers, Uint32Array.of(0), Float64Array.of(8000), 1, ctx, out)).toThrow(/repay 8000 exceeds the offer's maxRepay 7500/);
    expect(() => aaveV3Engine.executeBatch!(run, offers, Uint32Array.of(0, 0), Float64Array.of(100, 100), 2, ctx, out)).toThrow(/ordered twice in one round/);
  });
});

describe('compound-v3 batch path: an absorb writes one row per collateral', () => {
  // 2 ETH ($1,500) + 0.05 BTC ($60,000) against 5,500 USDC: Σ c·p·LCF = 3,000·0.895 + 3,000·0.77 = 4,995 < 5,500, so
  // the account is absorbed. Value 6,000 >= 5,500: no uncovered debt; the 5,500 repaid splits by value, 2,750 each.
  // deltaBalance = 6,000·0.95 = 5,700 > 5,500: basePaidOut = 5,700 leaves the reserves, booked on the first row.
  const network = cometNetwork([{ id: 'a', collateral: { ETH: 2, BTC: 0.05 }, debt: { USDC: 5500 } }]);
  it('splits the repay by value and books the reserves’ payment once', () => {
    const state = compoundV3Engine.compile(network, network.protocols[0]!, indexOf(network));
    const ctx = roundContext(pricesOf(network, { ETH: 1500 }));
    const offers = newOfferBatch();
    compoundV3Engine.listLiquidatableBatch!(state, ctx, offers);
    expect(offers.count).toBe(1);
    expect(offers.kind[0]).toBe(KIND_ABSORB);
    expect(offers.automatic[0]).toBe(1);
    expect(offers.healthFactor[0]).toBeCloseTo(4995 / 5500, 12);
    const out = newExecutionBatch();
    compoundV3Engine.executeBatch!(state, offers, Uint32Array.of(0), Float64Array.of(5500), 1, ctx, out);
    expect(out.count).toBe(2);
    expect([out.collateralAsset[0], out.collateralAsset[1]]).toEqual([assetAt(network, 'ETH'), assetAt(network, 'BTC')]);
    expect(out.repaid[0]).toBeCloseTo(2750, 9);
    expect(out.repaid[1]).toBeCloseTo(2750, 9);
    expect([out.toAbsorber[0], out.toAbsorber[1]]).toEqual([2, 0.05]);
    expect(out.toReserves[0]).toBeCloseTo(-5700, 9);
    expect(out.toReserves[1]).toBe(0);
    expect(out.badDebtCount).toBe(0);
    expect(executionAt(out, 0, { action: 'absorb', withReserves: true }).toReserves).toBeCloseTo(-5700, 9);
  });
});

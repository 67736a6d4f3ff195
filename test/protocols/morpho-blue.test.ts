/**
 * morpho-blue engine: worked examples computed by hand from Morpho.sol (morpho-org/morpho-blue src/Morpho.sol
 * `liquidate`, `_isHealthy`, `_accrueInterest`; src/libraries/ConstantsLib.sol LIQUIDATION_CURSOR = 0.3,
 * MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15; reference/protocol-params.md §6).
 */
import { describe, it, expect } from 'vitest';
import { isHealthy, liquidate, liquidationIncentiveFactor, maxRepayable, morphoBlueEngine, morphoHealthFactor } from '../../src/protocols/morpho-blue/index.js';
import type { Offer } from '../../src/protocols/engine.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

function market(positions: unknown[], opts: { supply?: number; rateModel?: unknown; lltv?: number } = {}) {
  const network = networkOf(
    [{ id: 'ETH', price: 2000 }],
    [
      {
        id: 'morpho',
        family: 'morpho-blue',
        markets: [
          {
            id: 'eth-usdc-86',
            collaterals: [{ asset: 'ETH', lltv: opts.lltv ?? 0.86 }],
            borrowables: [{ asset: 'USDC', supply: opts.supply ?? 20_000, rateModel: opts.rateModel ?? { model: 'none' } }],
            positions,
          },
        ],
      },
    ],
  );
  const state = morphoBlueEngine.compile(network, network.protocols[0]!, indexOf(network));
  return { network, state, eth: assetAt(network, 'ETH'), usdc: assetAt(network, 'USDC') };
}

const all = (offers: Offer[]) => offers.map((offer) => ({ offer, repay: offer.maxRepay }));

describe('Morpho Blue pure functions', () => {
  it('liquidationIncentiveFactor = min(1.15, 1/(1 − 0.3·(1 − lltv))) (Morpho.liquidate, ConstantsLib)', () => {
    expect(liquidationIncentiveFactor(0.86)).toBeCloseTo(1 / 0.958, 14); // 1.0438, protocol-params §6
    expect(liquidationIncentiveFactor(0.945)).toBeCloseTo(1 / 0.9835, 14); // 1.0168
    expect(liquidationIncentiveFactor(0.915)).toBeCloseTo(1 / 0.9745, 14); // 1.0262
    expect(liquidationIncentiveFactor(0.77)).toBeCloseTo(1 / 0.931, 14); // 1.0741
    expect(liquidationIncentiveFactor(0.385)).toBe(1.15); // 1/(1 − 0.1845) = 1.226 > MAX_LIQUIDATION_INCENTIVE_FACTOR
    expect(() => liquidationIncentiveFactor(1)).toThrow('liquidationIncentiveFactor: lltv must be in (0, 1), got 1');
  });

  it('_isHealthy: 10 ETH at $1,850 allow 10·1850·0.86 = 15,910 USDC < 16,000 borrowed', () => {
    const p = { borrowed: 16_000, collateral: 10, collateralPrice: 1850, lltv: 0.86 };
    expect(isHealthy(p)).toBe(false);
    expect(morphoHealthFactor(p)).toBeCloseTo(15_910 / 16_000, 14);
    expect(isHealthy({ ...p, borrowed: 15_910 })).toBe(true); // maxBorrow >= borrowed
    expect(morphoHealthFactor({ ...p, borrowed: 0 })).toBe(Number.MAX_VALUE);
  });

  it('liquidate refuses a healthy position, a seize beyond the collateral and a repay beyond the debt', () => {
    expect(() => liquidate({ borrowed: 1000, collateral: 10, collateralPrice: 2000, lltv: 0.86, repaidAssets: 100 })).toThrow(/liquidate: position is healthy \(HEALTHY_POSITION\)/);
    const p = { borrowed: 16_000, collateral: 10, collateralPrice: 1500, lltv: 0.86 };
    expect(() => liquidate({ ...p, repaidAssets: 15_000 })).toThrow(/liquidate: seized 10\.4384\d* exceeds the position's collateral 10 \(repay at most 143(69|70)/);
    expect(() => liquidate({ ...p, repaidAssets: 100, seizedAssets: 1 })).toThrow(/INCONSISTENT_INPUT/);
    expect(() => liquidate({ ...p, collateralPrice: 1000, collateral: 18, repaidAssets: 17_000 })).toThrow('liquidate: repaid 17000 exceeds the position\'s debt 16000');
    expect(() => liquidate({ ...p, repaidAssets: -5 })).toThrow('liquidate: repaidAssets must be a finite number >= 0, got -5');
  });

  it('liquidate by seizedAssets: repaid = seized·price / LIF', () => {
    const r = liquidate({ borrowed: 16_000, collateral: 10, collateralPrice: 1850, lltv: 0.86, seizedAssets: 2 });
    expect(r.repaidAssets).toBeCloseTo(2 * 1850 * 0.958, 9); // 3,544.60 USDC
    expect(r.collateral).toBe(8);
  });
});

describe('morphoBlueEngine', () => {
  it('a partial (50%) liquidation: 8,000 of 16,000 USDC repaid at ETH $1,850 seizes 8,000·1.0438/1,850 = 4.5139 ETH', () => {
    const { network, state, eth, usdc } = market([{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1850 }));
    const [o, ...more] = morphoBlueEngine.listLiquidatable(state, ctx);
    expect(more).toHaveLength(0);
    expect(o).toMatchObject({ kind: 'liquidation', automatic: false, ref: 0, collateralAsset: eth, debtAsset: usdc, maxRepay: 16_000, takerShare: 1 });
    expect(o!.healthFactor).toBeCloseTo(15_910 / 16_000, 14);
    expect(o!.incentive).toBeCloseTo(1 / 0.958 - 1, 14);
    expect(o!.collateralPerDebt).toBeCloseTo(1 / (0.958 * 1850), 15);
    const [e] = morphoBlueEngine.execute(state, [{ offer: o!, repay: 8_000 }], ctx);
    const seized = 8_000 / (0.958 * 1850); // 4.513908...
    expect(e).toMatchObject({ kind: 'liquidation', repaid: 8_000, protocolFee: 0, toAbsorber: 0, badDebt: [] });
    expect(e!.seized).toBeCloseTo(seized, 12);
    expect(e!.toTaker).toBeCloseTo(seized, 12);
    expect(e!.bonus * 1850).toBeCloseTo(350.73, 2); // 8,000·(1/0.958 − 1) = $350.73 to the liquidator
    const t = morphoBlueEngine.totals(state)[0]!;
    expect(t.collateral[eth]).toBeCloseTo(10 - seized, 12);
    expect(t.debt[usdc]).toBeCloseTo(8_000, 9);
    // HF rises from 0.99438 to (10 − 4.5139)·1850·0.86/8,000 = 1.0910: the position leaves the list.
    expect(morphoBlueEngine.listLiquidatable(state, roundContext(pricesOf(network, { ETH: 1850 }), 1, 120))).toHaveLength(0);
  });

  it('a full liquidation leaving bad debt: at ETH $1,500 all 10 ETH buy 14,370 USDC of debt; 1,630 USDC is socialised', () => {
    const { network, state, eth, usdc } = market([{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1500 }));
    const [o] = morphoBlueEngine.listLiquidatable(state, ctx);
    expect(o!.maxRepay).toBeCloseTo(14_370, 8); // 10·1500·0.958: seizing everything
    const [e] = morphoBlueEngine.execute(state, all([o!]), ctx);
    expect(e!.seized).toBe(10);
    expect(e!.repaid).toBeCloseTo(14_370, 8);
    expect(e!.badDebt).toEqual([{ asset: usdc, amount: expect.closeTo(1_630, 8) }]);
    const t = morphoBlueEngine.totals(state)[0]!;
    expect(t.collateral[eth]).toBe(0);
    expect(t.debt[usdc]).toBe(0);
    expect(t.badDebt[usdc]).toBeCloseTo(1_630, 8);
    expect(state.markets[0]!.borrowables[0]!.supply).toBeCloseTo(20_000 - 1_630, 8); // totalSupplyAssets −= badDebt
    expect(state.markets[0]!.borrowables[0]!.totalDebt).toBeCloseTo(0, 8);
  });

  it('a partial liquidation that lowers the health factor when collateral/debt < LIF (the toxic spiral): ETH $1,650', () => {
    // Collateral $16,500 / debt $16,000 = 1.031 < LIF 1.0438: every liquidation takes more value than it repays.
    const { network, state } = market([{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1650 }));
    const [o] = morphoBlueEngine.listLiquidatable(state, ctx);
    expect(o!.healthFactor).toBeCloseTo((10 * 1650 * 0.86) / 16_000, 14); // 0.886875
    morphoBlueEngine.execute(state, [{ offer: o!, repay: 8_000 }], ctx);
    const left = 10 - 8_000 / (0.958 * 1650); // 4.938946 ETH
    const [again] = morphoBlueEngine.listLiquidatable(state, roundContext(pricesOf(network, { ETH: 1650 }), 1, 120));
    expect(again!.healthFactor).toBeCloseTo((left * 1650 * 0.86) / 8_000, 12); // 0.876042 < 0.886875
    expect(again!.healthFactor).toBeLessThan(o!.healthFactor);
  });

  it('liquidates a position at most once per round', () => {
    const { network, state } = market([{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1650 }));
    const [o] = morphoBlueEngine.listLiquidatable(state, ctx);
    const ex = morphoBlueEngine.execute(state, [{ offer: o!, repay: 4_000 }, { offer: o!, repay: 4_000 }], ctx);
    expect(ex).toHaveLength(1);
    expect(morphoBlueEngine.execute(state, [{ offer: o!, repay: 4_000 }], roundContext(pricesOf(network, { ETH: 1650 }), 1, 120))).toHaveLength(1);
  });

  it('realises the bad debt of a position with no collateral through an automatic zero-repay offer', () => {
    const { network, state, usdc } = market([
      { id: 'empty', collateral: {}, debt: { USDC: 500 } },
      { id: 'fine', collateral: { ETH: 10 }, debt: { USDC: 1_000 } },
    ]);
    const ctx = roundContext(pricesOf(network));
    const offers = morphoBlueEngine.listLiquidatable(state, ctx);
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ ref: 0, automatic: true, maxRepay: 0, healthFactor: 0 });
    const [e] = morphoBlueEngine.execute(state, all(offers), ctx);
    expect(e).toMatchObject({ repaid: 0, seized: 0, badDebt: [{ asset: usdc, amount: 500 }] });
  });

  it('accrues with wTaylorCompounded: a fixed 10% over an hour grows debt by x + x²/2 + x³/6, x = 0.1·3600/31,536,000', () => {
    const { network, state, usdc } = market([{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }], { rateModel: { model: 'fixed', rate: 0.1 } });
    morphoBlueEngine.accrue(state, roundContext(pricesOf(network), 1, 3600, 3600));
    const x = (0.1 * 3600) / 31_536_000;
    const interest = 16_000 * (x + (x * x) / 2 + (x * x * x) / 6); // Morpho._accrueInterest: 0.182650...
    expect(morphoBlueEngine.totals(state)[0]!.debt[usdc]).toBeCloseTo(16_000 + interest, 9);
    expect(state.markets[0]!.borrowables[0]!.supply).toBeCloseTo(20_000 + interest, 9); // totalSupplyAssets += interest
  });

  it('accrues on the adaptive curve: at target utilisation (90%) the rate is the rate at target, which stays put', () => {
    const rateModel = { model: 'morphoAdaptiveCurve', rateAtTarget: 0.04 };
    const { network, state, usdc } = market([{ id: 'p', collateral: { ETH: 20 }, debt: { USDC: 18_000 } }], { rateModel, supply: 20_000 });
    morphoBlueEngine.accrue(state, roundContext(pricesOf(network), 1, 3600, 3600));
    const x = (0.04 * 3600) / 31_536_000; // err = 0: AdaptiveCurveIrm._curve(rateAtTarget, 0) = rateAtTarget
    expect(morphoBlueEngine.totals(state)[0]!.debt[usdc]).toBeCloseTo(18_000 * (1 + x + (x * x) / 2 + (x * x * x) / 6), 9);
    expect(state.markets[0]!.borrowables[0]!.rateState).toBe(0.04);
  });

  it('maxRepayable caps the repay at the collateral: min(debt, collateral·price / LIF)', () => {
    expect(maxRepayable({ borrowed: 16_000, collateral: 10, collateralPrice: 1500, lltv: 0.86 })).toBeCloseTo(14_370, 8);
    expect(maxRepayable({ borrowed: 16_000, collateral: 10, collateralPrice: 1850, lltv: 0.86 })).toBe(16_000);
  });

  it('refuses bad orders', () => {
    const { network, state } = market([{ id: 'p', collateral: { ETH: 10 }, debt: { USDC: 16_000 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1850 }));
    const [o] = morphoBlueEngine.listLiquidatable(state, ctx);
    expect(() => morphoBlueEngine.execute(state, [{ offer: o!, repay: 17_000 }], ctx)).toThrow('morphoBlueEngine.execute: position "p" of market "eth-usdc-86": repay 17000 exceeds the offer\'s maxRepay 16000');
    expect(() => morphoBlueEngine.execute(state, [{ offer: { ...o!, kind: 'absorb' }, repay: 1 }], ctx)).toThrow('morphoBlueEngine.execute: market "eth-usdc-86": order of kind "absorb"; a Morpho Blue market offers only "liquidation"');
    expect(() => morphoBlueEngine.execute(state, [{ offer: { ...o!, ref: 7 }, repay: 1 }], ctx)).toThrow('morphoBlueEngine.execute: market "eth-usdc-86": order for position 7; expected 0..0');
  });
});

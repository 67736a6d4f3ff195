/**
 * Generic engine (Aave v2, Compound v2, isolated lenders): worked examples computed by hand, to the cent.
 *
 * Formulas: HF = Σ collateral·price·LT / Σ debt·price (Aave v2 GenericLogic.calculateUserAccountData; Compound v2
 * Comptroller.getHypotheticalAccountLiquidityInternal: shortfall > 0 ⇔ HF < 1); repay <= closeFactor × the debt
 * reserve (Aave v2 LendingPoolCollateralManager.liquidationCall, LIQUIDATION_CLOSE_FACTOR_PERCENT = 5000;
 * Compound v2 Comptroller.liquidateBorrowAllowed, closeFactorMantissa); seized = repay·(1 + bonus)·pDebt/pColl,
 * capped at the balance (LendingPoolCollateralManager._calculateAvailableCollateralToLiquidate; Compound v2
 * Comptroller.liquidateCalculateSeizeTokens). No deficit accounting. Parameters of the "Lender B (Aave v2 rules)"
 * example fixture (fixtures/examples/two-lenders-shared-eth.json): LT 80%, bonus 5%, close factor 50%.
 */
import { describe, expect, it } from 'vitest';
import { genericEngine, liquidationCall, liquidateCalculateSeizeTokens, genericAccountData, listGenericLiquidatable, type GenericState } from '../../src/protocols/generic/index.js';
import type { Offer } from '../../src/protocols/engine.js';
import { assetAt, indexOf, networkOf, pricesOf, roundContext } from './helpers.js';

const ETH = { asset: 'ETH', ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 };
const usdc = { asset: 'USDC', supply: 100_000_000, rateModel: { model: 'none' } };
const dai = { asset: 'DAI', supply: 100_000_000, rateModel: { model: 'none' } };

function setup(positions: unknown[], market: Record<string, unknown> = {}) {
  const network = networkOf(
    [
      { id: 'ETH', price: 2000 },
      { id: 'CRV', price: 0.5 },
      { id: 'DAI', price: 1 },
    ],
    [{ id: 'v2', family: 'generic', version: 'aave-v2', markets: [{ id: 'main', closeFactor: 0.5, collaterals: [ETH], borrowables: [usdc, dai], positions, ...market }] }],
  );
  return { network, state: genericEngine.compile(network, network.protocols[0]!, indexOf(network)) };
}

const cents = (x: number) => Math.round(x * 100) / 100;

function only(offers: Offer[]): Offer {
  expect(offers).toHaveLength(1);
  return offers[0]!;
}

function amounts(state: GenericState, i = 0) {
  const s = state.markets[0]!.store;
  return { coll: s.collAmount.slice(s.collStart[i]!, s.collStart[i + 1]!), debt: s.debtAmount.slice(s.debtStart[i]!, s.debtStart[i + 1]!) };
}

describe('generic (Aave v2 rules): a 50% liquidation', () => {
  // 800 ETH against 1,000,000 USDC; ETH $2,000 → $1,500: HF = 800·1,500·0.8/1,000,000 = 0.96. Close factor 50%:
  // 500,000 USDC repaid, 500,000·1.05/1,500 = 350 ETH ($525,000.00) seized, all to the liquidator (bonus $25,000.00);
  // after: 450 ETH against 500,000 USDC, HF = 1.08.
  const { network, state } = setup([{ id: 'b1', collateral: { ETH: 800 }, debt: { USDC: 1_000_000 } }]);
  const prices = pricesOf(network, { ETH: 1500 });
  const ctx = roundContext(prices);

  it('offers half the debt and executes to the cent', () => {
    const offer = only(genericEngine.listLiquidatable(state, ctx));
    expect(offer.healthFactor).toBeCloseTo(0.96, 12);
    expect(offer.maxRepay).toBe(500_000);
    expect(offer.takerShare).toBe(1);
    const [e] = genericEngine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
    expect(cents(e!.seized * 1500)).toBe(525000);
    expect(e!.toTaker).toBe(e!.seized);
    expect(e!.protocolFee).toBe(0);
    expect(cents(e!.bonus * 1500)).toBe(25000);
    expect(e!.badDebt).toEqual([]);
    expect(amounts(state).coll[0]).toBeCloseTo(450, 9);
    expect(genericAccountData(state.markets[0]!, 0, prices).healthFactor).toBeCloseTo(1.08, 12);
  });
});

describe('generic: the toxic liquidation spiral (collateral/debt < 1 + bonus) ends in bad debt left on the books', () => {
  // 1 ETH ($1,000) against 980 USDC: HF 0.8163, collateral/debt 1.0204 < 1.05. Each round repays half the debt and
  // takes 1.05 times it in ETH, so collateral/debt goes 2·c/d − 1.05: 0.9908, 0.9316, 0.8133, 0.5765, 0.1031 — and
  // the health factor falls every time: 0.7927, 0.7453, 0.6506, 0.4612, 0.0824. Round 6 seizes the last
  // 0.00315625 ETH for 3.00595238 USDC, leaving 27.62 USDC owed against nothing: insolvency $27.62, booked bad debt 0.
  const { network, state } = setup([{ id: 'toxic', collateral: { ETH: 1 }, debt: { USDC: 980 } }]);
  const prices = pricesOf(network, { ETH: 1000 });
  const hfs = [800 / 980, 388.4 / 490, 182.6 / 245, 79.7 / 122.5, 28.25 / 61.25, (3.15625 * 0.8) / 30.625];

  it('lowers the health factor round after round', () => {
    for (let r = 0; r < 5; r++) {
      const ctx = roundContext(prices, 1, 60 * (r + 1));
      const offer = only(genericEngine.listLiquidatable(state, ctx));
      expect(offer.healthFactor).toBeCloseTo(hfs[r]!, 12);
      genericEngine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
      const after = genericAccountData(state.markets[0]!, 0, prices).healthFactor;
      expect(after).toBeCloseTo(hfs[r + 1]!, 12);
      expect(after).toBeLessThan(offer.healthFactor);
    }
    const ctx = roundContext(prices, 1, 360);
    const offer = only(genericEngine.listLiquidatable(state, ctx));
    const [e] = genericEngine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
    expect(e!.seized).toBeCloseTo(0.00315625, 14);
    expect(e!.repaid).toBeCloseTo(3.15625 / 1.05, 12);
    expect(e!.badDebt).toEqual([]);
    expect(amounts(state).coll[0]).toBe(0);
    expect(cents(amounts(state).debt[0]!)).toBe(27.62);
    expect(genericEngine.listLiquidatable(state, roundContext(prices, 1, 420))).toEqual([]);
    expect(cents(genericEngine.insolvency(state, prices)[0]!)).toBe(27.62);
    const [t] = genericEngine.totals(state);
    expect(t!.badDebt.every((x) => x === 0)).toBe(true);
    expect(cents(t!.debt[assetAt(network, 'USDC')]!)).toBe(27.62);
  });
});

describe('generic: close factor per debt asset, isolated lender', () => {
  it('applies the close factor to the largest debt asset (Compound v2: per borrowed cToken)', () => {
    // 10 ETH at $1,800 against 10,000 USDC + 5,000 DAI: HF = 14,400/15,000 = 0.96; 50% of the USDC: 5,000.
    const { network, state } = setup([{ id: 'm', collateral: { ETH: 10 }, debt: { USDC: 10_000, DAI: 5_000 } }]);
    const offer = only(listGenericLiquidatable(state, roundContext(pricesOf(network, { ETH: 1800 }))));
    expect(offer.debtAsset).toBe(assetAt(network, 'USDC'));
    expect(offer.maxRepay).toBe(5000);
  });

  it('an isolated pair with close factor 1 (Fraxlend-style) repays everything at once', () => {
    // One CRV collateral, LT 75%, bonus 10%, close factor 100%. 100,000 CRV against 36,000 USDC; CRV $0.50 → $0.45:
    // HF = 45,000·0.75/36,000 = 0.9375 → repay 36,000, seize 36,000·1.10/0.45 = 88,000 CRV ($39,600.00).
    const network = networkOf(
      [{ id: 'CRV', price: 0.5 }],
      [{ id: 'pair', family: 'generic', version: 'fraxlend', markets: [{ id: 'crv-usdc', closeFactor: 1, collaterals: [{ asset: 'CRV', liquidationThreshold: 0.75, liquidationBonus: 0.1 }], borrowables: [usdc], positions: [{ id: 'x', collateral: { CRV: 100_000 }, debt: { USDC: 36_000 } }] }] }],
    );
    const state = genericEngine.compile(network, network.protocols[0]!, indexOf(network));
    const ctx = roundContext(pricesOf(network, { CRV: 0.45 }));
    const offer = only(genericEngine.listLiquidatable(state, ctx));
    expect(offer.healthFactor).toBeCloseTo(0.9375, 12);
    expect(offer.maxRepay).toBe(36_000);
    const [e] = genericEngine.execute(state, [{ offer, repay: offer.maxRepay }], ctx);
    expect(e!.seized).toBeCloseTo(88_000, 8);
    expect(cents(e!.seized * 0.45)).toBe(39600);
    expect(amounts(state).coll[0]).toBeCloseTo(12_000, 8);
    expect(amounts(state).debt[0]).toBe(0);
  });

  it('a generic protocol with no markets (a token issuer) compiles to an empty state', () => {
    const network = networkOf([{ id: 'stETH', price: 2000 }], [{ id: 'lido', family: 'generic', version: 'lido' }]);
    const state = genericEngine.compile(network, network.protocols[0]!, indexOf(network));
    expect(state.markets).toEqual([]);
    const ctx = roundContext(pricesOf(network), 0);
    expect(genericEngine.listLiquidatable(state, ctx)).toEqual([]);
    expect(genericEngine.execute(state, [], ctx)).toEqual([]);
    expect(genericEngine.totals(state)).toEqual([]);
    expect(genericEngine.insolvency(state, pricesOf(network))).toEqual([]);
  });
});

describe('generic: pure functions and refusals', () => {
  it('liquidateCalculateSeizeTokens: 1,000 USDC at an 8% incentive buys 0.54 ETH at $2,000', () => {
    // 1,000·1.08·1/2,000 = 0.54 (Compound v2 Comptroller.liquidateCalculateSeizeTokens, exchange rate 1).
    expect(liquidateCalculateSeizeTokens({ actualRepayAmount: 1000, priceBorrowed: 1, priceCollateral: 2000, liquidationBonus: 0.08 })).toBeCloseTo(0.54, 15);
    expect(() => liquidateCalculateSeizeTokens({ actualRepayAmount: 1000, priceBorrowed: 1, priceCollateral: 0, liquidationBonus: 0.08 })).toThrow(/priceCollateral must be a finite number > 0, got 0/);
  });

  it('liquidationCall: capped by the collateral, refuses healthy positions and bad input', () => {
    // 1 ETH at $1,000 against 2,000 USDC, close factor 50%: 1,000 USDC would need 1.05 ETH: all 1 ETH goes for 952.38.
    const p = { healthFactor: 0.4, closeFactor: 0.5, userCollateralBalance: 1, userReserveDebt: 2000, collateralPrice: 1000, debtPrice: 1, liquidationBonus: 0.05 };
    const r = liquidationCall({ ...p, debtToCover: 5000 });
    expect(r.seized).toBe(1);
    expect(cents(r.actualDebtToLiquidate)).toBe(952.38);
    expect(() => liquidationCall({ ...p, healthFactor: 1, debtToCover: 10 })).toThrow(/health factor must be below 1/);
    expect(() => liquidationCall({ ...p, closeFactor: 0, debtToCover: 10 })).toThrow(/closeFactor must be in \(0, 1\], got 0/);
    expect(() => liquidationCall({ ...p, debtToCover: Number.NaN })).toThrow(/debtToCover must be a finite number >= 0, got NaN/);
  });

  it('execute refuses orders above the offer, twice in a round, and for healthy positions', () => {
    const { network, state } = setup([{ id: 'b1', collateral: { ETH: 800 }, debt: { USDC: 1_000_000 } }]);
    const ctx = roundContext(pricesOf(network, { ETH: 1500 }));
    const offer = only(genericEngine.listLiquidatable(state, ctx));
    expect(() => genericEngine.execute(state, [{ offer, repay: 600_000 }], ctx)).toThrow(/exceeds the offer's maxRepay 500000/);
    expect(() => genericEngine.execute(state, [{ offer, repay: 1 }, { offer, repay: 1 }], ctx)).toThrow(/ordered twice in one round/);
    const healthy = roundContext(pricesOf(network), 1, 120);
    expect(() => genericEngine.execute(state, [{ offer, repay: 1 }], healthy)).toThrow(/not liquidatable/);
  });
});

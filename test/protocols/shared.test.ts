/**
 * Shared engine utilities: health factor (GenericLogic.calculateUserAccountData), collateral for a repay
 * (LiquidationLogic._calculateAvailableCollateralToLiquidate), bookkeeping, borrowables' accrual.
 */
import { describe, expect, it } from 'vitest';
import { buildStore } from '../../src/protocols/position-store.js';
import {
  accountData,
  accrueBorrowable,
  accrueStore,
  beginRound,
  borrowableState,
  buildLiquidationIndex,
  calculateAvailableCollateralToLiquidate,
  calculateHealthFactor,
  checkPrices,
  emptyAccountData,
  entryOf,
  insolventValue,
  NO_DEBT_HEALTH_FACTOR,
  roundStamps,
  shortfallUsd,
  takeOnce,
  takenThisRound,
} from '../../src/protocols/shared/index.js';

describe('calculateHealthFactor', () => {
  it('is collateral × LT / debt', () => {
    // $10,000 of ETH at LT 83% against $7,000: 8,300/7,000 = 1.185714…
    expect(calculateHealthFactor({ collateralUsd: 10_000, debtUsd: 7_000, liquidationThreshold: 0.83 })).toBeCloseTo(8300 / 7000, 15);
    expect(calculateHealthFactor({ collateralUsd: 0, debtUsd: 7_000, liquidationThreshold: 0.83 })).toBe(0);
  });
  it('is Number.MAX_VALUE without debt, never Infinity', () => {
    expect(calculateHealthFactor({ collateralUsd: 10, debtUsd: 0, liquidationThreshold: 0.8 })).toBe(NO_DEBT_HEALTH_FACTOR);
    expect(calculateHealthFactor({ collateralUsd: 1e308, debtUsd: 1e-300, liquidationThreshold: 1 })).toBe(Number.MAX_VALUE);
  });
  it('refuses bad input', () => {
    expect(() => calculateHealthFactor({ collateralUsd: -1, debtUsd: 1, liquidationThreshold: 0.8 })).toThrow(/collateralUsd must be a finite USD amount >= 0, got -1/);
    expect(() => calculateHealthFactor({ collateralUsd: 1, debtUsd: Number.NaN, liquidationThreshold: 0.8 })).toThrow(/debtUsd must be a finite USD amount >= 0, got NaN/);
    expect(() => calculateHealthFactor({ collateralUsd: 1, debtUsd: 1, liquidationThreshold: 1.2 })).toThrow(/liquidationThreshold must be in \[0, 1\], got 1.2/);
  });
});

describe('accountData over a store', () => {
  // Position: 2 ETH ($4,000) at LT 0.83 and 1,000 DAI at LT 0.77; debt 1,500 USDC + 0.5 ETH ($1,000):
  // weighted = 4,000·0.83 + 1,000·0.77 = 4,090; debt = 1,500 + 1,000 = 2,500; HF = 1.636.
  // With an e-mode row where ETH has LT 0.95: 3,800 + 770 = 4,570 → 1.828.
  const store = buildStore([{ collateral: [[0, 2], [1, 1000]], debt: [[2, 1500], [0, 0.5]] }]);
  const prices = new Float64Array([2000, 1, 1]);
  const thresholds = new Float64Array([0.83, 0.77, 0, 0.95, 0.77, 0]);
  it('sums collateral, weighted collateral and debt', () => {
    const d = accountData(store, 0, prices, thresholds, 0, emptyAccountData());
    expect(d.totalCollateralUsd).toBe(5000);
    expect(d.weightedCollateralUsd).toBeCloseTo(4090, 10);
    expect(d.totalDebtUsd).toBe(2500);
    expect(d.healthFactor).toBeCloseTo(1.636, 12);
    expect(accountData(store, 0, prices, thresholds, 3, emptyAccountData()).healthFactor).toBeCloseTo(1.828, 12);
  });
  it('net insolvent value: debt minus collateral at full value, when positive', () => {
    const s = buildStore([
      { collateral: [[0, 1]], debt: [[2, 2500]] }, // $2,000 vs $2,500: $500 short
      { collateral: [[0, 1]], debt: [[2, 1000]] }, // covered
      { collateral: [], debt: [[2, 10]] }, // nothing behind $10
    ]);
    expect(shortfallUsd(s, 0, prices)).toBe(500);
    expect(shortfallUsd(s, 1, prices)).toBe(0);
    expect(insolventValue(s, prices)).toBe(510);
  });
  it('entryOf finds an asset entry or −1', () => {
    expect(entryOf(store.debtStart, store.debtAsset, 0, 0)).toBe(1);
    expect(entryOf(store.collStart, store.collAsset, 0, 2)).toBe(-1);
  });
  it('checkPrices refuses missing, short or non-positive vectors', () => {
    expect(() => checkPrices('f', undefined, [0], 3)).toThrow(/f: no oracle prices/);
    expect(() => checkPrices('f', new Float64Array(2), [0], 3)).toThrow(/2 entries; expected 3/);
    expect(() => checkPrices('f', new Float64Array([1, Number.POSITIVE_INFINITY, 1]), [1], 3)).toThrow(/asset index 1 must be a finite USD price > 0, got Infinity/);
  });
});

describe('calculateAvailableCollateralToLiquidate', () => {
  it('pays the bonus on the repay and takes the protocol fee from the bonus', () => {
    // 100 USDC at $1 against ETH at $2,000, bonus 5%, fee 10%: seized 100·1.05/2,000 = 0.0525 ETH,
    // fee (0.0525 − 0.05)·10% = 0.00025 ETH, liquidator 0.05225 ETH.
    const r = calculateAvailableCollateralToLiquidate({ debtToCover: 100, debtPrice: 1, collateralPrice: 2000, collateralBalance: 1, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 });
    expect(r.debtAmountNeeded).toBe(100);
    expect(r.seized).toBeCloseTo(0.0525, 15);
    expect(r.liquidationProtocolFeeAmount).toBeCloseTo(0.00025, 15);
    expect(r.collateralAmount).toBeCloseTo(0.05225, 15);
  });
  it('caps at the balance and lowers the repay', () => {
    // 0.04 ETH covers 0.04·2,000/1.05 = 76.19 USDC.
    const r = calculateAvailableCollateralToLiquidate({ debtToCover: 100, debtPrice: 1, collateralPrice: 2000, collateralBalance: 0.04, liquidationBonus: 0.05 });
    expect(r.seized).toBe(0.04);
    expect(Math.round(r.debtAmountNeeded * 100) / 100).toBe(76.19);
    expect(r.liquidationProtocolFeeAmount).toBe(0);
  });
  it('refuses bad input', () => {
    const ok = { debtToCover: 1, debtPrice: 1, collateralPrice: 1, collateralBalance: 1, liquidationBonus: 0.05 };
    expect(() => calculateAvailableCollateralToLiquidate({ ...ok, debtToCover: -1 })).toThrow(/calculateAvailableCollateralToLiquidate: debtToCover must be a finite number >= 0, got -1/);
    expect(() => calculateAvailableCollateralToLiquidate({ ...ok, debtPrice: 0 })).toThrow(/debtPrice must be a finite number > 0, got 0/);
    expect(() => calculateAvailableCollateralToLiquidate({ ...ok, liquidationProtocolFee: 2 })).toThrow(/liquidationProtocolFee must be in \[0, 1\], got 2/);
  });
});

describe('bookkeeping', () => {
  it('a position is taken at most once per round (a round is one ctx.time)', () => {
    const r = roundStamps(3);
    beginRound(r, 60);
    expect(takeOnce(r, 1)).toBe(true);
    expect(takeOnce(r, 1)).toBe(false);
    expect(takenThisRound(r, 2)).toBe(false);
    beginRound(r, 60);
    expect(takenThisRound(r, 1)).toBe(true);
    beginRound(r, 120);
    expect(takeOnce(r, 1)).toBe(true);
  });

  it('accrues simple interest on a Comet curve and grows every debt and index key alike', () => {
    // cometKinked at U = 50% (50 of 100): borrow rate 0.01 + 0.04·0.5 = 3% a year; one year, simple: ×1.03
    // (Comet.accruedInterestIndices).
    const curve = { model: 'cometKinked' as const, supplyKink: 0.8, supplyPerYearInterestRateBase: 0, supplyPerYearInterestRateSlopeLow: 0.02, supplyPerYearInterestRateSlopeHigh: 0.5, borrowKink: 0.8, borrowPerYearInterestRateBase: 0.01, borrowPerYearInterestRateSlopeLow: 0.04, borrowPerYearInterestRateSlopeHigh: 0.6 };
    const store = buildStore([{ collateral: [[0, 1]], debt: [[1, 20]] }, { collateral: [[0, 1]], debt: [[1, 30]] }]);
    const index = buildLiquidationIndex(store, (i) => store.debtAmount[i]! / (store.collAmount[i]! * 0.8));
    const b = borrowableState('test', 'generic', 1, { asset: 'USDC', supply: 100, rateModel: curve }, 50);
    expect(b.utilization).toBe(0.5);
    expect(b.borrowRate).toBeCloseTo(0.03, 15);
    accrueStore('test', store, index, [b], 31_536_000);
    expect(store.debtAmount[0]).toBeCloseTo(20.6, 12);
    expect(store.debtAmount[1]).toBeCloseTo(30.9, 12);
    expect(b.totalDebt).toBeCloseTo(51.5, 12);
    expect(index.groupScale[0]).toBeCloseTo(1.03, 15);
    expect(() => accrueStore('test', store, index, [b], Number.NaN)).toThrow(/test: ctx.roundSeconds must be finite and >= 0, got NaN/);
    // An engine's call names its market (the name built only to refuse).
    expect(() => accrueStore('aaveV3Engine', store, index, [b], -1, 'core')).toThrow('aaveV3Engine.accrue: market "core": ctx.roundSeconds must be finite and >= 0, got -1');
  });

  it('a curve the rate module refuses is reported with its borrowable', () => {
    const bad = { model: 'aaveTwoSlope' as const, optimalUsageRatio: 1.5, baseVariableBorrowRate: 0, variableRateSlope1: 0.04, variableRateSlope2: 0.6 };
    expect(() => borrowableState('market "m" borrowable "USDC"', 'aave-v3', 0, { asset: 'USDC', rateModel: bad }, 0)).toThrow(/market "m" borrowable "USDC": .*optimalUsageRatio/);
    const none = borrowableState('x', 'generic', 0, { asset: 'USDC', rateModel: { model: 'none' } }, 10);
    expect(accrueBorrowable(none, 60)).toBe(1);
  });
});

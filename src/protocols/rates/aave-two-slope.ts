/**
 * Aave v3 two-slope curve: DefaultReserveInterestRateStrategyV2.calculateInterestRates
 * (aave-dao/aave-v3-origin, src/contracts/misc/DefaultReserveInterestRateStrategyV2.sol). Rates are annual
 * (the contract's ray per-year figures); the contract's bps storage and ray rounding are not reproduced.
 *
 * Supply side: liquidityRate = borrowRate · usage · (1 − reserveFactor). Unbacked (portal) liquidity and stable
 * debt are ignored: the supply usage ratio is taken equal to the borrow usage ratio and all debt is variable
 * (stable borrowing is off on every v3.2+ pool).
 */
import type { AaveTwoSlope } from '../../network/schema/rates.js';
import { expectInRange, expectNonNegative, expectOpenShare, expectShareBelowOne } from './check.js';

/** The curve's four parameters, as the schema (and the contract's InterestRateData) names them. */
export type AaveTwoSlopeParams = Pick<AaveTwoSlope, 'optimalUsageRatio' | 'baseVariableBorrowRate' | 'variableRateSlope1' | 'variableRateSlope2'>;

export interface AaveInterestRates {
  /** currentVariableBorrowRate, annual. */
  variableBorrowRate: number;
  /** currentLiquidityRate (what suppliers earn), annual. */
  liquidityRate: number;
}

/** Borrow rate at `usageRatio`: base + slope1·U/U* below the optimal usage U*, base + slope1 + slope2·(U − U*)/(1 − U*) above. */
export function variableBorrowRate(curve: AaveTwoSlopeParams, usageRatio: number): number {
  const { optimalUsageRatio: optimal, baseVariableBorrowRate: base, variableRateSlope1: slope1, variableRateSlope2: slope2 } = curve;
  if (usageRatio > optimal) return base + slope1 + (slope2 * (usageRatio - optimal)) / (1 - optimal);
  return base + (slope1 * usageRatio) / optimal;
}

/**
 * Mirrors DefaultReserveInterestRateStrategyV2.calculateInterestRates: the variable borrow rate and the
 * liquidity rate at a borrow usage ratio (debt ÷ (available liquidity + debt)).
 */
export function calculateInterestRates({
  curve,
  usageRatio,
  reserveFactor = 0,
}: {
  curve: AaveTwoSlopeParams;
  usageRatio: number;
  reserveFactor?: number;
}): AaveInterestRates {
  const fn = 'calculateInterestRates';
  checkAaveTwoSlope(fn, curve);
  expectInRange(fn, 'usageRatio', usageRatio, 0, 1);
  expectShareBelowOne(fn, 'reserveFactor', reserveFactor);
  const borrow = variableBorrowRate(curve, usageRatio);
  return { variableBorrowRate: borrow, liquidityRate: borrow * usageRatio * (1 - reserveFactor) };
}

/** Refuses a curve the contract's setter would refuse in form (optimal usage strictly inside (0, 1), rates >= 0). */
export function checkAaveTwoSlope(fn: string, curve: AaveTwoSlopeParams): void {
  expectOpenShare(fn, 'optimalUsageRatio', curve.optimalUsageRatio);
  expectNonNegative(fn, 'baseVariableBorrowRate', curve.baseVariableBorrowRate);
  expectNonNegative(fn, 'variableRateSlope1', curve.variableRateSlope1);
  expectNonNegative(fn, 'variableRateSlope2', curve.variableRateSlope2);
}

/**
 * Compound v3 kinked curves: Comet.getUtilization, Comet.getBorrowRate, Comet.getSupplyRate
 * (compound-finance/comet, contracts/Comet.sol). Supply and borrow each have their own kink, base and slopes;
 * the slopes apply to utilisation itself, not to utilisation ÷ kink:
 *   rate = base + slopeLow·min(U, kink) + slopeHigh·max(U − kink, 0).
 * Rates are annual (the configuration's perYear figures; the contract divides them by 31,536,000 once).
 */
import type { CometKinked } from '../../network/schema/rates.js';
import { expectInRange, expectNonNegative } from './check.js';

export type CometKinkedParams = Omit<CometKinked, 'model'>;

/** Mirrors Comet.getUtilization: totalBorrow ÷ totalSupply, 0 when nothing is supplied. */
export function getUtilization(totalSupply: number, totalBorrow: number): number {
  expectNonNegative('getUtilization', 'totalSupply', totalSupply);
  expectNonNegative('getUtilization', 'totalBorrow', totalBorrow);
  return totalSupply === 0 ? 0 : totalBorrow / totalSupply;
}

/** Mirrors Comet.getBorrowRate (annual). */
export function getBorrowRate(curve: CometKinkedParams, utilization: number): number {
  expectNonNegative('getBorrowRate', 'utilization', utilization);
  return kinked(curve.borrowKink, curve.borrowPerYearInterestRateBase, curve.borrowPerYearInterestRateSlopeLow, curve.borrowPerYearInterestRateSlopeHigh, utilization);
}

/** Mirrors Comet.getSupplyRate (annual). */
export function getSupplyRate(curve: CometKinkedParams, utilization: number): number {
  expectNonNegative('getSupplyRate', 'utilization', utilization);
  return kinked(curve.supplyKink, curve.supplyPerYearInterestRateBase, curve.supplyPerYearInterestRateSlopeLow, curve.supplyPerYearInterestRateSlopeHigh, utilization);
}

function kinked(kink: number, base: number, slopeLow: number, slopeHigh: number, u: number): number {
  if (u <= kink) return base + slopeLow * u;
  return base + slopeLow * kink + slopeHigh * (u - kink);
}

/** Refuses kinks outside [0, 1] and negative rates (Comet's constructor reverts on kink > 1: BadKink). */
export function checkCometKinked(fn: string, curve: CometKinkedParams): void {
  expectInRange(fn, 'supplyKink', curve.supplyKink, 0, 1);
  expectInRange(fn, 'borrowKink', curve.borrowKink, 0, 1);
  expectNonNegative(fn, 'supplyPerYearInterestRateBase', curve.supplyPerYearInterestRateBase);
  expectNonNegative(fn, 'supplyPerYearInterestRateSlopeLow', curve.supplyPerYearInterestRateSlopeLow);
  expectNonNegative(fn, 'supplyPerYearInterestRateSlopeHigh', curve.supplyPerYearInterestRateSlopeHigh);
  expectNonNegative(fn, 'borrowPerYearInterestRateBase', curve.borrowPerYearInterestRateBase);
  expectNonNegative(fn, 'borrowPerYearInterestRateSlopeLow', curve.borrowPerYearInterestRateSlopeLow);
  expectNonNegative(fn, 'borrowPerYearInterestRateSlopeHigh', curve.borrowPerYearInterestRateSlopeHigh);
}

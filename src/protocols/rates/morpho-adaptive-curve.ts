/**
 * Morpho Blue adaptive curve: AdaptiveCurveIrm._borrowRate, _curve and _newRateAtTarget
 * (morpho-org/morpho-blue-irm, src/adaptive-curve-irm/AdaptiveCurveIrm.sol; constants in
 * src/adaptive-curve-irm/libraries/ConstantsLib.sol; docs.morpho.org "Interest Rate Models", AdaptiveCurveIRM).
 * Rates and the adjustment speed are annual (the contract's per-second figures × 31,536,000).
 *
 *   err   = (U − target) / (1 − target)  if U > target,   (U − target) / target  otherwise
 *   curve = ((1 − 1/steepness)·err + 1)·rateAtTarget  if err < 0,   ((steepness − 1)·err + 1)·rateAtTarget  otherwise
 *   rateAtTarget(t) = clamp(rateAtTarget(0)·exp(adjustmentSpeed·err·t), minRateAtTarget, maxRateAtTarget)
 * The rate charged over an interval is the curve at the trapezoid average (N = 2, as the contract does) of the
 * start, middle and end rates at target: (start + end + 2·mid) / 4. The contract's wExp (a bounded fixed-point
 * exponential) is replaced by Math.exp; a rate at target of 0 means a market's first interaction, which the
 * contract answers with INITIAL_RATE_AT_TARGET (4%).
 */
import type { MorphoAdaptiveCurve } from '../../network/schema/rates.js';
import { expectNonNegative, expectOpenShare, expectPositive, expectRateUpdate } from './check.js';
import { SECONDS_PER_YEAR } from './constants.js';

/** ConstantsLib.INITIAL_RATE_AT_TARGET: 4% a year, the rate at target of a market's first interaction. */
export const INITIAL_RATE_AT_TARGET = 0.04;

/** The IRM's constants (the schema's names, its defaults are ConstantsLib's); the state `rateAtTarget` is passed apart. */
export type MorphoAdaptiveCurveParams = Omit<MorphoAdaptiveCurve, 'model' | 'rateAtTarget'>;

export interface MorphoBorrowRate {
  /** avgBorrowRate: what the market charges over the elapsed interval, annual. */
  avgBorrowRate: number;
  /** endRateAtTarget: the rate at target stored for the next interaction, annual. */
  endRateAtTarget: number;
}

/** The normalised distance to target utilisation, in [−1, 1]. */
export function utilizationError(curve: MorphoAdaptiveCurveParams, utilization: number): number {
  const target = curve.targetUtilization;
  const norm = utilization > target ? 1 - target : target;
  return (utilization - target) / norm;
}

/** Mirrors AdaptiveCurveIrm._curve: the rate at `err` for a given rate at target. */
export function curveRate(curve: MorphoAdaptiveCurveParams, rateAtTarget: number, err: number): number {
  const coeff = err < 0 ? 1 - 1 / curve.curveSteepness : curve.curveSteepness - 1;
  return (coeff * err + 1) * rateAtTarget;
}

/** Mirrors AdaptiveCurveIrm._newRateAtTarget: start·exp(linearAdaptation), bounded to [minRateAtTarget, maxRateAtTarget]. */
export function newRateAtTarget(curve: MorphoAdaptiveCurveParams, startRateAtTarget: number, linearAdaptation: number): number {
  const next = startRateAtTarget * Math.exp(linearAdaptation);
  if (!(next > curve.minRateAtTarget)) return curve.minRateAtTarget; // also catches 0·Infinity
  return next < curve.maxRateAtTarget ? next : curve.maxRateAtTarget;
}

/**
 * Mirrors AdaptiveCurveIrm._borrowRate (borrowRateView returns its first half): the average borrow rate over
 * `elapsed` seconds at `utilization`, and the rate at target at the end.
 */
export function borrowRateView(a: { curve: MorphoAdaptiveCurveParams; rateAtTarget: number; utilization: number; elapsed: number }): MorphoBorrowRate {
  checkMorphoAdaptiveCurve('borrowRateView', a.curve);
  expectRateUpdate('borrowRateView', 'rateAtTarget', a.rateAtTarget, a.utilization, 'elapsed', a.elapsed);
  return adaptiveBorrowRate(a.curve, a.rateAtTarget, a.utilization, a.elapsed);
}

/** Unchecked core of borrowRateView (the compiled form calls it after its own checks). */
export function adaptiveBorrowRate(curve: MorphoAdaptiveCurveParams, start: number, u: number, elapsed: number): MorphoBorrowRate {
  const err = utilizationError(curve, u);
  if (start === 0) {
    return { avgBorrowRate: curveRate(curve, INITIAL_RATE_AT_TARGET, err), endRateAtTarget: INITIAL_RATE_AT_TARGET };
  }
  // speed per second × elapsed seconds = annual speed × elapsed / year
  const linearAdaptation = (curve.adjustmentSpeed * err * elapsed) / SECONDS_PER_YEAR;
  if (linearAdaptation === 0) return { avgBorrowRate: curveRate(curve, start, err), endRateAtTarget: start };
  const end = newRateAtTarget(curve, start, linearAdaptation);
  const mid = newRateAtTarget(curve, start, linearAdaptation / 2);
  return { avgBorrowRate: curveRate(curve, (start + end + 2 * mid) / 4, err), endRateAtTarget: end };
}

/** Refuses constants the contract's formulas cannot take (a target strictly inside (0, 1), steepness >= 1, 0 < min <= max). */
export function checkMorphoAdaptiveCurve(fn: string, curve: MorphoAdaptiveCurveParams): void {
  expectOpenShare(fn, 'targetUtilization', curve.targetUtilization);
  if (!(Number.isFinite(curve.curveSteepness) && curve.curveSteepness >= 1)) {
    throw new Error(`${fn}: curveSteepness must be a finite number >= 1, got ${String(curve.curveSteepness)}`);
  }
  expectNonNegative(fn, 'adjustmentSpeed', curve.adjustmentSpeed);
  expectPositive(fn, 'minRateAtTarget', curve.minRateAtTarget);
  expectPositive(fn, 'maxRateAtTarget', curve.maxRateAtTarget);
  if (curve.maxRateAtTarget < curve.minRateAtTarget) {
    throw new Error(`${fn}: maxRateAtTarget must be >= minRateAtTarget (${curve.minRateAtTarget}), got ${curve.maxRateAtTarget}`);
  }
}

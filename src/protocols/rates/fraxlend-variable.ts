/**
 * Fraxlend time-weighted variable rate, version 2: VariableInterestRate.getFullUtilizationInterest and
 * VariableInterestRate.getNewRate (FraxFinance/fraxlend, src/contracts/VariableInterestRate.sol, "Variable Rate V2";
 * the parameters ZERO_UTIL_RATE, MIN/MAX_FULL_UTIL_RATE, VERTEX_UTILIZATION, VERTEX_RATE_PERCENT,
 * MIN/MAX_TARGET_UTIL, RATE_HALF_LIFE). Rates are annual (the contract's per-second rate × 31,536,000).
 *
 * The state is the pair's full-utilisation rate. Outside the target band it moves, per update, by the factor
 *   (halfLife + δ²·Δt) / halfLife   above maxTargetUtil, δ = (U − maxTargetUtil) / (1 − maxTargetUtil),
 *   halfLife / (halfLife + δ²·Δt)   below minTargetUtil, δ = (minTargetUtil − U) / minTargetUtil,
 * clamped to [minFullUtilRate, maxFullUtilRate]: at U = 100% one update of one half-life doubles it, which is
 * how the CRV pair's rate doubled every 12 hours in 2023. The factor is linear in Δt within one update, so the
 * growth depends on how often the pair is touched (two 6-hour updates give 1.5² = 2.25, not 2).
 * The rate is linear from zeroUtilizationRate at U = 0 to the vertex rate
 *   zeroUtilizationRate + (fullUtilizationRate − zeroUtilizationRate)·vertexRatePercentOfDelta
 * at vertexUtilization, then linear to the full-utilisation rate at U = 100%. The contract's 5-decimal
 * utilisation and integer rounding are not reproduced.
 */
import type { FraxlendVariable } from '../../network/schema/rates.js';
import { expectInRange, expectNonNegative, expectOpenShare, expectPositive, expectRateUpdate } from './check.js';

/** The rate contract's immutables (the schema's names); the state `fullUtilizationRate` is passed apart. */
export type FraxlendVariableParams = Omit<FraxlendVariable, 'model' | 'fullUtilizationRate'>;

export interface FraxlendNewRate {
  /** The rate charged over the elapsed interval (the contract's _newRatePerSec), annual. */
  newRate: number;
  /** The full-utilisation rate to store for the next update, annual. */
  newFullUtilizationRate: number;
}

/** The arguments of an update: the curve, its state (the full-utilisation rate), the utilisation, the seconds since the last. */
export interface FraxlendUpdate {
  curve: FraxlendVariableParams;
  fullUtilizationRate: number;
  utilization: number;
  deltaTime: number;
}

function checkUpdate(fn: string, a: FraxlendUpdate): void {
  checkFraxlendVariable(fn, a.curve);
  expectRateUpdate(fn, 'fullUtilizationRate', a.fullUtilizationRate, a.utilization, 'deltaTime', a.deltaTime);
}

/** Mirrors VariableInterestRate.getFullUtilizationInterest: the full-utilisation rate after `deltaTime` seconds at `utilization`. */
export function getFullUtilizationInterest(a: FraxlendUpdate): number {
  checkUpdate('getFullUtilizationInterest', a);
  return fullUtilizationInterest(a.curve, a.fullUtilizationRate, a.utilization, a.deltaTime);
}

/**
 * Mirrors VariableInterestRate.getNewRate: advances the full-utilisation rate over `deltaTime`, then reads the
 * two-segment curve at `utilization`. A Fraxlend pair charges `newRate` over the whole elapsed interval
 * (FraxlendPairCore._calculateInterest: interestEarned = deltaTime · totalBorrow · newRate).
 */
export function getNewRate(a: FraxlendUpdate): FraxlendNewRate {
  checkUpdate('getNewRate', a);
  const newFullUtilizationRate = fullUtilizationInterest(a.curve, a.fullUtilizationRate, a.utilization, a.deltaTime);
  return { newRate: fraxlendCurve(a.curve, newFullUtilizationRate, a.utilization), newFullUtilizationRate };
}

/** Unchecked core of getFullUtilizationInterest (the compiled form calls it after its own checks). */
export function fullUtilizationInterest(curve: FraxlendVariableParams, full: number, u: number, deltaTime: number): number {
  let next = full;
  if (u < curve.minTargetUtil) {
    const delta = (curve.minTargetUtil - u) / curve.minTargetUtil;
    next = (full * curve.rateHalfLife) / (curve.rateHalfLife + delta * delta * deltaTime);
  } else if (u > curve.maxTargetUtil) {
    const delta = (u - curve.maxTargetUtil) / (1 - curve.maxTargetUtil);
    next = (full * (curve.rateHalfLife + delta * delta * deltaTime)) / curve.rateHalfLife;
  }
  if (next > curve.maxFullUtilRate) return curve.maxFullUtilRate;
  if (next < curve.minFullUtilRate) return curve.minFullUtilRate;
  return next;
}

/** The two linear segments of getNewRate at a given full-utilisation rate. */
export function fraxlendCurve(curve: FraxlendVariableParams, full: number, u: number): number {
  const zero = curve.zeroUtilizationRate;
  const vertex = zero + (full - zero) * curve.vertexRatePercentOfDelta;
  if (u < curve.vertexUtilization) return zero + (u * (vertex - zero)) / curve.vertexUtilization;
  return vertex + ((u - curve.vertexUtilization) * (full - vertex)) / (1 - curve.vertexUtilization);
}

/**
 * Refuses parameters the contract cannot run: the target band and the full-utilisation bounds must be ordered,
 * and zeroUtilizationRate <= minFullUtilRate (getNewRate subtracts ZERO_UTIL_RATE from the full-utilisation rate).
 */
export function checkFraxlendVariable(fn: string, curve: FraxlendVariableParams): void {
  expectInRange(fn, 'minTargetUtil', curve.minTargetUtil, 0, 1);
  expectInRange(fn, 'maxTargetUtil', curve.maxTargetUtil, curve.minTargetUtil, 1);
  expectOpenShare(fn, 'vertexUtilization', curve.vertexUtilization);
  expectInRange(fn, 'vertexRatePercentOfDelta', curve.vertexRatePercentOfDelta, 0, 1);
  expectNonNegative(fn, 'zeroUtilizationRate', curve.zeroUtilizationRate);
  expectNonNegative(fn, 'minFullUtilRate', curve.minFullUtilRate);
  if (curve.minFullUtilRate < curve.zeroUtilizationRate) {
    throw new Error(`${fn}: minFullUtilRate must be >= zeroUtilizationRate (${curve.zeroUtilizationRate}), got ${curve.minFullUtilRate}`);
  }
  expectNonNegative(fn, 'maxFullUtilRate', curve.maxFullUtilRate);
  if (curve.maxFullUtilRate < curve.minFullUtilRate) {
    throw new Error(`${fn}: maxFullUtilRate must be >= minFullUtilRate (${curve.minFullUtilRate}), got ${curve.maxFullUtilRate}`);
  }
  expectPositive(fn, 'rateHalfLife', curve.rateHalfLife);
}

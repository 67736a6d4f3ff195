/**
 * A compiled curve over time (docs/rates.md): the borrow and supply rates now, the rate a contract charges over an
 * interval and its state after it (Morpho's trapezoid average, Fraxlend's advanced full-utilisation rate, the current
 * rate of the stateless curves), and one interval of accrual on a borrowable's totals. Rates are annual.
 */
import { accruedInterest } from './accrual.js';
import { variableBorrowRate } from './aave-two-slope.js';
import { expectInRange, expectNonNegative } from './check.js';
import { getSupplyRate as cometSupplyRate, getBorrowRate as cometBorrowRate } from './comet-kinked.js';
import type { RateCurve } from './compiled.js';
import { SECONDS_PER_YEAR } from './constants.js';
import { fraxlendCurve, fullUtilizationInterest } from './fraxlend-variable.js';
import { adaptiveBorrowRate, curveRate, INITIAL_RATE_AT_TARGET, utilizationError } from './morpho-adaptive-curve.js';
import { utilization as poolUtilization } from './utilization.js';

/** The borrow rate now (no time elapsed), annual. */
export function borrowRate(curve: RateCurve, state: number, utilization: number): number {
  checkStep('borrowRate', state, utilization, 0);
  return instantBorrowRate(curve, state, utilization);
}

/** What suppliers earn now, annual: Comet's own supply curve; elsewhere borrow rate · utilisation · (1 − reserveFactor). */
export function supplyRate(curve: RateCurve, state: number, utilization: number): number {
  checkStep('supplyRate', state, utilization, 0);
  if (curve.model === 'cometKinked') return cometSupplyRate(curve, utilization);
  return instantBorrowRate(curve, state, utilization) * utilization * (1 - curve.reserveFactor);
}

/** Both rates now, annual, the curve evaluated once: [borrowRate, supplyRate] written to `out` (the same numbers as the two functions). */
export function ratesNow(curve: RateCurve, state: number, utilization: number, out: Float64Array): void {
  checkStep('ratesNow', state, utilization, 0);
  const borrow = instantBorrowRate(curve, state, utilization);
  out[0] = borrow;
  out[1] = curve.model === 'cometKinked' ? cometSupplyRate(curve, utilization) : borrow * utilization * (1 - curve.reserveFactor);
}

/** Slots of an accrual written to a Float64Array (accrueTotalsInto, step): accrueTotals' fields and the interest per unit of debt. */
export const ACC_UTILIZATION = 0;
export const ACC_BORROW_RATE = 1;
export const ACC_SUPPLY_RATE = 2;
export const ACC_INTEREST = 3;
export const ACC_DEBT = 4;
export const ACC_SUPPLY = 5;
export const ACC_STATE = 6;
/** accruedInterest(convention, borrowRate, seconds): factor − 1, what every position's debt grows by. */
export const ACC_PER_UNIT = 7;
export const ACC_SLOTS = 8;

/** Scratch of averageBorrowRate and advance (written and read within one call). */
const stepScratch = new Float64Array(ACC_SLOTS);

/**
 * The rate the contract charges over the next `seconds` at `utilization` and its state after them, written to
 * out[ACC_BORROW_RATE] and out[ACC_STATE]: Morpho's trapezoid average and endRateAtTarget (AdaptiveCurveIrm._borrowRate),
 * Fraxlend's rate at the advanced full-utilisation rate (getNewRate, applied to the whole interval) and that rate
 * (getFullUtilizationInterest); the current rate and the state unchanged for the stateless curves.
 */
function step(curve: RateCurve, state: number, utilization: number, seconds: number, out: Float64Array): void {
  switch (curve.model) {
    case 'morphoAdaptiveCurve': {
      const r = adaptiveBorrowRate(curve, state, utilization, seconds);
      out[ACC_BORROW_RATE] = r.avgBorrowRate;
      out[ACC_STATE] = r.endRateAtTarget;
      return;
    }
    case 'fraxlendVariable': {
      const full = fullUtilizationInterest(curve, state, utilization, seconds);
      out[ACC_BORROW_RATE] = fraxlendCurve(curve, full, utilization);
      out[ACC_STATE] = full;
      return;
    }
    default:
      out[ACC_BORROW_RATE] = instantBorrowRate(curve, state, utilization);
      out[ACC_STATE] = state;
  }
}

/** The rate the contract charges over the next `seconds` at `utilization` (`step`). */
export function averageBorrowRate(curve: RateCurve, state: number, utilization: number, seconds: number): number {
  checkStep('averageBorrowRate', state, utilization, seconds);
  step(curve, state, utilization, seconds, stepScratch);
  return stepScratch[ACC_BORROW_RATE]!;
}

/** The state after `seconds` at `utilization` (Fraxlend getFullUtilizationInterest, Morpho endRateAtTarget); unchanged for stateless curves. */
export function advance(curve: RateCurve, state: number, utilization: number, seconds: number): number {
  checkStep('advance', state, utilization, seconds);
  step(curve, state, utilization, seconds, stepScratch);
  return stepScratch[ACC_STATE]!;
}

export interface AccrualStep {
  /** Utilisation the interval was priced at (before accrual, as every contract does). */
  utilization: number;
  /** Rate charged over the interval (averageBorrowRate), annual. */
  borrowRate: number;
  /** Rate suppliers earned over the interval, annual. */
  supplyRate: number;
  /** Interest added to the debt, whole tokens. */
  interest: number;
  debt: number;
  supply: number;
  state: number;
}

/**
 * One interval of accrual on a borrowable's totals, priced at the utilisation at its start. Debt grows by the
 * family's convention. Supply (for utilisation: available liquidity + debt) grows by the whole interest where
 * the contract adds interest to the pool (Aave, whose available liquidity accrual leaves untouched while the
 * treasury's share is minted as aTokens; Morpho totalSupplyAssets; Fraxlend totalAsset), and by Comet's supply
 * rate, simple, in a Comet. A borrowable with no supply (a Maker ilk, a Liquity branch) keeps none.
 */
export function accrueTotals({
  curve,
  state,
  supply,
  debt,
  seconds,
}: {
  curve: RateCurve;
  state: number;
  supply: number;
  debt: number;
  seconds: number;
}): AccrualStep {
  const out = stepScratch;
  accrueTotalsInto(curve, state, supply, debt, seconds, out);
  return {
    utilization: out[ACC_UTILIZATION]!,
    borrowRate: out[ACC_BORROW_RATE]!,
    supplyRate: out[ACC_SUPPLY_RATE]!,
    interest: out[ACC_INTEREST]!,
    debt: out[ACC_DEBT]!,
    supply: out[ACC_SUPPLY]!,
    state: out[ACC_STATE]!,
  };
}

/**
 * accrueTotals written to `out` (slots ACC_*, ACC_SLOTS long) with the interest per unit of debt, nothing allocated:
 * the engines accrue every borrowable every round (shared/borrowables.ts).
 */
export function accrueTotalsInto(curve: RateCurve, state: number, supply: number, debt: number, seconds: number, out: Float64Array): void {
  const fn = 'accrueTotals';
  expectNonNegative(fn, 'supply', supply);
  expectNonNegative(fn, 'debt', debt);
  const u = poolUtilization(supply, debt);
  checkStep(fn, state, u, seconds);
  step(curve, state, u, seconds, out);
  const rate = out[ACC_BORROW_RATE]!;
  const perUnit = accruedInterest(curve.convention, rate, seconds);
  const interest = debt * perUnit;
  out[ACC_UTILIZATION] = u;
  out[ACC_PER_UNIT] = perUnit;
  out[ACC_INTEREST] = interest;
  out[ACC_DEBT] = debt + interest;
  if (curve.model === 'cometKinked') {
    const earned = cometSupplyRate(curve, u);
    out[ACC_SUPPLY_RATE] = earned;
    out[ACC_SUPPLY] = supply * (1 + (earned * seconds) / SECONDS_PER_YEAR);
  } else {
    out[ACC_SUPPLY_RATE] = rate * u * (1 - curve.reserveFactor);
    out[ACC_SUPPLY] = supply > 0 ? supply + interest : 0;
  }
}

/** The borrow rate at elapsed 0, unchecked: one string switch per borrowable per call. */
function instantBorrowRate(curve: RateCurve, state: number, u: number): number {
  switch (curve.model) {
    case 'aaveTwoSlope':
      return variableBorrowRate(curve, u);
    case 'cometKinked':
      return cometBorrowRate(curve, u);
    case 'fraxlendVariable':
      return fraxlendCurve(curve, fullUtilizationInterest(curve, state, u, 0), u);
    case 'morphoAdaptiveCurve':
      return curveRate(curve, state === 0 ? INITIAL_RATE_AT_TARGET : state, utilizationError(curve, u));
    case 'fixed':
      return curve.rate;
    case 'none':
      return 0;
    default:
      throw new Error(`borrowRate: curve.model must be a compiled model (compileRateModel), got ${String((curve as { model?: unknown }).model)}`);
  }
}

function checkStep(fn: string, state: number, u: number, seconds: number): void {
  expectNonNegative(fn, 'state', state);
  expectInRange(fn, 'utilization', u, 0, 1);
  expectNonNegative(fn, 'seconds', seconds);
}

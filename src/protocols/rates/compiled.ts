/**
 * The compiled rate curve the cascade runs on (DESIGN §4 "engines expose utilisation and the rate curve",
 * §10 Numbers and units): one flat record of plain numeric fields per borrowable, the same shape for every
 * model, so a round costs one switch per borrowable. The stateful models keep one number of state each —
 * Fraxlend's full-utilisation rate, Morpho's rate at target — held by the caller (a Float64Array slot).
 * Formulas are the contracts' (see the model files and docs/rates.md); rates are annual.
 */
import type { Protocol } from '../../network/schema/network.js';
import type { RateModel } from '../../network/schema/rates.js';
import { accruedInterest, ACCRUAL_CONVENTIONS, type AccrualConvention } from './accrual.js';
import { checkAaveTwoSlope, variableBorrowRate } from './aave-two-slope.js';
import { expectInRange, expectNonNegative, expectShareBelowOne } from './check.js';
import { checkCometKinked, getSupplyRate as cometSupplyRate, getBorrowRate as cometBorrowRate } from './comet-kinked.js';
import { SECONDS_PER_YEAR } from './constants.js';
import { checkFraxlendVariable, fraxlendCurve, fullUtilizationInterest } from './fraxlend-variable.js';
import { adaptiveBorrowRate, checkMorphoAdaptiveCurve, curveRate, INITIAL_RATE_AT_TARGET, utilizationError } from './morpho-adaptive-curve.js';
import { utilization as poolUtilization } from './utilization.js';

/** One borrowable's curve: every model's parameters under the schema's names, 0 where the model has none. */
export interface RateCurve {
  readonly model: RateModel['model'];
  /** How interest accrues on the debt (accrual.ts). */
  readonly convention: AccrualConvention;
  /** Share of borrow interest that does not reach suppliers (Aave reserveFactor, Morpho fee, Fraxlend feeToProtocolRate). */
  readonly reserveFactor: number;
  /** The state at the snapshot: fullUtilizationRate (Fraxlend), rateAtTarget (Morpho), 0 otherwise. */
  readonly initialState: number;
  /** fixed: the rate (Maker `duty` as the annual compounded rate; Liquity v2 user rates). */
  readonly rate: number;
  // aaveTwoSlope
  readonly optimalUsageRatio: number;
  readonly baseVariableBorrowRate: number;
  readonly variableRateSlope1: number;
  readonly variableRateSlope2: number;
  // cometKinked
  readonly supplyKink: number;
  readonly supplyPerYearInterestRateBase: number;
  readonly supplyPerYearInterestRateSlopeLow: number;
  readonly supplyPerYearInterestRateSlopeHigh: number;
  readonly borrowKink: number;
  readonly borrowPerYearInterestRateBase: number;
  readonly borrowPerYearInterestRateSlopeLow: number;
  readonly borrowPerYearInterestRateSlopeHigh: number;
  // fraxlendVariable
  readonly minTargetUtil: number;
  readonly maxTargetUtil: number;
  readonly vertexUtilization: number;
  readonly vertexRatePercentOfDelta: number;
  readonly zeroUtilizationRate: number;
  readonly minFullUtilRate: number;
  readonly maxFullUtilRate: number;
  readonly rateHalfLife: number;
  // morphoAdaptiveCurve
  readonly targetUtilization: number;
  readonly curveSteepness: number;
  readonly adjustmentSpeed: number;
  readonly minRateAtTarget: number;
  readonly maxRateAtTarget: number;
}

export interface CompileRateOptions {
  /** Borrowable.reserveFactor; 0 when absent. */
  reserveFactor?: number;
  /** The protocol family, which fixes the accrual convention (accrualConventionOf). */
  family?: Protocol['family'];
  /** Overrides the family's convention. */
  convention?: AccrualConvention;
}

const DEFAULTS = { reserveFactor: 0 };

const ZERO: Omit<RateCurve, 'model' | 'convention' | 'reserveFactor' | 'initialState'> = {
  rate: 0,
  optimalUsageRatio: 0,
  baseVariableBorrowRate: 0,
  variableRateSlope1: 0,
  variableRateSlope2: 0,
  supplyKink: 0,
  supplyPerYearInterestRateBase: 0,
  supplyPerYearInterestRateSlopeLow: 0,
  supplyPerYearInterestRateSlopeHigh: 0,
  borrowKink: 0,
  borrowPerYearInterestRateBase: 0,
  borrowPerYearInterestRateSlopeLow: 0,
  borrowPerYearInterestRateSlopeHigh: 0,
  minTargetUtil: 0,
  maxTargetUtil: 0,
  vertexUtilization: 0,
  vertexRatePercentOfDelta: 0,
  zeroUtilizationRate: 0,
  minFullUtilRate: 0,
  maxFullUtilRate: 0,
  rateHalfLife: 0,
  targetUtilization: 0,
  curveSteepness: 0,
  adjustmentSpeed: 0,
  minRateAtTarget: 0,
  maxRateAtTarget: 0,
};

/**
 * How a family's contracts accrue interest: Aave compounds per second (binomial), Comet and Liquity v2 simple,
 * Maker rpow of the duty, Morpho Blue wTaylorCompounded; `generic` and `perp` follow the curve they carry
 * (an Aave v2 two-slope curve compounds like Aave, Fraxlend and fixed rates are simple).
 */
export function accrualConventionOf(family: Protocol['family'] | undefined, model: RateModel['model']): AccrualConvention {
  switch (family) {
    case 'aave-v3':
      return 'compounded-aave';
    case 'compound-v3':
    case 'liquity':
      return 'simple';
    case 'maker':
      return 'compounded-exact';
    case 'morpho-blue':
      return 'compounded-taylor';
    default:
      if (model === 'aaveTwoSlope') return 'compounded-aave';
      if (model === 'morphoAdaptiveCurve') return 'compounded-taylor';
      return 'simple';
  }
}

/** Compiles a borrowable's rate model into the flat record the cascade runs on; throws on parameters the contract could not run. */
export function compileRateModel(model: RateModel, options: CompileRateOptions = {}): RateCurve {
  const fn = 'compileRateModel';
  const opts = { ...DEFAULTS, ...options };
  expectShareBelowOne(fn, 'reserveFactor', opts.reserveFactor);
  const convention = opts.convention ?? accrualConventionOf(opts.family, model.model);
  if (!ACCRUAL_CONVENTIONS.includes(convention)) {
    throw new Error(`${fn}: convention must be one of ${ACCRUAL_CONVENTIONS.join(', ')}, got ${String(convention)}`);
  }
  const base = { ...ZERO, model: model.model, convention, reserveFactor: opts.reserveFactor, initialState: 0 };
  switch (model.model) {
    case 'none':
      return base;
    case 'fixed':
      expectNonNegative(`${fn}: fixed`, 'rate', model.rate);
      return { ...base, rate: model.rate };
    case 'aaveTwoSlope': {
      const { model: _m, ...params } = model;
      checkAaveTwoSlope(`${fn}: aaveTwoSlope`, params);
      return { ...base, ...params };
    }
    case 'cometKinked': {
      const { model: _m, ...params } = model;
      checkCometKinked(`${fn}: cometKinked`, params);
      return { ...base, ...params };
    }
    case 'fraxlendVariable': {
      const { model: _m, fullUtilizationRate, ...params } = model;
      checkFraxlendVariable(`${fn}: fraxlendVariable`, params);
      expectNonNegative(`${fn}: fraxlendVariable`, 'fullUtilizationRate', fullUtilizationRate);
      return { ...base, ...params, initialState: fullUtilizationRate };
    }
    case 'morphoAdaptiveCurve': {
      const { model: _m, rateAtTarget, ...params } = model;
      checkMorphoAdaptiveCurve(`${fn}: morphoAdaptiveCurve`, params);
      expectNonNegative(`${fn}: morphoAdaptiveCurve`, 'rateAtTarget', rateAtTarget);
      return { ...base, ...params, initialState: rateAtTarget };
    }
    default:
      throw new Error(`${fn}: model must be one of aaveTwoSlope, cometKinked, fraxlendVariable, morphoAdaptiveCurve, fixed, none, got ${String((model as { model?: unknown }).model)}`);
  }
}

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

/**
 * The rate the contract charges over the next `seconds` at `utilization` and its state after them: Morpho's trapezoid
 * average and endRateAtTarget (AdaptiveCurveIrm._borrowRate), Fraxlend's rate at the advanced full-utilisation rate
 * (getNewRate, applied to the whole interval) and that rate (getFullUtilizationInterest); the current rate and the
 * state unchanged for the stateless curves.
 */
function step(curve: RateCurve, state: number, utilization: number, seconds: number): { rate: number; state: number } {
  switch (curve.model) {
    case 'morphoAdaptiveCurve': {
      const r = adaptiveBorrowRate(curve, state, utilization, seconds);
      return { rate: r.avgBorrowRate, state: r.endRateAtTarget };
    }
    case 'fraxlendVariable': {
      const full = fullUtilizationInterest(curve, state, utilization, seconds);
      return { rate: fraxlendCurve(curve, full, utilization), state: full };
    }
    default:
      return { rate: instantBorrowRate(curve, state, utilization), state };
  }
}

/** The rate the contract charges over the next `seconds` at `utilization` (`step`). */
export function averageBorrowRate(curve: RateCurve, state: number, utilization: number, seconds: number): number {
  checkStep('averageBorrowRate', state, utilization, seconds);
  return step(curve, state, utilization, seconds).rate;
}

/** The state after `seconds` at `utilization` (Fraxlend getFullUtilizationInterest, Morpho endRateAtTarget); unchanged for stateless curves. */
export function advance(curve: RateCurve, state: number, utilization: number, seconds: number): number {
  checkStep('advance', state, utilization, seconds);
  return step(curve, state, utilization, seconds).state;
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
  const fn = 'accrueTotals';
  expectNonNegative(fn, 'supply', supply);
  expectNonNegative(fn, 'debt', debt);
  const u = poolUtilization(supply, debt);
  checkStep(fn, state, u, seconds);
  let rate: number;
  let next = state;
  if (curve.model === 'morphoAdaptiveCurve') {
    const r = adaptiveBorrowRate(curve, state, u, seconds);
    rate = r.avgBorrowRate;
    next = r.endRateAtTarget;
  } else if (curve.model === 'fraxlendVariable') {
    next = fullUtilizationInterest(curve, state, u, seconds);
    rate = fraxlendCurve(curve, next, u);
  } else {
    rate = instantBorrowRate(curve, state, u);
  }
  const interest = debt * accruedInterest(curve.convention, rate, seconds);
  if (curve.model === 'cometKinked') {
    const earned = cometSupplyRate(curve, u);
    return { utilization: u, borrowRate: rate, supplyRate: earned, interest, debt: debt + interest, supply: supply * (1 + (earned * seconds) / SECONDS_PER_YEAR), state: next };
  }
  return {
    utilization: u,
    borrowRate: rate,
    supplyRate: rate * u * (1 - curve.reserveFactor),
    interest,
    debt: debt + interest,
    supply: supply > 0 ? supply + interest : 0,
    state: next,
  };
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

/**
 * The compiled rate curve the cascade runs on (DESIGN §4 "engines expose utilisation and the rate curve",
 * §10 Numbers and units): one flat record of plain numeric fields per borrowable, the same shape for every
 * model, so a round costs one switch per borrowable. The stateful models keep one number of state each —
 * Fraxlend's full-utilisation rate, Morpho's rate at target — held by the caller (a Float64Array slot).
 * Formulas are the contracts' (see the model files and docs/rates.md); rates are annual.
 */
import type { Protocol } from '../../network/schema/network.js';
import type { RateModel } from '../../network/schema/rates.js';
import { ACCRUAL_CONVENTIONS, type AccrualConvention } from './accrual.js';
import { checkAaveTwoSlope } from './aave-two-slope.js';
import { expectNonNegative, expectShareBelowOne } from './check.js';
import { checkCometKinked } from './comet-kinked.js';
import { checkFraxlendVariable } from './fraxlend-variable.js';
import { checkMorphoAdaptiveCurve } from './morpho-adaptive-curve.js';

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

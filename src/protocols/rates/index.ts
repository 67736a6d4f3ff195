/** Interest-rate curves per borrowable and interest accrual as each protocol's contracts compute them (docs/rates.md). */
export { SECONDS_PER_YEAR } from './constants.js';
export { utilization } from './utilization.js';
export { calculateInterestRates, variableBorrowRate, type AaveTwoSlopeParams, type AaveInterestRates } from './aave-two-slope.js';
export { getUtilization, getBorrowRate, getSupplyRate, type CometKinkedParams } from './comet-kinked.js';
export { getFullUtilizationInterest, getNewRate, type FraxlendVariableParams, type FraxlendNewRate } from './fraxlend-variable.js';
export {
  borrowRateView,
  curveRate,
  newRateAtTarget,
  utilizationError,
  INITIAL_RATE_AT_TARGET,
  type MorphoAdaptiveCurveParams,
  type MorphoBorrowRate,
} from './morpho-adaptive-curve.js';
export {
  accrualFactor,
  accruedInterest,
  calculateLinearInterest,
  calculateCompoundedInterest,
  wTaylorCompounded,
  drip,
  ACCRUAL_CONVENTIONS,
  type AccrualConvention,
} from './accrual.js';
export { compileRateModel, accrualConventionOf, type RateCurve, type CompileRateOptions } from './compiled.js';
export { borrowRate, supplyRate, ratesNow, averageBorrowRate, advance, accrueTotals, type AccrualStep } from './step.js';

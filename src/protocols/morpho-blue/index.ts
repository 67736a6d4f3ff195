/** The morpho-blue engine and the contract functions it is built from (AdaptiveCurveIrm: ../rates). */
export { morphoBlueEngine } from './engine.js';
export { compileMorphoBlue, cloneMorphoBlue, type MorphoBlueState, type MorphoMarketState } from './state.js';
export { liquidationIncentiveFactor, MAX_LIQUIDATION_INCENTIVE_FACTOR, LIQUIDATION_CURSOR } from './liquidation-incentive.js';
export { isHealthy, morphoHealthFactor, type IsHealthyArgs } from './health.js';
export { liquidate, maxRepayable, type LiquidateArgs, type LiquidateResult, type LiquidationPosition } from './liquidate.js';

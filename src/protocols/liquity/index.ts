/** The liquity engine (v1 and v2) and the contract functions it is built from. */
export { liquityEngine, createLiquityEngine } from './engine.js';
export { compileLiquity, cloneLiquity, DEFAULTS as LIQUITY_DEFAULTS, type LiquityState, type LiquityBranchState, type LiquityOptions } from './state.js';
export { computeCR, getCollGasCompensation, checkRecoveryMode, type LiquityVersion } from './math.js';
export { getOffsetAndRedistributionVals, getCappedOffsetVals, liquidateNormalMode, liquidateRecoveryMode, type OffsetAndRedistributionVals } from './liquidate-v1.js';
export { boldInSPForOffsets, getCollPenaltyAndSurplus, getOffsetAndRedistributionValsV2, liquidateV2 } from './liquidate-v2.js';
export { redistributeDebtAndColl } from './redistribution.js';
export type { LiquidationValues } from './values.js';
export * from './constants.js';

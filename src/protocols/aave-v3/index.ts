/** The `aave-v3` engine and the contract-named functions it is built from. */
export { aaveV3Engine, accrueAaveV3, aaveV3Totals, aaveV3Insolvency } from './engine.js';
export { compileAaveV3, cloneAaveV3, type AaveV3State, type AaveV3MarketState } from './state.js';
export { listLiquidatable, listLiquidatableBatch, listPairBatch, offerBound, offerFor, offerRowFor, calculateUserAccountData, liquidationPairOf, takerShareOf, type ListOptions } from './offers.js';
export { executeOrders, executeOrdersBatch } from './execute.js';
export {
  executeLiquidationCall,
  maxLiquidatableDebt,
  leavesDust,
  largestDustFreeRepay,
  acceptedRepay,
  acceptedRepayOf,
  maxLiquidatableDebtOf,
  leavesDustOf,
  largestDustFreeRepayOf,
  maxAcceptedRepay,
  liquidationResult,
  type LiquidationPair,
  type LiquidationResult,
} from './liquidation.js';
export * from './constants.js';

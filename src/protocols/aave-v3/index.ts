/** The `aave-v3` engine and the contract-named functions it is built from (the lender's, under Aave v3's rules). */
export { aaveV3Engine, compileAaveV3, type AaveV3State, type AaveV3MarketState } from './engine.js';
export { AAVE_V3_RULES, aaveV3Rules, aaveV3Lender } from './rules.js';
export {
  listLenderLiquidatable as listLiquidatable,
  listLenderBatch as listLiquidatableBatch,
  listLenderPairBatch as listPairBatch,
  lenderOfferBound as offerBound,
  lenderOfferFor as offerFor,
  lenderOfferRowFor as offerRowFor,
  lenderAccountData as calculateUserAccountData,
  takerShareOf,
  cloneLender as cloneAaveV3,
  accrueLender as accrueAaveV3,
  lenderTotals as aaveV3Totals,
  lenderInsolvency as aaveV3Insolvency,
  executeLenderOrders as executeOrders,
  executeLenderOrdersBatch as executeOrdersBatch,
} from '../lender/index.js';
export type { ListOptions } from '../shared/listing.js';
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
  liquidationPairOf,
  type LiquidationPair,
  type LiquidationResult,
} from './liquidation.js';
export * from './constants.js';
export { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from '../shared/health.js';

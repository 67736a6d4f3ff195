/** The `generic` engine (Aave v2, Compound v2, isolated lenders) and the contract-named functions it is built from (the lender's, under a constant close factor). */
export { genericEngine, compileGeneric, type GenericState, type GenericMarketState } from './engine.js';
export { genericLender } from './rules.js';
export {
  listLenderLiquidatable as listGenericLiquidatable,
  listLenderBatch as listGenericLiquidatableBatch,
  listLenderPairBatch as listGenericPairBatch,
  lenderOfferBound as genericOfferBound,
  lenderOfferFor as genericOfferFor,
  lenderOfferRowFor as genericOfferRowFor,
  lenderAccountData as genericAccountData,
  cloneLender as cloneGeneric,
  accrueLender as accrueGeneric,
  lenderTotals as genericTotals,
  lenderInsolvency as genericInsolvency,
  executeLenderOrders as executeGenericOrders,
  executeLenderOrdersBatch as executeGenericOrdersBatch,
} from '../lender/index.js';
export type { ListOptions as GenericListOptions } from '../shared/listing.js';
export { liquidationCall, liquidateCalculateSeizeTokens, genericAcceptedRepay, genericAcceptedRepayOf, checkGenericPair, genericPairOf, type GenericLiquidationPair, type GenericLiquidationResult } from './liquidation.js';

/** The `generic` engine (Aave v2, Compound v2, isolated lenders) and the contract-named functions it is built from. */
export { genericEngine, accrueGeneric, genericTotals, genericInsolvency } from './engine.js';
export { compileGeneric, cloneGeneric, type GenericState, type GenericMarketState } from './state.js';
export { listGenericLiquidatable, listGenericLiquidatableBatch, listGenericPairBatch, genericOfferBound, genericOfferFor, genericOfferRowFor, genericAccountData, genericPairOf, type GenericListOptions } from './offers.js';
export { executeGenericOrders, executeGenericOrdersBatch } from './execute.js';
export { liquidationCall, liquidateCalculateSeizeTokens, genericAcceptedRepay, genericAcceptedRepayOf, checkGenericPair, type GenericLiquidationPair, type GenericLiquidationResult } from './liquidation.js';

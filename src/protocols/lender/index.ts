/** The store-based pool lender that `aave-v3` and `generic` run with their versions' rules as data. */
export { lenderEngine, accrueLender, lenderTotals, lenderInsolvency } from './engine.js';
export { constantCloseFactor, maxLiquidatableDebtOf, leavesDustOf, largestDustFreeRepayOf, acceptedRepayOf, closeFactorBound, closeFactorStepOf, type LenderRules } from './rules.js';
export { lenderCompiler, cloneLender, type LenderFamily, type LenderMarketInput, type LenderMarketState, type LenderState } from './state.js';
export { lenderAccountData, lenderOfferBound, lenderOfferFor, lenderOfferRowFor, listLenderBatch, listLenderPairBatch, listLenderLiquidatable, takerShareOf } from './offers.js';
export { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from '../shared/health.js';
export { executeLenderRow, executeLenderOrders, executeLenderOrdersBatch } from './execute.js';

export { eulerV2Engine, accrueEulerV2, eulerV2Totals } from './engine.js';
export { checkLiquidation, liquidate, discountFactor, yieldExcess, pastCoolOff, type EulerLiquidationPair } from './liquidation.js';
export { compileEulerV2, cloneEulerV2, type EulerState, type EulerVaultState } from './state.js';
export { listEulerLiquidatable, listEulerLiquidatableBatch, listEulerPairBatch, eulerOfferBound } from './offers.js';
export type { ListOptions as EulerListOptions } from '../shared/listing.js';
export { executeEulerOrders, executeEulerOrdersBatch } from './execute.js';

/** The perp engine: isolated-margin perpetual futures, insurance fund and auto-deleveraging (docs/protocols/perp.md). */
export { perpEngine, createPerpEngine, PERP_DEFAULTS, perpTotals, perpInsolvency, type PerpOptions } from './engine.js';
export { compilePerp, clonePerp, type PerpState, type PerpMarketState, type PerpReserve } from './state.js';
export { equity, maintenanceMargin, perpHealthFactor, bankruptcyPrice, liquidationFee, adlRanking } from './margin.js';
export { closePosition, type CloseResult } from './liquidate.js';

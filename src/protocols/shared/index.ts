/** Utilities the position-based engines share: health factor, collateral for a repay, the sorted index, borrowables. */
export * from './health.js';
export * from './insolvency.js';
export * from './collateral.js';
export * from './liquidation-index.js';
export * from './borrowables.js';
export * from './bookkeeping.js';
export * from './listing.js';
export * from './listing-margin.js';

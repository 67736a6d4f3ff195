/** defi-contagion: cascading liquidation loops across DeFi protocols. The package root re-exports every layer. */
export * from './network/index.js';
export { clearingVector, CLEARING_VECTOR_DEFAULTS } from './cascade/clearing-vector.js';
export { debtRank, DEBT_RANK_DEFAULTS } from './analysis/debt-rank.js';
export * as rates from './protocols/rates/index.js';

/** defi-contagion: cascading liquidation loops across DeFi protocols. The package root re-exports every layer. */
export * from './network/index.js';
export { clearingVector, CLEARING_VECTOR_DEFAULTS } from './cascade/clearing-vector.js';
export { debtRank, DEBT_RANK_DEFAULTS } from './analysis/debt-rank.js';
export * as rates from './protocols/rates/index.js';
export { simulateCascade, type CascadeResult, type ProtocolResult, type AssetResult } from './cascade/simulate.js';
export { CASCADE_DEFAULTS, PLAIN_CONFIGURATION, resolveOptions, type CascadeOptions, type CircuitBreaker } from './cascade/options.js';
export { parseScenario, ScenarioError } from './cascade/scenario.js';
export { Scenario, ScenarioEvent, type ScenarioInput } from './cascade/scenario-schema.js';
export { compileKernel } from './cascade/kernel.js';
export type { ExposureResult, GameValue } from './cascade/exposure.js';
export type { RoundRecord, RoundLiquidation, VenueTrade } from './cascade/record.js';
export { summarizeRound, type RoundSummary, type RoundProtocolTotals } from './cascade/round-summary.js';
export { canonicalJson, sha256Hex } from './util/canonical-json.js';
export * from './protocols/index.js';
export * from './market/index.js';
export { progressReporter, PROGRESS_DEFAULTS, type ProgressCallback } from './util/progress.js';

/** The protocols layer (DESIGN §4, §9): the position store, the generator, one liquidation engine per family and their registry. */
export type { Engine, Offer, Order, Execution, RoundContext, ProfitFloor, MarketTotals, AssetIndex, AuctionTerms, LendingBook, OfferBatch, ExecutionBatch } from './engine.js';
/** The engine contract's row buffers (engine.ts `listLiquidatableBatch`, `executeBatch`). */
export * as batch from './batch.js';
/** A listing of each group's top and what it left out (RoundContext.leftOut). */
export { LeftOut } from './left-out.js';
/** The object calls, one adapter over the rows (tests, reports, the public API). */
export { withObjectCalls, type ObjectCalls, type ObjectEngine, type ObjectForms } from './objects.js';
export * from './position-store.js';
export { generatePair, healthFactorAt, type GeneratorFit, type GeneratedPair } from './generator.js';
export { buildMarketStore, assetIndex, type MarketStore } from './market-store.js';
export * as aaveV3 from './aave-v3/index.js';
export * as compoundV3 from './compound-v3/index.js';
export * as eulerV2 from './euler-v2/index.js';
export * as generic from './generic/index.js';
export * as lender from './lender/index.js';
export * as liquity from './liquity/index.js';
export * as maker from './maker/index.js';
export * as morphoBlue from './morpho-blue/index.js';
export * as perp from './perp/index.js';
export { aaveV3Engine } from './aave-v3/index.js';
export { compoundV3Engine } from './compound-v3/index.js';
export { eulerV2Engine } from './euler-v2/index.js';
export { genericEngine } from './generic/index.js';
export { createLiquityEngine } from './liquity/index.js';
export { createMakerEngine } from './maker/index.js';
export { morphoBlueEngine } from './morpho-blue/index.js';
export { createPerpEngine } from './perp/index.js';
export { FAMILIES, familyRules, engineFor, type EngineSwitches, type FamilyRules, type LossWaterfall } from './registry.js';


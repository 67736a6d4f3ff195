/** The protocols layer (DESIGN §4, §9): the position store, the generator, one liquidation engine per family. */
import type { Protocol } from '../network/schema/network.js';
import type { Engine } from './engine.js';
import { aaveV3Engine } from './aave-v3/index.js';
import { compoundV3Engine } from './compound-v3/index.js';
import { genericEngine } from './generic/index.js';
import { createLiquityEngine } from './liquity/index.js';
import { createMakerEngine } from './maker/index.js';
import { morphoBlueEngine } from './morpho-blue/index.js';
import { createPerpEngine } from './perp/index.js';

export type { Engine, Offer, Order, Execution, RoundContext, ProfitFloor, MarketTotals, AssetIndex, AuctionTerms, LendingBook, OfferBatch, ExecutionBatch } from './engine.js';
/** The batch path's row buffers (engine.ts `listLiquidatableBatch`, `executeBatch`). */
export * as batch from './batch.js';
export * from './position-store.js';
export { generatePair, healthFactorAt, type GeneratorFit, type GeneratedPair } from './generator.js';
export { buildMarketStore, assetIndex, type MarketStore } from './market-store.js';
export * as aaveV3 from './aave-v3/index.js';
export * as compoundV3 from './compound-v3/index.js';
export * as generic from './generic/index.js';
export * as liquity from './liquity/index.js';
export * as maker from './maker/index.js';
export * as morphoBlue from './morpho-blue/index.js';
export * as perp from './perp/index.js';
export { aaveV3Engine, compoundV3Engine, genericEngine, morphoBlueEngine, createLiquityEngine, createMakerEngine, createPerpEngine };

/** Switches of the engines that the cascade sets (DESIGN §5's plain configuration turns the first two off). */
export interface EngineSwitches {
  /** Liquity v1 recovery mode (TCR < CCR). */
  liquityRecoveryMode: boolean;
  /** Maker Clipper resets (`redo` after `tail` or below `cusp`). */
  auctionResets: boolean;
  /** Share of its collateral gains a Liquity stability pool sells. */
  stabilityPoolSellShare: number;
}

/** The engine of a protocol's family, configured. */
export function engineFor(family: Protocol['family'], s: EngineSwitches): Engine<unknown> {
  switch (family) {
    case 'aave-v3':
      return aaveV3Engine as Engine<unknown>;
    case 'compound-v3':
      return compoundV3Engine as Engine<unknown>;
    case 'generic':
      return genericEngine as Engine<unknown>;
    case 'morpho-blue':
      return morphoBlueEngine as Engine<unknown>;
    case 'liquity':
      return createLiquityEngine({ recoveryMode: s.liquityRecoveryMode, spSellShare: s.stabilityPoolSellShare }) as Engine<unknown>;
    case 'maker':
      return createMakerEngine({ resets: s.auctionResets }) as Engine<unknown>;
    case 'perp':
      return createPerpEngine() as Engine<unknown>;
  }
}

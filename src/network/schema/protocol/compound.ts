/**
 * Compound v3 (Comet): one base asset per market, collateral assets with the AssetConfig names
 * (borrowCollateralFactor, liquidateCollateralFactor, liquidationFactor), the store-front discount.
 */
import { z } from 'zod';
import { Amount, Id, Share, ShareAboveZero } from '../common.js';
import { Borrowable, lendingFacts, marketBase, protocolBase, type MarketFacts } from './shared.js';

export const CometCollateral = z
  .object({
    asset: Id,
    borrowCollateralFactor: Share,
    liquidateCollateralFactor: ShareAboveZero,
    liquidationFactor: Share,
    supplyCap: Amount.optional(),
  })
  .strict();

export const CometMarket = z
  .object({
    ...marketBase,
    collaterals: z.array(CometCollateral),
    /** Exactly one: the base asset. */
    borrowables: z.array(Borrowable),
    storeFrontPriceFactor: Share,
    /** buyCollateral is allowed only while reserves < targetReserves (base tokens). */
    targetReserves: Amount,
    baseBorrowMin: Amount.default(0),
  })
  .strict();

export const CompoundProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('compound-v3'),
    markets: z.array(CometMarket).min(1, 'expected at least one market (a Comet)'),
  })
  .strict()
  .meta({ id: 'CompoundProtocol' });

export type CometCollateral = z.infer<typeof CometCollateral>;
export type CometMarket = z.infer<typeof CometMarket>;
export type CompoundProtocol = z.infer<typeof CompoundProtocol>;

/** Comet: liquidateCollateralFactor; d/(1 − d) with d = storeFrontPriceFactor·(1 − liquidationFactor). */
export const compoundV3Facts: MarketFacts<CompoundProtocol> = lendingFacts<CompoundProtocol>({
  liquidationThreshold: (_p, m, asset) => m.collaterals.find((c) => c.asset === asset)?.liquidateCollateralFactor,
  liquidationIncentive: (_p, m, asset) => {
    const c = m.collaterals.find((x) => x.asset === asset);
    if (!c) return null;
    const d = m.storeFrontPriceFactor * (1 - c.liquidationFactor);
    return d / (1 - d);
  },
});

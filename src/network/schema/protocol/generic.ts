/**
 * The earlier generation's multi-collateral lender (Aave v2, Compound v2) and isolated single-collateral
 * lenders (Fraxlend, Abracadabra, Inverse): a threshold and a bonus per collateral, a fixed close factor.
 * A `generic` protocol without markets is a balance sheet that only issues tokens (Lido).
 */
import { z } from 'zod';
import { Id, Share, ShareAboveZero } from '../common.js';
import { LiquidationBonus } from './aave.js';
import { Borrowable, lendingFacts, marketBase, protocolBase, type MarketFacts } from './shared.js';

export const GenericCollateral = z
  .object({ asset: Id, ltv: Share.optional(), liquidationThreshold: ShareAboveZero, liquidationBonus: LiquidationBonus })
  .strict();

export const GenericMarket = z
  .object({
    ...marketBase,
    collaterals: z.array(GenericCollateral),
    borrowables: z.array(Borrowable),
    closeFactor: ShareAboveZero,
  })
  .strict();

export const GenericProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('generic'),
    /** Which rules it stands for: 'aave-v2', 'compound-v2', 'fraxlend', 'lido', … */
    version: z.string().min(1, 'expected a non-empty version label').optional(),
    markets: z.array(GenericMarket).default([]),
  })
  .strict()
  .meta({ id: 'GenericProtocol' });

export type GenericMarket = z.infer<typeof GenericMarket>;
export type GenericProtocol = z.infer<typeof GenericProtocol>;

/** generic: a threshold and a bonus per collateral. */
export const genericFacts: MarketFacts<GenericProtocol> = lendingFacts<GenericProtocol>({
  liquidationThreshold: (_p, m, asset) => m.collaterals.find((c) => c.asset === asset)?.liquidationThreshold,
  liquidationIncentive: (_p, m, asset) => m.collaterals.find((c) => c.asset === asset)?.liquidationBonus ?? null,
});

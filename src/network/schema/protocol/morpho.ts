/** Morpho Blue: isolated markets of one collateral and one loan asset with an `lltv`; the incentive is derived. */
import { z } from 'zod';
import { Id, OpenShare } from '../common.js';
import { Borrowable, lendingFacts, marketBase, protocolBase, type MarketFacts } from './shared.js';

export const MorphoCollateral = z.object({ asset: Id, lltv: OpenShare }).strict();

export const MorphoMarket = z
  .object({
    ...marketBase,
    collaterals: z.array(MorphoCollateral),
    borrowables: z.array(Borrowable),
  })
  .strict();

export const MorphoProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('morpho-blue'),
    markets: z.array(MorphoMarket).min(1, 'expected at least one market'),
  })
  .strict()
  .meta({ id: 'MorphoProtocol' });

export type MorphoMarket = z.infer<typeof MorphoMarket>;
export type MorphoProtocol = z.infer<typeof MorphoProtocol>;

/** Morpho Blue's liquidation incentive factor: min(1.15, 1 / (1 − 0.3·(1 − lltv))) (Morpho.sol, ConstantsLib). */
export function morphoLiquidationIncentiveFactor(lltv: number): number {
  return Math.min(1.15, 1 / (1 - 0.3 * (1 - lltv)));
}

/** Morpho Blue: lltv; LIF − 1. */
export const morphoBlueFacts: MarketFacts<MorphoProtocol> = lendingFacts<MorphoProtocol>({
  liquidationThreshold: (_p, m, asset) => m.collaterals.find((c) => c.asset === asset)?.lltv,
  liquidationIncentive: (_p, m, asset) => {
    const c = m.collaterals.find((x) => x.asset === asset);
    return c ? morphoLiquidationIncentiveFactor(c.lltv) - 1 : null;
  },
});

/** Perpetual futures: margin in one collateral asset, a maintenance margin, an insurance fund (in `reserves`). */
import { z } from 'zod';
import { Id, OpenShare, Oracle, ShareBelowOne } from '../common.js';
import { PerpPosition } from '../positions.js';
import { protocolBase, type MarketFacts } from './shared.js';

export const PerpMarket = z
  .object({
    id: Id,
    label: z.string().optional(),
    oracles: z.record(Id, Oracle).optional(),
    /** Exactly one: the margin asset. */
    collaterals: z.array(z.object({ asset: Id }).strict()),
    underlying: Id,
    maintenanceMarginRatio: OpenShare,
    /** Share of the closed notional paid to the liquidator. */
    liquidationFeeRatio: ShareBelowOne,
    positions: z.array(PerpPosition).default([]),
  })
  .strict();

export const PerpProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('perp'),
    markets: z.array(PerpMarket).min(1, 'expected at least one market'),
  })
  .strict()
  .meta({ id: 'PerpProtocol' });

export type PerpMarket = z.infer<typeof PerpMarket>;
export type PerpProtocol = z.infer<typeof PerpProtocol>;

/** A perp closes a position by trading its underlying against the margin asset; LT = 1 − maintenance margin, no incentive. */
export const perpFacts: MarketFacts<PerpProtocol> = {
  sells: (m) => [m.underlying],
  buys: (m) => m.collaterals.map((c) => c.asset),
  lends: () => [],
  lendingPositions: () => [],
  liquidationThreshold: (_p, m, asset) => (m.collaterals.some((c) => c.asset === asset) ? 1 - m.maintenanceMarginRatio : undefined),
  liquidationIncentive: () => null,
};

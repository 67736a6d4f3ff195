/**
 * Aave v3 (and its forks, Spark on the 3.0 line): reserves as collaterals and borrowables, e-mode categories,
 * isolation-mode debt ceilings. Names and forms as in ReserveConfiguration; `liquidationBonus` is the excess
 * (0.05 for the on-chain 10500), as Aave's own documents quote it.
 */
import { z } from 'zod';
import { Amount, Id, Share, ShareAboveZero } from '../common.js';
import { EmodeId } from '../positions.js';
import { Borrowable, lendingFacts, marketBase, protocolBase, type MarketFacts } from './shared.js';

export const LiquidationBonus = z.number().min(0, 'expected a liquidation bonus >= 0 (the excess: 0.05 for 10500)');

export const AaveCollateral = z
  .object({
    asset: Id,
    ltv: Share,
    liquidationThreshold: ShareAboveZero,
    liquidationBonus: LiquidationBonus,
    /** Share of the bonus kept by the protocol (liquidationProtocolFee). */
    liquidationProtocolFee: Share,
    /** Isolation mode: USD debt ceiling for positions using this collateral; absent = not isolated. */
    debtCeiling: Amount.optional(),
    supplyCap: Amount.optional(),
  })
  .strict();

export const EmodeCollateral = z
  .object({ asset: Id, ltv: Share, liquidationThreshold: ShareAboveZero, liquidationBonus: LiquidationBonus })
  .strict();

export const Emode = z
  .object({
    id: EmodeId,
    label: z.string().min(1, 'expected a non-empty label'),
    collaterals: z.array(EmodeCollateral).min(1, 'expected at least one e-mode collateral'),
    borrowables: z.array(Id).min(1, 'expected at least one e-mode borrowable asset'),
  })
  .strict();

export const AaveMarket = z
  .object({
    ...marketBase,
    collaterals: z.array(AaveCollateral),
    borrowables: z.array(Borrowable),
    emodes: z.array(Emode).default([]),
  })
  .strict();

export const AaveProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('aave-v3'),
    version: z.enum(['3.0', '3.3']),
    markets: z.array(AaveMarket).min(1, 'expected at least one market (an Aave pool)'),
  })
  .strict()
  .meta({ id: 'AaveProtocol' });

export type AaveCollateral = z.infer<typeof AaveCollateral>;
export type Emode = z.infer<typeof Emode>;
export type AaveMarket = z.infer<typeof AaveMarket>;
export type AaveProtocol = z.infer<typeof AaveProtocol>;

/** The e-mode's figure when the position is in one and the asset belongs to it, else the reserve's. */
function aaveFigure(m: AaveMarket, asset: string, emode: number | undefined, f: 'liquidationThreshold' | 'liquidationBonus'): number | undefined {
  const e = emode === undefined ? undefined : m.emodes.find((x) => x.id === emode)?.collaterals.find((c) => c.asset === asset);
  return e ? e[f] : m.collaterals.find((c) => c.asset === asset)?.[f];
}

/** Aave v3: LT and bonus per reserve, an e-mode's when the position is in it. */
export const aaveV3Facts: MarketFacts<AaveProtocol> = lendingFacts<AaveProtocol>({
  liquidationThreshold: (_p, m, asset, emode) => aaveFigure(m, asset, emode, 'liquidationThreshold'),
  liquidationIncentive: (_p, m, asset, emode) => aaveFigure(m, asset, emode, 'liquidationBonus') ?? null,
});

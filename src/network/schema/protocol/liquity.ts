/**
 * Liquity v1 (one ETH branch, LUSD) and v2 (branches per collateral, BOLD): minimum, critical and (v2)
 * shutdown ratios as multipliers (`MCR: 1.1`), the stability pool, v2's liquidation penalties.
 */
import { z } from 'zod';
import { Amount, Id, MultiplierAtLeastOne, Share } from '../common.js';
import { Borrowable, lendingFacts, marketBase, protocolBase, type MarketFacts } from './shared.js';

export const LiquityCollateral = z
  .object({
    asset: Id,
    MCR: MultiplierAtLeastOne,
    CCR: MultiplierAtLeastOne,
    /** v2 only: the branch shuts down below this total ratio. */
    SCR: MultiplierAtLeastOne.optional(),
  })
  .strict();

export const LiquityBranch = z
  .object({
    ...marketBase,
    collaterals: z.array(LiquityCollateral),
    borrowables: z.array(Borrowable),
    /** Debt tokens deposited in the branch's stability pool. */
    stabilityPool: Amount,
    /** v2 only (LIQUIDATION_PENALTY_SP_*): collateral paid to the pool above the debt it offsets. */
    liquidationPenaltySP: Share.optional(),
    /** v2 only (LIQUIDATION_PENALTY_REDISTRIBUTION_*). */
    liquidationPenaltyRedistribution: Share.optional(),
  })
  .strict();

export const LiquityProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('liquity'),
    version: z.enum(['v1', 'v2']),
    markets: z.array(LiquityBranch).min(1, 'expected at least one market (a branch)'),
  })
  .strict()
  .meta({ id: 'LiquityProtocol' });

export type LiquityBranch = z.infer<typeof LiquityBranch>;
export type LiquityProtocol = z.infer<typeof LiquityProtocol>;

/** Liquity v1 pays 0.5% of a trove's collateral to the liquidator (LiquityBase.PERCENT_DIVISOR = 200). */
export const LIQUITY_V1_COLLATERAL_GAS_COMPENSATION = 0.005;

/** Liquity: 1/MCR; v1 the collateral above the debt at the MCR net of gas compensation, v2 liquidationPenaltySP. */
export const liquityFacts: MarketFacts<LiquityProtocol> = lendingFacts<LiquityProtocol>({
  liquidationThreshold: (_p, m, asset) => {
    const c = m.collaterals.find((x) => x.asset === asset);
    return c ? 1 / c.MCR : undefined;
  },
  liquidationIncentive: (p, m, asset) => {
    if (p.version === 'v2') return m.liquidationPenaltySP ?? null;
    const c = m.collaterals.find((x) => x.asset === asset);
    return c ? c.MCR * (1 - LIQUITY_V1_COLLATERAL_GAS_COMPENSATION) - 1 : null;
  },
});

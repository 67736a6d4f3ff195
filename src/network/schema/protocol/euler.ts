/**
 * Euler v2 (the Euler Vault Kit, EVK): a market is one liability vault — the vault borrowers owe, with the collateral
 * vaults it accepts. Names and forms as the vault's own getters and setters: `borrowLTV` and `liquidationLTV` per
 * collateral (`LTVBorrow`, `LTVLiquidation`; the contract's 0.85e4 is 0.85), `maxLiquidationDiscount` (0.15e4 is
 * 0.15), `liquidationCoolOffTime` (seconds), and debt socialisation (on unless `CFG_DONT_SOCIALIZE_DEBT` is set).
 * Sources: the EVK whitepaper (euler-xyz/euler-vault-kit docs/whitepaper.md, "Risk Management", "Liquidation").
 */
import { z } from 'zod';
import { Id, Seconds, ShareAboveZero, ShareBelowOne } from '../common.js';
import { Position, PositionsCsv } from '../positions.js';
import { Borrowable, lendingFacts, marketBase, protocolBase, type MarketFacts } from './shared.js';

export const EulerCollateral = z
  .object({
    asset: Id,
    /** LTVBorrow: the most a new loan may borrow against this collateral (≤ liquidationLTV). */
    borrowLTV: ShareBelowOne.optional(),
    /** LTVLiquidation: the share of the collateral's value that counts towards the health score. */
    liquidationLTV: ShareAboveZero,
  })
  .strict();

/** An account of the vault: a position, with when it last passed an account status check (seconds, ≤ 0 = before the snapshot). */
export const EulerPosition = Position.extend({
  lastStatusCheck: z.number().max(0, 'expected a time <= 0 (seconds relative to the snapshot)').optional(),
})
  .strict()
  .meta({ id: 'EulerPosition' });

export const EulerVault = z
  .object({
    ...marketBase,
    positions: z.union([z.array(EulerPosition), PositionsCsv]).optional(),
    collaterals: z.array(EulerCollateral),
    /** Exactly one: the vault's own asset, which its borrowers owe. */
    borrowables: z.array(Borrowable),
    /** The cap on the liquidation discount (the discount is 1 − health score, at most this). */
    maxLiquidationDiscount: ShareBelowOne,
    /** Seconds after an account passes a status check during which it cannot be liquidated. */
    liquidationCoolOffTime: Seconds.int('expected a whole number of seconds'),
    /** false when the vault sets CFG_DONT_SOCIALIZE_DEBT: debt left without collateral then stays on the account. */
    socializeDebt: z.boolean().default(true),
  })
  .strict();

export const EulerProtocol = z
  .object({
    ...protocolBase,
    family: z.literal('euler-v2'),
    markets: z.array(EulerVault).min(1, 'expected at least one market (a liability vault)'),
  })
  .strict()
  .meta({ id: 'EulerProtocol' });

export type EulerPosition = z.infer<typeof EulerPosition>;
export type EulerVault = z.infer<typeof EulerVault>;
export type EulerProtocol = z.infer<typeof EulerProtocol>;

/**
 * Euler v2: liquidationLTV; the incentive at its cap, d/(1 − d) with d = maxLiquidationDiscount (a liquidator pays
 * 1 − d per unit of collateral value, so receives repay/(1 − d) of it).
 */
export const eulerV2Facts: MarketFacts<EulerProtocol> = lendingFacts<EulerProtocol>({
  liquidationThreshold: (_p, m, asset) => m.collaterals.find((c) => c.asset === asset)?.liquidationLTV,
  liquidationIncentive: (_p, m, asset) => (m.collaterals.some((c) => c.asset === asset) ? m.maxLiquidationDiscount / (1 - m.maxLiquidationDiscount) : null),
});

/** Pieces every protocol family shares: borrowables, loss-absorbing reserves, market borrowers and oracles. */
import { z } from 'zod';
import { Amount, Id, Oracle, ShareBelowOne } from '../common.js';
import { Generator, Positions, type Position } from '../positions.js';
import { RateModel } from '../rates.js';

/** An asset lenders supply and borrowers take, with its rate curve and the total supplied (for utilisation). */
export const Borrowable = z
  .object({
    asset: Id,
    rateModel: RateModel,
    /** Total supplied by lenders, whole tokens; utilisation = debt / supply. */
    supply: Amount.optional(),
    reserveFactor: ShareBelowOne.optional(),
    borrowCap: Amount.optional(),
  })
  .strict()
  .meta({ id: 'Borrowable' });

/** Capital that absorbs losses before lenders (safety module, surplus buffer, insurance fund, comet reserves). */
export const Reserve = z
  .object({
    label: z.string().min(1, 'expected a non-empty label'),
    kind: z.enum(['treasury', 'safetyModule', 'surplusBuffer', 'insuranceFund', 'protocolReserves']),
    asset: Id,
    amount: Amount,
    /** The market whose losses it covers; the whole protocol when absent. */
    market: Id.optional(),
  })
  .strict()
  .meta({ id: 'Reserve' });

/** Fields every market has: its id, per-asset oracles and its borrowers. */
export const marketBase = {
  id: Id,
  label: z.string().optional(),
  /** Oracle per asset of this market, overriding the protocol's default. */
  oracles: z.record(Id, Oracle).optional(),
  positions: Positions.optional(),
  generator: Generator.optional(),
};

/** Fields every protocol has. */
export const protocolBase = {
  id: Id,
  name: z.string().optional(),
  /** The protocol's default oracle for every market and asset. */
  oracle: Oracle.optional(),
  reserves: z.array(Reserve).default([]),
};

export type Borrowable = z.infer<typeof Borrowable>;
export type Reserve = z.infer<typeof Reserve>;

/**
 * What the family-neutral views of src/network/markets.ts read of one family's market (DESIGN §10 Parameters): the
 * assets a liquidation sells and buys, what the market lends, its explicit positions, and the two normalised figures.
 * Each family's schema file defines its own; network/markets.ts keys them by family.
 */
export interface MarketFacts<P extends { markets: readonly unknown[] }> {
  /** What a liquidation takes and sells: the collaterals (a perp: its underlying). */
  sells(market: P['markets'][number]): string[];
  /** What it is paid in, or buys to repay: the borrowables (a perp: its margin asset). */
  buys(market: P['markets'][number]): string[];
  /** What lenders supply and borrowers take ([] where nothing is lent). */
  lends(market: P['markets'][number]): string[];
  /** Explicit positions (resolved arrays only; none where the market keeps no lending positions). */
  lendingPositions(market: P['markets'][number]): Position[];
  /** The share of a collateral's value that counts towards solvency, in (0, 1]; undefined for an asset it does not accept. */
  liquidationThreshold(protocol: P, market: P['markets'][number], asset: string, emode?: number): number | undefined;
  /** The excess paid to whoever takes the collateral, per unit of debt; null where an auction decides it or there is none. */
  liquidationIncentive(protocol: P, market: P['markets'][number], asset: string, emode?: number): number | null;
}

type LendingMarket = { collaterals: { asset: string }[]; borrowables: { asset: string }[]; positions?: unknown };

/** The facts every lending family shares (sell collateral, buy the borrowable), with its own two figures. */
export function lendingFacts<P extends { markets: readonly LendingMarket[] }>(
  figures: Pick<MarketFacts<P>, 'liquidationThreshold' | 'liquidationIncentive'>,
): MarketFacts<P> {
  return {
    sells: (m) => m.collaterals.map((c) => c.asset),
    buys: (m) => m.borrowables.map((b) => b.asset),
    lends: (m) => m.borrowables.map((b) => b.asset),
    lendingPositions: (m) => (Array.isArray(m.positions) ? (m.positions as Position[]) : []),
    ...figures,
  };
}

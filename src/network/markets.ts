/**
 * Family-neutral views of a market: which assets it accepts, lends, sells and buys in a liquidation, and the two
 * normalised figures every family derives (DESIGN §10 Parameters): `liquidationThreshold` in (0, 1] and
 * `liquidationIncentive`. Each family's rules sit in its schema file (`MarketFacts`), keyed by family in
 * schema/protocol/families.ts.
 */
import type { Market, Protocol } from './schema/network.js';
import type { Position } from './schema/positions.js';
import type { MarketFacts } from './schema/protocol/shared.js';
import { FAMILY_FACTS } from './schema/protocol/families.js';

export { LIQUITY_V1_COLLATERAL_GAS_COMPENSATION } from './schema/protocol/liquity.js';
export { morphoLiquidationIncentiveFactor } from './schema/protocol/morpho.js';

/** The facts of a protocol's family (one table, so that no caller switches on the family). */
function factsOf(protocol: Protocol): MarketFacts<Protocol> {
  const f = Object.hasOwn(FAMILY_FACTS, protocol.family) ? FAMILY_FACTS[protocol.family] : undefined;
  if (!f) throw new Error(`marketFacts: unknown protocol family "${String(protocol.family)}" (${protocol.id})`);
  return f as unknown as MarketFacts<Protocol>;
}

export function collateralAssets(market: Market): string[] {
  return market.collaterals.map((c) => c.asset);
}

export function borrowableAssets(protocol: Protocol, market: Market): string[] {
  return factsOf(protocol).lends(market);
}

/** What a liquidation in this market sells and what it buys or is paid in (route ends: sells → buys). */
export function liquidationSales(protocol: Protocol, market: Market): { sells: string[]; buys: string[] } {
  const f = factsOf(protocol);
  return { sells: f.sells(market), buys: f.buys(market) };
}

/** Explicit positions of a lending market (resolved arrays only; perp positions are not lending positions). */
export function lendingPositions(protocol: Protocol, market: Market): Position[] {
  return factsOf(protocol).lendingPositions(market);
}

/**
 * The share of a collateral's value that counts towards solvency: Aave/generic LT (the e-mode's when the
 * position is in one and the asset belongs to it), Comet liquidateCollateralFactor, Maker 1/mat, Liquity 1/MCR,
 * Morpho lltv; perp 1 − maintenance margin ratio.
 */
export function liquidationThreshold(protocol: Protocol, market: Market, asset: string, emode?: number): number | undefined {
  return factsOf(protocol).liquidationThreshold(protocol, market, asset, emode);
}

/**
 * The excess paid to whoever takes the collateral, per unit of debt: Aave/generic bonus, Morpho LIF − 1,
 * Comet d/(1 − d) with d = storeFrontPriceFactor·(1 − liquidationFactor), Liquity's stability-pool penalty
 * (v1: the collateral above the debt at the MCR, net of the 0.5% gas compensation). `null` where an
 * auction decides it (Maker) or for a perp.
 */
export function liquidationIncentive(protocol: Protocol, market: Market, asset: string, emode?: number): number | null {
  return factsOf(protocol).liquidationIncentive(protocol, market, asset, emode);
}

/**
 * Family-neutral views of a market: which assets it accepts and lends, and the two normalised figures every
 * family derives (DESIGN §10 Parameters): `liquidationThreshold` in (0, 1] and `liquidationIncentive`.
 */
import type { Market, Protocol } from './schema/network.js';
import type { Position } from './schema/positions.js';

/** Liquity v1 pays 0.5% of a trove's collateral to the liquidator (LiquityBase.PERCENT_DIVISOR = 200). */
export const LIQUITY_V1_COLLATERAL_GAS_COMPENSATION = 0.005;

export function collateralAssets(market: Market): string[] {
  return market.collaterals.map((c) => c.asset);
}

export function borrowableAssets(protocol: Protocol, market: Market): string[] {
  if (protocol.family === 'perp') return [];
  return (market as Exclude<Market, { underlying: string }>).borrowables.map((b) => b.asset);
}

/** Explicit positions of a lending market (resolved arrays only; perp positions are not lending positions). */
export function lendingPositions(protocol: Protocol, market: Market): Position[] {
  if (protocol.family === 'perp') return [];
  const p = (market as { positions?: unknown }).positions;
  return Array.isArray(p) ? (p as Position[]) : [];
}

/**
 * The share of a collateral's value that counts towards solvency: Aave/generic LT (the e-mode's when the
 * position is in one and the asset belongs to it), Comet liquidateCollateralFactor, Maker 1/mat, Liquity 1/MCR,
 * Morpho lltv; perp 1 − maintenance margin ratio.
 */
export function liquidationThreshold(protocol: Protocol, market: Market, asset: string, emode?: number): number | undefined {
  switch (protocol.family) {
    case 'aave-v3': {
      const m = market as Extract<Protocol, { family: 'aave-v3' }>['markets'][number];
      if (emode !== undefined) {
        const e = m.emodes.find((x) => x.id === emode)?.collaterals.find((c) => c.asset === asset);
        if (e) return e.liquidationThreshold;
      }
      return m.collaterals.find((c) => c.asset === asset)?.liquidationThreshold;
    }
    case 'generic':
      return (market as Extract<Protocol, { family: 'generic' }>['markets'][number]).collaterals.find((c) => c.asset === asset)?.liquidationThreshold;
    case 'compound-v3':
      return (market as Extract<Protocol, { family: 'compound-v3' }>['markets'][number]).collaterals.find((c) => c.asset === asset)?.liquidateCollateralFactor;
    case 'maker': {
      const c = (market as Extract<Protocol, { family: 'maker' }>['markets'][number]).collaterals.find((x) => x.asset === asset);
      return c ? 1 / c.mat : undefined;
    }
    case 'liquity': {
      const c = (market as Extract<Protocol, { family: 'liquity' }>['markets'][number]).collaterals.find((x) => x.asset === asset);
      return c ? 1 / c.MCR : undefined;
    }
    case 'morpho-blue':
      return (market as Extract<Protocol, { family: 'morpho-blue' }>['markets'][number]).collaterals.find((c) => c.asset === asset)?.lltv;
    case 'perp': {
      const m = market as Extract<Protocol, { family: 'perp' }>['markets'][number];
      return m.collaterals.some((c) => c.asset === asset) ? 1 - m.maintenanceMarginRatio : undefined;
    }
  }
}

/** Morpho Blue's liquidation incentive factor: min(1.15, 1 / (1 − 0.3·(1 − lltv))) (Morpho.sol, ConstantsLib). */
export function morphoLiquidationIncentiveFactor(lltv: number): number {
  return Math.min(1.15, 1 / (1 - 0.3 * (1 - lltv)));
}

/**
 * The excess paid to whoever takes the collateral, per unit of debt: Aave/generic bonus, Morpho LIF − 1,
 * Comet d/(1 − d) with d = storeFrontPriceFactor·(1 − liquidationFactor), Liquity's stability-pool penalty
 * (v1: the collateral above the debt at the MCR, net of the 0.5% gas compensation). `null` where an
 * auction decides it (Maker) or for a perp.
 */
export function liquidationIncentive(protocol: Protocol, market: Market, asset: string, emode?: number): number | null {
  switch (protocol.family) {
    case 'aave-v3': {
      const m = market as Extract<Protocol, { family: 'aave-v3' }>['markets'][number];
      if (emode !== undefined) {
        const e = m.emodes.find((x) => x.id === emode)?.collaterals.find((c) => c.asset === asset);
        if (e) return e.liquidationBonus;
      }
      return m.collaterals.find((c) => c.asset === asset)?.liquidationBonus ?? null;
    }
    case 'generic':
      return (market as Extract<Protocol, { family: 'generic' }>['markets'][number]).collaterals.find((c) => c.asset === asset)?.liquidationBonus ?? null;
    case 'compound-v3': {
      const m = market as Extract<Protocol, { family: 'compound-v3' }>['markets'][number];
      const c = m.collaterals.find((x) => x.asset === asset);
      if (!c) return null;
      const d = m.storeFrontPriceFactor * (1 - c.liquidationFactor);
      return d / (1 - d);
    }
    case 'morpho-blue': {
      const c = (market as Extract<Protocol, { family: 'morpho-blue' }>['markets'][number]).collaterals.find((x) => x.asset === asset);
      return c ? morphoLiquidationIncentiveFactor(c.lltv) - 1 : null;
    }
    case 'liquity': {
      const m = market as Extract<Protocol, { family: 'liquity' }>['markets'][number];
      if (protocol.version === 'v2') return m.liquidationPenaltySP ?? null;
      const c = m.collaterals.find((x) => x.asset === asset);
      return c ? c.MCR * (1 - LIQUITY_V1_COLLATERAL_GAS_COMPENSATION) - 1 : null;
    }
    case 'maker':
    case 'perp':
      return null;
  }
}

/**
 * A lending position's health at given prices (DESIGN §10 Parameters, Measures): HF = Σ c·p·LT ÷ Σ d·p, with the
 * family-neutral liquidation threshold of network/markets.ts (the e-mode's when the position is in one), and its
 * liquidation price per collateral asset with every other price held (the dashboards' "liquidation price").
 */
import type { Market, Protocol } from './schema/network.js';
import type { Position } from './schema/positions.js';
import { liquidationThreshold } from './markets.js';

export interface PositionHealth {
  collateralUsd: number;
  /** Σ c·p·LT: the collateral value that counts towards solvency. */
  weightedCollateralUsd: number;
  debtUsd: number;
  /** weighted collateral ÷ debt; Infinity without debt. */
  healthFactor: number;
}

const priceOf = (prices: ReadonlyMap<string, number>, asset: string, fn: string): number => {
  const p = prices.get(asset);
  if (!(p !== undefined && p > 0 && p < Infinity)) throw new Error(`${fn}: no finite price > 0 for asset "${asset}" (got ${p})`);
  return p;
};

/** The threshold of `asset` for this position (its e-mode's where it has one); 0 for an asset the market does not accept. */
export function positionThreshold(protocol: Protocol, market: Market, position: Position, asset: string): number {
  return liquidationThreshold(protocol, market, asset, position.emode) ?? 0;
}

export function positionHealth(protocol: Protocol, market: Market, position: Position, prices: ReadonlyMap<string, number>): PositionHealth {
  let collateralUsd = 0;
  let weightedCollateralUsd = 0;
  let debtUsd = 0;
  for (const [a, x] of Object.entries(position.collateral)) {
    const v = x * priceOf(prices, a, 'positionHealth');
    collateralUsd += v;
    weightedCollateralUsd += v * positionThreshold(protocol, market, position, a);
  }
  for (const [a, x] of Object.entries(position.debt)) debtUsd += x * priceOf(prices, a, 'positionHealth');
  return { collateralUsd, weightedCollateralUsd, debtUsd, healthFactor: debtUsd > 0 ? weightedCollateralUsd / debtUsd : Infinity };
}

/**
 * The price of `asset` at which HF = 1, every other price held: solves c·LT·P − d·P = D' − W' (c, d the position's
 * collateral and debt in `asset`, W' and D' the rest at `prices`). null when no positive price does it (the rest
 * alone is solvent or insolvent whatever the price, or the asset is not in the position).
 */
export function liquidationPriceOf(protocol: Protocol, market: Market, position: Position, asset: string, prices: ReadonlyMap<string, number>): number | null {
  const h = positionHealth(protocol, market, position, prices);
  const p = priceOf(prices, asset, 'liquidationPriceOf');
  const c = position.collateral[asset] ?? 0;
  const d = position.debt[asset] ?? 0;
  const slope = c * positionThreshold(protocol, market, position, asset) - d;
  const restW = h.weightedCollateralUsd - c * positionThreshold(protocol, market, position, asset) * p;
  const restD = h.debtUsd - d * p;
  if (slope === 0) return null;
  const price = (restD - restW) / slope;
  return price > 0 && Number.isFinite(price) ? price : null;
}

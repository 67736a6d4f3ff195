/**
 * Liquidation levels (issue #19; the first-order curve of DefiLlama's liquidations dashboard): at each price of one
 * asset from its market price down, the collateral of every explicit position whose health factor at market prices
 * (DESIGN §10, Measures) is below 1 there, every other price held — per protocol. First order only: no sale moves a
 * price (`simulateCascade` gives what the spiral adds).
 */
import { compileMarket, marketPrices, rebalanceMarket } from '../market/market-state.js';
import { lendingPositions } from '../network/markets.js';
import { positionHealth } from '../network/position-health.js';
import type { Market, Network } from '../network/schema/network.js';

export const LIQUIDATION_LEVELS_DEFAULTS = {
  /** Price levels: marketPrice × k ÷ levels for k = levels … 1 (at most 50). */
  levels: 20,
};

export interface ProtocolLevel {
  protocol: string;
  /** Positions with HF < 1 at this price that hold the asset as collateral. */
  positions: number;
  /** Their collateral in the asset (tokens) and its USD value at this price. */
  collateral: number;
  collateralUsd: number;
}

export interface LiquidationLevel {
  price: number;
  /** 1 − price ÷ market price. */
  fall: number;
  protocols: ProtocolLevel[];
  collateral: number;
  collateralUsd: number;
}

export interface LiquidationLevels {
  asset: string;
  marketPrice: number;
  levels: LiquidationLevel[];
}

export function liquidationLevels(network: Network, asset: string, options: Partial<typeof LIQUIDATION_LEVELS_DEFAULTS> = {}): LiquidationLevels {
  const { levels } = { ...LIQUIDATION_LEVELS_DEFAULTS, ...options };
  if (!(Number.isInteger(levels) && levels >= 1 && levels <= 50)) throw new Error(`liquidationLevels: levels must be a whole number from 1 to 50, got ${levels}`);
  const m = compileMarket(network);
  rebalanceMarket(m);
  const p = marketPrices(m);
  const prices = new Map(m.assetIds.map((id, a) => [id, p[a]!]));
  const marketPrice = prices.get(asset);
  if (marketPrice === undefined) throw new Error(`liquidationLevels: unknown asset "${asset}"; expected one of ${m.assetIds.join(', ')}`);
  const holders = network.protocols.flatMap((protocol) =>
    (protocol.markets as Market[]).flatMap((market) => lendingPositions(protocol, market).filter((x) => (x.collateral[asset] ?? 0) > 0).map((position) => ({ protocol, market, position }))),
  );
  const ids = [...new Set(holders.map((h) => h.protocol.id))];
  const out: LiquidationLevel[] = [];
  for (let k = levels; k >= 1; k--) {
    const price = (marketPrice * k) / levels;
    const at = new Map(prices).set(asset, price);
    const rows = new Map(ids.map((id) => [id, { protocol: id, positions: 0, collateral: 0, collateralUsd: 0 }]));
    for (const h of holders) {
      if (!(positionHealth(h.protocol, h.market, h.position, at).healthFactor < 1)) continue;
      const r = rows.get(h.protocol.id)!;
      const c = h.position.collateral[asset]!;
      r.positions++;
      r.collateral += c;
      r.collateralUsd += c * price;
    }
    const protocols = [...rows.values()];
    out.push({ price, fall: 1 - k / levels, protocols, collateral: protocols.reduce((s, r) => s + r.collateral, 0), collateralUsd: protocols.reduce((s, r) => s + r.collateralUsd, 0) });
  }
  return { asset, marketPrice, levels: out };
}

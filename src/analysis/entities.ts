/**
 * Entities (DESIGN §1 owner, §10 Measures; issue #19): one owner's positions across protocols seen as one — margin
 * aggregation, as risk teams watched the CRV-backed loans of one borrower on Aave v2, Fraxlend, Abracadabra and
 * Inverse in 2023. Per position, the liquidation price of each collateral with every other price held, at market
 * prices; which position goes first as a price falls; and, given a cascade, how low each price went against them.
 */
import type { CascadeResult } from '../cascade/simulate.js';
import { compileMarket, marketPrices, rebalanceMarket } from '../market/market-state.js';
import { lendingPositions } from '../network/markets.js';
import { liquidationPriceOf, positionHealth } from '../network/position-health.js';
import type { Market, Network } from '../network/schema/network.js';

export const ENTITIES_DEFAULTS = {
  /** An owner on one protocol is an entity when its debt (USD at market prices) is above this. */
  minDebtUsd: 1e6,
};

export interface EntityPosition {
  protocol: string;
  market: string;
  position: string;
  collateral: Record<string, number>;
  debt: Record<string, number>;
  collateralUsd: number;
  debtUsd: number;
  healthFactor: number;
  /** Per collateral asset: its USD price at which HF = 1, every other price held (null: no price > 0 does it). */
  liquidationPrices: Record<string, number | null>;
}

/** The order in which the entity's positions holding `asset` go as its price falls (highest liquidation price first). */
export interface LiquidationOrder {
  asset: string;
  marketPrice: number;
  positions: { protocol: string; market: string; position: string; liquidationPrice: number; fall: number }[];
}

/** What the cascade's prices did against one liquidation price. */
export interface CascadeReach {
  asset: string;
  protocol: string;
  market: string;
  position: string;
  liquidationPrice: number;
  lowestMarketPrice: number;
  /** lowest ÷ liquidation price − 1: below 0, the price went through it. */
  headroom: number;
  reached: boolean;
}

export interface Entity {
  owner: string;
  protocols: string[];
  positions: EntityPosition[];
  collateral: Record<string, number>;
  debt: Record<string, number>;
  collateralUsd: number;
  debtUsd: number;
  /** The position and asset the smallest fall of one price liquidates (fall = 1 − liquidation ÷ market price). */
  first: { protocol: string; market: string; position: string; asset: string; liquidationPrice: number; fall: number } | null;
  order: LiquidationOrder[];
  /** Given a cascade result: each liquidation price against that asset's lowest market price over the run. */
  cascade: CascadeReach[] | null;
}

const add = (to: Record<string, number>, from: Record<string, number>) => {
  for (const [a, x] of Object.entries(from)) to[a] = (to[a] ?? 0) + x;
};

/** Every asset's market price at the snapshot (venues re-balanced to the external prices). */
function snapshotMarketPrices(network: Network): Map<string, number> {
  const m = compileMarket(network);
  rebalanceMarket(m);
  const p = marketPrices(m);
  return new Map(m.assetIds.map((id, a) => [id, p[a]!]));
}

function ordersOf(positions: EntityPosition[], prices: ReadonlyMap<string, number>): LiquidationOrder[] {
  const assets = [...new Set(positions.flatMap((p) => Object.keys(p.liquidationPrices)))].sort();
  return assets.map((asset) => {
    const marketPrice = prices.get(asset)!;
    const rows = positions.flatMap((p) => {
      const liquidationPrice = p.liquidationPrices[asset];
      return liquidationPrice == null ? [] : [{ protocol: p.protocol, market: p.market, position: p.position, liquidationPrice, fall: 1 - liquidationPrice / marketPrice }];
    });
    return { asset, marketPrice, positions: rows.sort((x, y) => y.liquidationPrice - x.liquidationPrice) };
  });
}

function reachOf(order: LiquidationOrder[], result: CascadeResult): CascadeReach[] {
  const lowest = new Map(result.assets.map((a) => [a.asset, a.lowestMarketPrice]));
  return order.flatMap((o) => {
    const low = lowest.get(o.asset);
    if (low === undefined) throw new Error(`entities: the cascade result has no asset "${o.asset}"; expected a result of the same network`);
    return o.positions.map((p) => ({ asset: o.asset, protocol: p.protocol, market: p.market, position: p.position, liquidationPrice: p.liquidationPrice, lowestMarketPrice: low, headroom: low / p.liquidationPrice - 1, reached: low <= p.liquidationPrice }));
  });
}

/**
 * Owners with positions on more than one protocol, or debt above `minDebtUsd`, ranked by debt (USD at market
 * prices). Positions without an owner are nobody's entity.
 */
export function entities(network: Network, result?: CascadeResult | null, options: Partial<typeof ENTITIES_DEFAULTS> = {}): Entity[] {
  const { minDebtUsd } = { ...ENTITIES_DEFAULTS, ...options };
  if (!(minDebtUsd >= 0 && Number.isFinite(minDebtUsd))) throw new Error(`entities: minDebtUsd must be a finite USD amount >= 0, got ${minDebtUsd}`);
  const prices = snapshotMarketPrices(network);
  const byOwner = new Map<string, EntityPosition[]>();
  for (const protocol of network.protocols)
    for (const market of protocol.markets as Market[])
      for (const position of lendingPositions(protocol, market)) {
        if (position.owner === undefined) continue;
        const h = positionHealth(protocol, market, position, prices);
        const liquidationPrices = Object.fromEntries(Object.keys(position.collateral).map((a) => [a, liquidationPriceOf(protocol, market, position, a, prices)]));
        const row: EntityPosition = { protocol: protocol.id, market: market.id, position: position.id, collateral: { ...position.collateral }, debt: { ...position.debt }, collateralUsd: h.collateralUsd, debtUsd: h.debtUsd, healthFactor: h.healthFactor, liquidationPrices };
        byOwner.set(position.owner, [...(byOwner.get(position.owner) ?? []), row]);
      }
  const out: Entity[] = [];
  for (const [owner, positions] of byOwner) {
    const protocols = [...new Set(positions.map((p) => p.protocol))];
    const debtUsd = positions.reduce((s, p) => s + p.debtUsd, 0);
    if (protocols.length < 2 && !(debtUsd > minDebtUsd)) continue;
    const collateral: Record<string, number> = {};
    const debt: Record<string, number> = {};
    positions.forEach((p) => (add(collateral, p.collateral), add(debt, p.debt)));
    const order = ordersOf(positions, prices);
    const firsts = order.flatMap((o) => o.positions.slice(0, 1).map((p) => ({ ...p, asset: o.asset })));
    const first = firsts.sort((x, y) => x.fall - y.fall)[0] ?? null;
    out.push({ owner, protocols, positions, collateral, debt, collateralUsd: positions.reduce((s, p) => s + p.collateralUsd, 0), debtUsd, first, order, cascade: result ? reachOf(order, result) : null });
  }
  return out.sort((a, b) => b.debtUsd - a.debtUsd || (a.owner < b.owner ? -1 : 1));
}

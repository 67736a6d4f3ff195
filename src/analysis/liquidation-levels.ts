/**
 * Liquidation levels (issue #19; DefiLlama's liquidations dashboard, then what the spiral does to it): at each price
 * of one asset from its market price down, per protocol, the collateral of the snapshot's positions (explicit and
 * generated) whose health factor at market prices (DESIGN §10, Measures) is below 1 —
 *   - first order: the asset at the level, every other price held (the dashboard's curve);
 *   - cascade-adjusted: every asset at its lowest market price over the cascade a shock to the level starts;
 *   - liquidated: what that cascade seized of the asset;
 * with, at each level, why the second is below the first and the third below the second (docs/entities.md).
 */
import { compileMarket, marketPrices, rebalanceMarket } from '../market/market-state.js';
import type { CascadeOptions } from '../cascade/options.js';
import type { Network } from '../network/schema/network.js';
import { belowOne, levelCascade, type LevelCascade, type ProtocolLevel } from './level-cascade.js';
import { snapshotPositions } from './snapshot-positions.js';

export type { LevelCascade, LevelGap, ProtocolLevel } from './level-cascade.js';

export const LIQUIDATION_LEVELS_DEFAULTS = {
  /** Price levels: marketPrice × k ÷ levels for k = levels … 1 (at most 50). */
  levels: 20,
  /** Options of each level's `simulateCascade` (exposure is 'none'; e.g. `maxRounds` bounds each run); null = first order only. */
  cascade: {} as Partial<CascadeOptions> | null,
  /** The work's bound: a cascade runs only at levels whose fall is at most this share; deeper levels have `cascade: null`. */
  cascadeMaxFall: 1,
};

export type LiquidationLevelsOptions = typeof LIQUIDATION_LEVELS_DEFAULTS;

export interface LiquidationLevel {
  price: number;
  /** 1 − price ÷ market price: the shock that starts the level's cascade. */
  fall: number;
  /** First order, per protocol. */
  protocols: ProtocolLevel[];
  collateral: number;
  collateralUsd: number;
  /** The level's cascade: the adjusted curve, what it liquidated, and why each is lower; null when not run. */
  cascade: LevelCascade | null;
}

export interface LiquidationLevels {
  asset: string;
  marketPrice: number;
  /** Every asset's market price at the snapshot (venues re-balanced to the external prices). */
  marketPrices: Record<string, number>;
  levels: LiquidationLevel[];
}

function checked(options: Partial<LiquidationLevelsOptions>): LiquidationLevelsOptions {
  const o = { ...LIQUIDATION_LEVELS_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as LiquidationLevelsOptions;
  for (const k of Object.keys(options)) if (!(k in LIQUIDATION_LEVELS_DEFAULTS)) throw new Error(`liquidationLevels: unknown option "${k}"; expected one of ${Object.keys(LIQUIDATION_LEVELS_DEFAULTS).join(', ')}`);
  if (!(Number.isInteger(o.levels) && o.levels >= 1 && o.levels <= 50)) throw new Error(`liquidationLevels: levels must be a whole number from 1 to 50, got ${o.levels}`);
  if (!(typeof o.cascadeMaxFall === 'number' && o.cascadeMaxFall >= 0 && o.cascadeMaxFall <= 1)) throw new Error(`liquidationLevels: cascadeMaxFall must be a share in [0, 1], got ${JSON.stringify(o.cascadeMaxFall)}`);
  if (o.cascade !== null && (typeof o.cascade !== 'object' || Array.isArray(o.cascade))) throw new Error(`liquidationLevels: cascade must be an object of simulateCascade options or null, got ${JSON.stringify(o.cascade)}`);
  const exposure = o.cascade?.exposure;
  if (exposure !== undefined && exposure !== 'none') throw new Error(`liquidationLevels: cascade.exposure must be "none" (the curve needs no exposure game), got ${JSON.stringify(exposure)}`);
  return o;
}

export function liquidationLevels(network: Network, asset: string, options: Partial<LiquidationLevelsOptions> = {}): LiquidationLevels {
  const o = checked(options);
  const m = compileMarket(network);
  rebalanceMarket(m);
  const p = marketPrices(m);
  const prices = new Map(m.assetIds.map((id, a) => [id, p[a]!]));
  const marketPrice = prices.get(asset);
  if (marketPrice === undefined) throw new Error(`liquidationLevels: unknown asset "${asset}"; expected one of ${m.assetIds.join(', ')}`);
  const holders = snapshotPositions(network, asset);
  const ids = [...new Set(holders.map((h) => h.protocol.id))];
  const out: LiquidationLevel[] = [];
  for (let k = o.levels; k >= 1; k--) {
    const price = (marketPrice * k) / o.levels;
    const fall = 1 - k / o.levels;
    const at = new Map(prices).set(asset, price);
    const first = belowOne(holders, ids, asset, price, at);
    const cascade = o.cascade !== null && fall <= o.cascadeMaxFall + 1e-12 ? levelCascade(network, asset, price, fall, holders, ids, at, first.below, o.cascade) : null;
    const collateral = first.protocols.reduce((s, r) => s + r.collateral, 0);
    out.push({ price, fall, protocols: first.protocols, collateral, collateralUsd: collateral * price, cascade });
  }
  return { asset, marketPrice, marketPrices: Object.fromEntries(prices), levels: out };
}

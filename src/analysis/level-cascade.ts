/**
 * One level of the cascade-adjusted liquidation curve (issue #19; docs/entities.md): a shock of the asset's
 * external price to the level starts a `simulateCascade` run (exposure 'none'); the snapshot's positions holding
 * the asset are counted where their health factor at market prices (DESIGN §10, Measures) is below 1 at each asset's
 * LOWEST market price over the run; beside them, what the run actually seized of the asset. Where the adjusted
 * count is below the first-order one, or the seizures below the adjusted count, the level says why.
 */
import { simulateCascade, type CascadeResult } from '../cascade/simulate.js';
import type { CascadeOptions } from '../cascade/options.js';
import { positionHealth } from '../network/position-health.js';
import type { Network } from '../network/schema/network.js';
import { positionKey, type SnapshotPosition } from './snapshot-positions.js';

export interface ProtocolLevel {
  protocol: string;
  /** Positions with HF < 1 at the prices of the series that hold the asset as collateral. */
  positions: number;
  /** Their collateral in the asset (tokens) and its USD value at the level's price. */
  collateral: number;
  collateralUsd: number;
}

/** Where the cascade-adjusted collateral of a level went, in tokens of the asset. */
export interface LevelGap {
  /** Seized by the cascade from positions of the adjusted set. */
  seized: number;
  /** Left with adjusted positions whose whole debt the cascade repaid (the collateral above debt plus bonus). */
  surplus: number;
  /** Left with adjusted positions the cascade liquidated only in part (a close factor, a liquidation that restored HF ≥ 1). */
  partial: number;
  /** Held by adjusted positions the cascade did not liquidate at all. */
  untouched: number;
  /** Seized from positions outside the adjusted set (HF ≥ 1 at market prices; the protocols liquidate at their oracles'). */
  outside: number;
  /** Why the cascade seized less than the adjusted curve holds; null when it did not. */
  reason: string | null;
}

export interface LevelCascade {
  converged: boolean;
  roundCount: number;
  /** Every asset's lowest market price over the run. */
  lowestPrices: Record<string, number>;
  /** Cascade-adjusted: per protocol, positions with HF < 1 at the lowest market prices. */
  protocols: ProtocolLevel[];
  collateral: number;
  collateralUsd: number;
  /** What the cascade seized of the asset, per protocol (tokens; USD at the level's price). */
  liquidated: { protocol: string; collateral: number; collateralUsd: number }[];
  liquidatedCollateral: number;
  liquidatedCollateralUsd: number;
  /** Why the cascade-adjusted collateral is below the first-order one; null when it is not. */
  reason: string | null;
  gap: LevelGap;
}

/** Per protocol, the positions among `holders` with HF < 1 at `prices`, valued at `price`; and which ones. */
export function belowOne(holders: readonly SnapshotPosition[], ids: readonly string[], asset: string, price: number, prices: ReadonlyMap<string, number>): { protocols: ProtocolLevel[]; below: Set<SnapshotPosition> } {
  const rows = new Map(ids.map((id) => [id, { protocol: id, positions: 0, collateral: 0, collateralUsd: 0 }]));
  const below = new Set<SnapshotPosition>();
  for (const h of holders) {
    if (!(positionHealth(h.protocol, h.market, h.position, prices).healthFactor < 1)) continue;
    below.add(h);
    const r = rows.get(h.protocol.id)!;
    const c = h.position.collateral[asset]!;
    r.positions++;
    r.collateral += c;
    r.collateralUsd += c * price;
  }
  return { protocols: [...rows.values()], below };
}

const sum = (rows: readonly { collateral: number; collateralUsd: number }[]) => ({ collateral: rows.reduce((s, r) => s + r.collateral, 0), collateralUsd: rows.reduce((s, r) => s + r.collateralUsd, 0) });
const usd = (x: number) => `$${x.toPrecision(6).replace(/\.?0+$/, '')}`;
const tokens = (x: number, asset: string) => `${x.toLocaleString('en-US', { maximumSignificantDigits: 6 })} ${asset}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why positions counted at first order are not below 1 at the cascade's lowest prices. HF rises with collateral
 * prices and falls with debt prices, so only two things can do it: a collateral price whose lowest stayed above its
 * first-order price, or a debt price whose lowest fell below its first-order price (the debt got cheaper).
 */
function reasonOf(missing: readonly SnapshotPosition[], asset: string, first: ReadonlyMap<string, number>, low: ReadonlyMap<string, number>): string | null {
  if (!missing.length) return null;
  const causes = new Map<string, { n: number; c: number }>();
  for (const h of missing) {
    const keys = [
      ...Object.keys(h.position.collateral).filter((a) => low.get(a)! > first.get(a)!).map((a) => `${a}'s lowest market price over the run, ${usd(low.get(a)!)}, stayed above ${usd(first.get(a)!)}${a === asset ? ' (the level: the venues never traded down to the shocked external price)' : ''}`),
      ...Object.keys(h.position.debt).filter((a) => low.get(a)! < first.get(a)!).map((a) => `${a}, owed, fell to ${usd(low.get(a)!)} from ${usd(first.get(a)!)}, so the debt weighed less`),
    ];
    for (const k of keys) causes.set(k, { n: (causes.get(k)?.n ?? 0) + 1, c: (causes.get(k)?.c ?? 0) + h.position.collateral[asset]! });
  }
  const total = missing.reduce((s, h) => s + h.position.collateral[asset]!, 0);
  const why = [...causes].map(([k, v]) => `${k} (${plural(v.n, 'position')}, ${tokens(v.c, asset)})`).join('; ');
  return `below 1 at first order but not at the cascade's lowest prices: ${plural(missing.length, 'position')} (${tokens(total, asset)}); ${why}`;
}

/** Adjusted positions split by what the cascade did to them: seized whole, debt repaid with collateral left, in part, not at all. */
function gapOf(result: CascadeResult, below: ReadonlySet<SnapshotPosition>, asset: string, liquidated: number): LevelGap {
  const outcome = new Map((result.positions ?? []).map((p) => [positionKey(p.protocol, p.market, p.position), p]));
  const g = { seized: 0, surplus: 0, partial: 0, untouched: 0 };
  const n = { surplus: 0, partial: 0, untouched: 0 };
  for (const h of below) {
    const c = h.position.collateral[asset]!;
    const o = outcome.get(positionKey(h.protocol.id, h.market.id, h.position.id));
    const s = Math.min(c, o?.seized[asset] ?? 0);
    g.seized += s;
    const kind = s <= 0 ? 'untouched' : s >= c * (1 - 1e-9) ? null : Object.entries(h.position.debt).every(([a, d]) => (o!.repaid[a] ?? 0) >= d * (1 - 1e-9)) ? 'surplus' : 'partial';
    if (kind) (g[kind] += kind === 'untouched' ? c : c - s), n[kind]++;
  }
  const parts = [
    ...(g.surplus > 0 ? [`${tokens(g.surplus, asset)} stayed with ${plural(n.surplus, 'position')} whose whole debt was repaid (the owner keeps what the debt and bonus did not take)`] : []),
    ...(g.partial > 0 ? [`${tokens(g.partial, asset)} with ${plural(n.partial, 'position')} liquidated only in part (the close factor, or a liquidation that brought HF back to 1 or more at the protocol's prices)`] : []),
    ...(g.untouched > 0 ? [`${tokens(g.untouched, asset)} with ${plural(n.untouched, 'position')} nobody liquidated (below 1 only at market prices the protocol's oracle did not see, a liquidation that did not pay after price impact and gas, a pause, or the run's end)`] : []),
  ];
  const outside = Math.max(0, liquidated - g.seized);
  const beyond = outside > 0 ? `; besides, it seized ${tokens(outside, asset)} from positions not below 1 at market prices (their protocol's oracle price was lower than the market's, or they were liquidated after their debt grew)` : '';
  const reason = parts.length ? `the cascade seized ${tokens(g.seized, asset)} of the ${tokens(g.seized + g.surplus + g.partial + g.untouched, asset)} below 1: ${parts.join('; ')}${beyond}` : null;
  return { ...g, outside, reason };
}

/**
 * The cascade of one level: `asset`'s external price moved by −`fall`, `cascade` options passed through (exposure
 * 'none', no round records, position outcomes on). `first` is the first-order price map of the level, `firstBelow`
 * its positions below 1.
 */
export function levelCascade(network: Network, asset: string, price: number, fall: number, holders: readonly SnapshotPosition[], ids: readonly string[], first: ReadonlyMap<string, number>, firstBelow: ReadonlySet<SnapshotPosition>, cascade: Partial<CascadeOptions>): LevelCascade {
  const result = simulateCascade(network, { name: `${asset} at ${usd(price)}`, shocks: { [asset]: -fall } }, { ...cascade, exposure: 'none', recordRounds: false, positionOutcomes: true });
  const low = new Map(result.assets.map((a) => [a.asset, a.lowestMarketPrice]));
  const adjusted = belowOne(holders, ids, asset, price, low);
  const seizing = result.protocols.filter((p) => p.seized.some((s) => s.asset === asset && s.amount > 0)).map((p) => p.protocol);
  const liquidated = [...new Set([...ids, ...seizing])].map((id) => {
    const c = result.protocols.find((p) => p.protocol === id)?.seized.find((s) => s.asset === asset)?.amount ?? 0;
    return { protocol: id, collateral: c, collateralUsd: c * price };
  });
  const totalLiquidated = sum(liquidated);
  const missing = [...firstBelow].filter((h) => !adjusted.below.has(h));
  return {
    converged: result.converged,
    roundCount: result.roundCount,
    lowestPrices: Object.fromEntries(low),
    protocols: adjusted.protocols,
    ...sum(adjusted.protocols),
    liquidated,
    liquidatedCollateral: totalLiquidated.collateral,
    liquidatedCollateralUsd: totalLiquidated.collateralUsd,
    reason: reasonOf(missing, asset, first, low),
    gap: gapOf(result, adjusted.below, asset, totalLiquidated.collateral),
  };
}

/**
 * Health at the snapshot: the positions a network's own rules liquidate at its snapshot prices with no shock —
 * explicit and generated alike. A real snapshot should have none (issue #16: a generated network that liquidated
 * 6,199 positions with no shock looked healthy in `inspect`, which read only its explicit positions). It is the first
 * round of a no-shock cascade in the plain configuration (every liquidatable position is taken, no profit test), so
 * it counts exactly what `simulate` would start from.
 */
import type { Network } from '../network/schema/network.js';
import { simulateCascade } from './simulate.js';

export interface SnapshotHealthMarket {
  protocol: string;
  market: string;
  /** Positions liquidated (or absorbed, or sent to auction) in the first round. */
  positions: number;
  /** Debt those liquidations repay in the first round, USD (a close factor may leave the rest for later rounds). */
  repaidUsd: number;
  /** Collateral they seize, USD. */
  seizedUsd: number;
}

export interface SnapshotHealth {
  /** Positions liquidatable at the snapshot prices, over every market. */
  liquidatable: number;
  repaidUsd: number;
  seizedUsd: number;
  markets: SnapshotHealthMarket[];
}

/** Positions liquidatable at snapshot prices with no shock, per market (none in a healthy snapshot). */
export function snapshotHealth(network: Network): SnapshotHealth {
  const r = simulateCascade(network, { name: 'snapshot health', shocks: {} }, {
    maxRounds: 1,
    exposure: 'none',
    profitGating: false,
    lossContagion: false,
    recovery: false,
    recordRounds: true,
  });
  const byMarket = new Map<string, SnapshotHealthMarket>();
  for (const l of r.rounds[0]?.liquidations ?? []) {
    // Open auction lots are not positions; at t = 0 there are none, but a lot is never counted as one.
    if (l.kind === 'auction' || l.kind === 'storefront') continue;
    const key = `${l.protocol}\u0000${l.market}`;
    const m = byMarket.get(key) ?? { protocol: l.protocol, market: l.market, positions: 0, repaidUsd: 0, seizedUsd: 0 };
    m.positions += l.count;
    m.repaidUsd += l.repaidUsd;
    m.seizedUsd += l.seizedUsd;
    byMarket.set(key, m);
  }
  const markets = [...byMarket.values()];
  return {
    liquidatable: markets.reduce((s, m) => s + m.positions, 0),
    repaidUsd: markets.reduce((s, m) => s + m.repaidUsd, 0),
    seizedUsd: markets.reduce((s, m) => s + m.seizedUsd, 0),
    markets,
  };
}

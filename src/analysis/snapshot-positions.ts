/**
 * Every lending position of a snapshot, explicit and generated (DESIGN §10 Structure: the seeded generator
 * calibrated to real totals), as the engines see them: one market's borrowers are its position store — its explicit
 * positions first, then its generated ones, ids `protocol/market/gen-i` — so an analysis that counts positions counts
 * the same ones a cascade liquidates, and a cascade's position outcomes name them by the same ids.
 */
import type { Market, Network, Protocol } from '../network/schema/network.js';
import type { Position } from '../network/schema/positions.js';
import { assetIndex, buildMarketStore } from '../protocols/market-store.js';
import { debtAt, positionId } from '../protocols/position-store.js';

export interface SnapshotPosition {
  protocol: Protocol;
  market: Market;
  /** The position as the network format writes it (a generated one gets its generated id and no owner). */
  position: Position;
}

/** The positions of every lending market holding `asset` as collateral (every position when `asset` is null). */
export function snapshotPositions(network: Network, asset: string | null = null): SnapshotPosition[] {
  const index = assetIndex(network);
  const ids = network.assets.map((a) => a.id);
  const out: SnapshotPosition[] = [];
  for (const protocol of network.protocols)
    for (const market of protocol.markets as Market[]) {
      const { store: s } = buildMarketStore(network, protocol, market, index);
      for (let i = 0; i < s.count; i++) {
        const collateral: Record<string, number> = {};
        for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) if (s.collAmount[k]! > 0) collateral[ids[s.collAsset[k]!]!] = s.collAmount[k]!;
        if (asset !== null && !(collateral[asset]! > 0)) continue;
        const debt: Record<string, number> = {};
        for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) if (debtAt(s, k) > 0) debt[ids[s.debtAsset[k]!]!] = debtAt(s, k);
        const owner = s.owner[i]! >= 0 ? s.owners[s.owner[i]!] : undefined;
        const position: Position = { id: positionId(s, i), ...(owner !== undefined ? { owner } : {}), ...(s.emode[i] ? { emode: s.emode[i]! } : {}), collateral, debt };
        out.push({ protocol, market, position });
      }
    }
  return out;
}

/** The key of a position in a cascade's `positions` outcomes: protocol, market, id. */
export const positionKey = (protocol: string, market: string, position: string) => `${protocol}\u0000${market}\u0000${position}`;

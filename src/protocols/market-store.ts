/** A market's borrowers as one position store: its explicit positions first, then its generated ones. */
import type { Market, Network, Protocol } from '../network/schema/network.js';
import { lendingPositions } from '../network/markets.js';
import type { AssetIndex } from './engine.js';
import { generatePair, type GeneratorFit } from './generator.js';
import { buildStore, entriesFromPositions, type PositionStore, type StoreEntry } from './position-store.js';

export interface MarketStore {
  store: PositionStore;
  /** Index of the first generated position (= number of explicit ones). */
  firstGenerated: number;
  fits: GeneratorFit[];
}

export function buildMarketStore(network: Network, protocol: Protocol, market: Market, assets: AssetIndex): MarketStore {
  const explicit = entriesFromPositions(lendingPositions(protocol, market), assets);
  const entries: StoreEntry[] = explicit;
  const fits: GeneratorFit[] = [];
  const g = (market as { generator?: { seed: number; pairs: Parameters<typeof generatePair>[3][] } }).generator;
  if (g) {
    g.pairs.forEach((pair, k) => {
      const out = generatePair(network, protocol, market, pair, k, g.seed, assets);
      // Generated positions get ids `${market}#${pair}:${k}` only when explicit ids exist; otherwise the store's prefix.
      for (const e of out.entries) entries.push(e);
      fits.push(out.fit);
    });
  }
  const store = buildStore(entries, `${protocol.id}/${market.id}/gen-`);
  return { store, firstGenerated: explicit.length, fits };
}

/** asset id → index, in `network.assets` order. */
export function assetIndex(network: Network): Map<string, number> {
  return new Map(network.assets.map((a, i) => [a.id, i]));
}

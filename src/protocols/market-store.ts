/**
 * A market's borrowers as one position store: its explicit positions first, then its generated ones (in columns). A
 * store another thread built for the network is taken instead (handed-stores.ts).
 */
import type { Market, Network, Protocol } from '../network/schema/network.js';
import type { Generator } from '../network/schema/positions.js';
import { lendingPositions } from '../network/markets.js';
import type { AssetIndex } from './engine.js';
import { generatePairColumns, type GeneratorFit } from './generator.js';
import { buildStore, entriesFromPositions, type PairColumns, type PositionStore } from './position-store.js';
import { noteBuilt, storeKey, takeAdopted } from './handed-stores.js';

export interface MarketStore {
  store: PositionStore;
  /** Index of the first generated position (= number of explicit ones). */
  firstGenerated: number;
  fits: GeneratorFit[];
}

export function buildMarketStore(network: Network, protocol: Protocol, market: Market, assets: AssetIndex): MarketStore {
  const key = storeKey(protocol.id, market.id);
  const handed = takeAdopted(network, key);
  if (handed) return handed;
  const built = buildNew(network, protocol, market, assets);
  noteBuilt(network, key, built);
  return built;
}

function buildNew(network: Network, protocol: Protocol, market: Market, assets: AssetIndex): MarketStore {
  const explicit = entriesFromPositions(lendingPositions(protocol, market), assets);
  const blocks: PairColumns[] = [];
  const fits: GeneratorFit[] = [];
  const g = (market as { generator?: Generator }).generator;
  if (g) {
    g.pairs.forEach((pair, k) => {
      const out = generatePairColumns(network, protocol, market, pair, k, g.seed, assets);
      blocks.push(out.columns);
      fits.push(out.fit);
    });
  }
  // Generated positions have no id of their own: `${protocol}/${market}/gen-${index in the store}`.
  const store = buildStore(explicit, `${protocol.id}/${market.id}/gen-`, blocks);
  return { store, firstGenerated: explicit.length, fits };
}

/** asset id → index, in `network.assets` order. */
export function assetIndex(network: Network): Map<string, number> {
  return new Map(network.assets.map((a, i) => [a.id, i]));
}

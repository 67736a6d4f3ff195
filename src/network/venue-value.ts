/**
 * What a venue holds of each coin at the snapshot, in whole tokens (for graph weights and summaries; the market
 * layer prices trades): each kind states it in its own file (schema/venue/), gathered by the kind registry.
 */
import type { Asset } from './schema/asset.js';
import type { Venue } from './schema/venue.js';
import { venueFacts } from './schema/venue/kinds.js';

export function venueHoldings(v: Venue, prices: ReadonlyMap<string, number>): number[] {
  return venueFacts(v).holdings(v, prices);
}

export function priceMap(assets: readonly Asset[]): Map<string, number> {
  return new Map(assets.map((a) => [a.id, a.price]));
}

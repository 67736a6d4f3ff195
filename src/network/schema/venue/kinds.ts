/**
 * The network side of the venue-kind registry: every kind's schema (the `kind` union of the format, in the order its
 * error messages list them) and its facts for the network layer (shared.ts: holdings, validation, depth, state
 * field). A new kind adds its file here and one line to each list; the market layer has its own entry
 * (src/market/kinds.ts).
 */
import type { z } from 'zod';
import { ConcentratedVenue, concentratedFacts } from './concentrated.js';
import { ConstantProductVenue, constantProductFacts } from './constant-product.js';
import { OrderBookVenue, orderBookFacts } from './order-book.js';
import { StableswapVenue, stableswapFacts } from './stableswap.js';
import type { VenueFacts } from './shared.js';

/** The venue schemas, one per kind. */
export const VENUE_SCHEMAS = [ConstantProductVenue, ConcentratedVenue, StableswapVenue, OrderBookVenue] as const;

type AnyVenue = z.infer<(typeof VENUE_SCHEMAS)[number]>;

/** Each kind's facts (the mapped type makes a missing kind a compile error). */
export const VENUE_FACTS: { readonly [K in AnyVenue['kind']]: VenueFacts<Extract<AnyVenue, { kind: K }>> } = {
  constantProduct: constantProductFacts,
  concentrated: concentratedFacts,
  stableswap: stableswapFacts,
  orderBook: orderBookFacts,
};

/** The facts of a venue's kind. */
export function venueFacts<V extends AnyVenue>(v: V): VenueFacts<V> {
  return VENUE_FACTS[v.kind] as unknown as VenueFacts<V>;
}

/**
 * Liquidity venues (DESIGN §1, §3, §10 Venues): one state per kind, each kind's schema in its own file under venue/
 * and gathered by the kind registry (venue/kinds.ts). Amounts are whole tokens of the coins in `coins` order; a venue
 * trades any ordered pair of its coins, both ways.
 */
import { z } from 'zod';
import { VENUE_SCHEMAS } from './venue/kinds.js';

export { ConstantProductVenue } from './venue/constant-product.js';
export { ConcentratedVenue, LiquidityRange } from './venue/concentrated.js';
export { StableswapVenue } from './venue/stableswap.js';
export { OrderBookVenue, DepthLevel, DepthBook, SqrtImpactBook } from './venue/order-book.js';

export const Venue = z.discriminatedUnion('kind', VENUE_SCHEMAS).meta({ id: 'Venue' });

export type Venue = z.infer<typeof Venue>;
export type VenueKind = Venue['kind'];

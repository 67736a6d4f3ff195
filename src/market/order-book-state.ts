/**
 * The state of an order-book venue (DESIGN §3, §10 Venues; docs/market.md §4), in a file of its own so that the book's
 * two curves (depth-curve.ts, sqrt-impact.ts) and its functions (order-book.ts) share it without importing each other.
 */
import type { VenueCommon } from './common.js';

/**
 * A centralized exchange book as one continuous price curve through the external mid: the relative price
 * g(s) of the last unit traded after the book has absorbed a net sale of s base tokens (s < 0: net purchase).
 * Depth model: piecewise linear between the levels (knots ascending in s). Square-root model:
 * g = 1 − k·√(s/V) for s ≥ 0 (floored at zero), 1 + k·√(−s/V) for s < 0, k = Y·σ_daily.
 */
export interface OrderBookState extends VenueCommon {
  readonly kind: 'orderBook';
  readonly model: 'depth' | 'sqrtImpact';
  /** External mid price, quote per base, that the book is quoted around. */
  readonly mid: number;
  /** Net base sold into the book since it was last centred (negative: net bought). */
  readonly position: number;
  /** Depth model: knot positions s (ascending; a repeated s is a price jump) and relative prices g there. */
  readonly knotS: Float64Array;
  readonly knotG: Float64Array;
  /** ∫₀^s g, at each knot. */
  readonly knotArea: Float64Array;
  /** Square-root model: k = Y·σ_daily and V = daily volume in base tokens (0 for a depth book). */
  readonly impact: number;
  readonly dailyVolume: number;
}

/**
 * marketPrices (market-state.ts) remembered between calls: a round reads the market prices three times (at its
 * start, after its sales, after recovery), and in a quiet round the venues have not moved in between. The prices
 * are a function of the venue states, the active flags and the external prices alone (the ranks and venue lists are
 * fixed at compile time); venue states are values, replaced and never mutated, so an unchanged venue is the same
 * object. A memo belongs to one market (a run's own clone).
 */
import { marketPrices, type MarketState } from './market-state.js';
import type { VenueState } from './types.js';

export interface PriceMemo {
  /** The market the memo was filled from; null before the first call. */
  market: MarketState | null;
  venues: (VenueState | null)[];
  active: Uint8Array;
  external: Float64Array;
  prices: Float64Array;
}

export function newPriceMemo(): PriceMemo {
  return new Memo();
}

/** The memo made by a constructor, not a literal made once a run (route-rates.ts `Rates`: docs/scale.md "Session 15: recompiles"). */
class Memo implements PriceMemo {
  market: MarketState | null = null;
  venues: (VenueState | null)[] = [];
  active = new Uint8Array(0);
  external = new Float64Array(0);
  prices = new Float64Array(0);
}

/** Whether `m` is, in everything marketPrices reads, as the memo last saw it. */
function unchanged(memo: PriceMemo, m: MarketState): boolean {
  // null first, by itself: the code compiled in a thread's first run had compared receivers only, and a new run's first call deoptimised it (docs/scale.md "Session 15: recompiles").
  if (memo.market === null || memo.market !== m || memo.venues.length !== m.venues.length) return false;
  for (let v = 0; v < m.venues.length; v++) if (memo.venues[v] !== m.venues[v] || memo.active[v] !== m.active[v]) return false;
  const ext = m.externalPrices;
  // Compared as values: a NaN never equals, so it recomputes (as it would).
  for (let a = 0; a < ext.length; a++) if (memo.external[a] !== ext[a]) return false;
  return true;
}

/**
 * marketPrices(m): the memo's array when `m` has not changed since it was filled, else computed and remembered. The
 * array is shared by every read until the market moves — a reader must not write it; the memo never does (a change
 * makes a new one), so an array read earlier keeps its values.
 */
export function memoMarketPrices(m: MarketState, memo: PriceMemo): Float64Array {
  if (unchanged(memo, m)) return memo.prices;
  const prices = marketPrices(m);
  if (memo.market === null || memo.market !== m || memo.venues.length !== m.venues.length) {
    memo.market = m;
    memo.venues = m.venues.slice();
    memo.active = m.active.slice();
    memo.external = m.externalPrices.slice();
  } else {
    // The same market: its arrays keep their lengths (a typed array allocation costs more than the check).
    for (let v = 0; v < m.venues.length; v++) memo.venues[v] = m.venues[v]!;
    memo.active.set(m.active);
    memo.external.set(m.externalPrices);
  }
  memo.prices = prices;
  return prices;
}

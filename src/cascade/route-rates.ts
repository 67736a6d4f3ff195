/**
 * The best route rates of a run's quote market (settle.ts `quoteMarket`), shared by every protocol's profit floor
 * (liquidators.ts `profitFloor`; docs/scale.md "Session 10"). A route's best rate (routing.ts `routeBestRate`) reads
 * only the venue states and active flags of the market — venue states are values, replaced and never mutated — so it
 * holds until the settlement writes the quote market again. The settlement counts its writes (`version`: a round's
 * sync that changed a venue or a flag, a sale made on the copy); a rate computed at the current version is the rate.
 * In a round the protocols after the first ask the pairs the first asked; in a quiet stretch every round asks the same.
 * A write moves a few venues (recovery, a sale): a rate asked again reads each of its route's venues' marginal rate
 * anew only where the venue's state changed (routing.ts `VenueRates`; docs/scale.md "Session 11: the upkeep").
 */
import { routeBetween, type MarketState } from '../market/index.js';
import { newVenueMarginals, newVenueRates, routeBestRate, type VenueMarginals, type VenueRates } from '../market/routing.js';

export interface RouteRates {
  /** Writes of the quote market so far. */
  version: number;
  /** At pair key collateral·n + debt: the rate, and the version it was computed at (−1: never). */
  rate: Float64Array;
  at: Int32Array;
  /** At pair key: the marginal rates of its route's venues, each with the venue state it was read from (null: never asked). */
  venues: (VenueRates | null)[];
  /** Per venue of the market: its last rate read, shared by the routes through it (made at the first ask). */
  marginals: VenueMarginals | null;
}

/** A memo for a market of n assets; nothing known. */
export function newRouteRates(n: number): RouteRates {
  return new Rates(n);
}

/**
 * The memo made by a constructor: an object literal made once a run keeps its first values' classes as its fields'
 * types until its second run, when V8 makes its boilerplate and widens them, and the code compiled in the first run
 * on those types is deoptimised (docs/scale.md "Session 15: recompiles").
 */
class Rates implements RouteRates {
  // Written twice here, so that V8 holds it as a field that changes from the first memo on: it was compiled as a
  // constant in the worker thread until its first write (quoteWritten), which deoptimised the floors' code.
  version = -1;
  readonly rate: Float64Array;
  readonly at: Int32Array;
  readonly venues: (VenueRates | null)[];
  marginals: VenueMarginals | null = null;

  constructor(n: number) {
    this.version = 0;
    this.rate = new Float64Array(n * n);
    this.at = new Int32Array(n * n).fill(-1);
    this.venues = new Array<VenueRates | null>(n * n).fill(null);
  }
}

/** The market was written: every rate known is forgotten. */
export function quoteWritten(r: RouteRates): void {
  r.version++;
}

/** routeBestRate(m, route c → d), key = c·n + d; computed only when the market was written since it last was. */
export function memoRouteRate(r: RouteRates, m: MarketState, key: number, c: number, d: number): number {
  if (r.at[key] !== r.version) {
    const route = routeBetween(m.routes, c, d);
    const seen = r.venues[key] ?? (r.venues[key] = newVenueRates(route, (r.marginals ??= newVenueMarginals(m.venues.length))));
    r.rate[key] = routeBestRate(m, route, seen);
    r.at[key] = r.version;
  }
  return r.rate[key]!;
}

/** routeBestRate(m, route c → d): from the memo `r` when the caller keeps one for m (key = c·n + d), else computed. */
export function pairRate(r: RouteRates | null, m: MarketState, key: number, c: number, d: number): number {
  return r === null ? routeBestRate(m, routeBetween(m.routes, c, d)) : memoRouteRate(r, m, key, c, d);
}

/**
 * Selling (and buying) along a route, hop by hop (DESIGN §3): each hop clears across the active venues trading
 * its pair, restricted to the coin of the next hop (clearing.ts), and moves them; a redemption hop converts at
 * its rate with no impact. What a hop's venues cannot take stays unsold in that hop's asset (stranded).
 * Purchases (exact output at the end of the route) are computed backwards from the last hop. Maths: docs/market.md §6.
 */
import { clearPurchases, clearSales, quoteSales, type ClearingOptions } from './clearing.js';
import { assetIndexOf, type MarketState } from './market-state.js';
import { routeBetween, type CompiledHop, type CompiledRoute } from './routing-table.js';
import type { VenueState } from './types.js';
import { coinIndex, marginalRate } from './venue.js';
import { mapArray } from '../util/map-array.js';

export const ROUTING_DEFAULTS = {
  /** Purchases: how many times the target is scaled down when a hop cannot deliver what the next one needs. */
  maxRetries: 20,
};

export interface RoutingOptions extends Pick<ClearingOptions, 'tolerance' | 'maxIterations' | 'maxFillShare'> {
  maxRetries?: number;
  /** Record each venue's marginal rate before and after its trade (`HopTrade.marginalBefore` / `marginalAfter`). */
  marginalRates?: boolean;
}

/** A hop's clearing options, plus the switch for the venues' marginal rates around the trade. */
export type HopOptions = ClearingOptions & { marginalRates?: boolean };

/** What one hop moved. Amounts in whole tokens; per-venue arrays align with `venues`. */
export interface HopTrade {
  from: number;
  to: number;
  /** Taken by the hop's venues (or redeemed), in `from`. */
  amountIn: number;
  /** Paid out, in `to`. */
  amountOut: number;
  /** Sales: what the venues could not take, left in `from`. Purchases: what they could not deliver, in `to`. */
  unfilled: number;
  /** Units of `to` per `from` for a redemption hop; 0 for a venue hop. */
  redeemRate: number;
  venues: Int32Array;
  amountsIn: number[];
  amountsOut: number[];
  /** Units of `to` per unit of `from`, fees included (0 when nothing traded). */
  averageRate: number;
  /**
   * With `marginalRates`: per venue, the rate of a vanishing sale of `from` for `to` (after fees) on the state before
   * the trade and after it — the slippage of the trade around its average rate (DESIGN §6).
   */
  marginalBefore?: number[];
  marginalAfter?: number[];
}

/** A hop with nothing to trade (or no active venue): unfilled as asked, the venues' rates unchanged around it. */
function noTrade(m: MarketState, hop: CompiledHop, idx: number[], amount: number, options: HopOptions): HopTrade {
  const t: HopTrade = { from: hop.from, to: hop.to, amountIn: 0, amountOut: 0, unfilled: amount, redeemRate: 0, venues: Int32Array.from(idx), amountsIn: new Array<number>(idx.length).fill(0), amountsOut: new Array<number>(idx.length).fill(0), averageRate: 0 };
  if (options.marginalRates) t.marginalBefore = t.marginalAfter = marginalRates(mapArray(idx, (v) => m.venues[v]!), hop.from, hop.to);
  return t;
}

/** marginalRate(state, from, to, 0) of each venue state: what the next unit sold of `from` returns in `to`. */
function marginalRates(states: readonly VenueState[], from: number, to: number): number[] {
  return mapArray(states, (s) => marginalRate(s, coinIndex(s, from), coinIndex(s, to), 0));
}

export interface RouteSale {
  from: number;
  to: number;
  amount: number;
  /** Received in `to`. */
  received: number;
  /** What could not be sold, by the asset it stayed in. */
  stranded: { asset: number; amount: number }[];
  hops: HopTrade[];
}

export interface RoutePurchase {
  from: number;
  to: number;
  /** Asked for, in `to`. */
  amount: number;
  /** Bought, in `to` (less than `amount` only when the route cannot deliver it). */
  received: number;
  /** Paid, in `from`. */
  paid: number;
  hops: HopTrade[];
}

type RouteArg = CompiledRoute | { from: number | string; to: number | string };

function resolve(fn: string, m: MarketState, route: RouteArg): CompiledRoute {
  if ('hops' in route) return route;
  return routeBetween(m.routes, assetIndexOf(m, route.from, fn), assetIndexOf(m, route.to, fn));
}

function activeVenues(m: MarketState, hop: CompiledHop): number[] {
  const out: number[] = [];
  for (const v of hop.venues) if (m.active[v]) out.push(v);
  return out;
}

/** A hop's venue states in a scratch array of each length (a clearing keeps none), and the clearing options of a call without options. */
const quoteStates: VenueState[][] = [];
const quoteClearing: ClearingOptions = hopClearing(undefined, 0, {});
const NO_OPTIONS: RoutingOptions = {};

/** The states of the hop's active venues (from `venues`) in a scratch array of their count; null when none is active. */
function activeStates(m: MarketState, hop: CompiledHop, venues: readonly VenueState[]): VenueState[] | null {
  let count = 0;
  for (const v of hop.venues) if (m.active[v]) count++;
  if (count === 0) return null;
  let states = quoteStates[count];
  if (states === undefined) {
    // Filled by push: a packed array, the kind the clearing's loops are compiled for.
    states = [];
    for (const v of hop.venues) if (m.active[v]) states.push(venues[v]!);
    return (quoteStates[count] = states);
  }
  let k = 0;
  for (const v of hop.venues) if (m.active[v]) states[k++] = venues[v]!;
  return states;
}

/** A hop's next venue states (quoteSales' `next`) in a scratch array of each length, apart from activeStates' (the clearing reads one while writing the other). */
const nextStates: VenueState[][] = [];

/**
 * What sellAlongRoute(m, route, amount) does to `m` — the same clearings, the same venue states — and the amount it
 * delivers (`received`), without its trade records (quoteSales with the venues' next states): a sale whose record
 * nobody reads (the settlement's quote market).
 */
export function sellAlongRouteQuietly(m: MarketState, route: CompiledRoute, amount: number): number {
  if (!(amount >= 0 && amount < Infinity)) throw new Error(`sellAlongRouteQuietly: amount must be a finite number >= 0, got ${amount}`);
  let carry = amount;
  for (const hop of route.hops) {
    if (hop.redeemRate > 0) {
      carry = carry * hop.redeemRate;
      continue;
    }
    const states = carry === 0 ? null : activeStates(m, hop, m.venues);
    if (states === null) {
      carry = 0;
      continue;
    }
    const next = nextStates[states.length] ?? (nextStates[states.length] = states.slice());
    carry = quoteSales(states, hop.from, carry, clearingFor(m, hop.to, NO_OPTIONS), next);
    let k = 0;
    for (const v of hop.venues) if (m.active[v]) m.venues[v] = next[k++]!;
  }
  return carry;
}

/** A hop's clearing options: the market's external prices, `options`, the coin received (one object reused without options: the clearing only reads it). */
function clearingFor(m: MarketState, receive: number, options: HopOptions): ClearingOptions {
  if (options !== NO_OPTIONS) return hopClearing(Object.hasOwn(options, 'prices') ? options.prices : m.externalPrices, receive, options);
  quoteClearing.prices = m.externalPrices;
  quoteClearing.receive = receive;
  return quoteClearing;
}

/**
 * `{ prices, ...options, receive }` as one literal, every field named: a spread's hidden class depends on the options'
 * keys and on the V8 tier that made it, and the clearing's functions were deoptimised for each new one (util/copy-with.ts).
 */
function hopClearing(prices: ArrayLike<number> | undefined, receive: number, o: HopOptions): ClearingOptions {
  return { prices, receive, pay: o.pay, tolerance: o.tolerance, maxIterations: o.maxIterations, apply: o.apply, maxFillShare: o.maxFillShare };
}

function redemption(hop: CompiledHop, amountIn: number, amountOut: number): HopTrade {
  return { from: hop.from, to: hop.to, amountIn, amountOut, unfilled: 0, redeemRate: hop.redeemRate, venues: new Int32Array(0), amountsIn: [], amountsOut: [], averageRate: hop.redeemRate };
}

/**
 * Sell one hop: `amount` of hop.from across the hop's active venues, receiving hop.to; updates the market
 * (unless `apply` is false) and returns the trade.
 */
export function sellHop(m: MarketState, hop: CompiledHop, amount: number, options: HopOptions = NO_OPTIONS): HopTrade {
  if (hop.redeemRate > 0) return redemption(hop, amount, amount * hop.redeemRate);
  const states = amount === 0 ? null : activeStates(m, hop, m.venues);
  if (states === null) return noTrade(m, hop, activeVenues(m, hop), amount, options);
  const c = clearSales(states, hop.from, amount, clearingFor(m, hop.to, options));
  const venues = new Int32Array(states.length);
  let k = 0;
  for (const v of hop.venues) if (m.active[v]) venues[k++] = v;
  if (options.apply !== false) for (let j = 0; j < k; j++) m.venues[venues[j]!] = c.states[j]!;
  let out = 0;
  for (const e of c.byCoin) out += e.amount;
  const t: HopTrade = { from: hop.from, to: hop.to, amountIn: c.filled, amountOut: out, unfilled: c.unfilled, redeemRate: 0, venues, amountsIn: c.amountsIn, amountsOut: c.amountsOut, averageRate: c.filled > 0 ? out / c.filled : 0 };
  if (options.marginalRates) {
    t.marginalBefore = marginalRates(states, hop.from, hop.to);
    t.marginalAfter = marginalRates(c.states, hop.from, hop.to);
  }
  return t;
}

/** Buy one hop: exactly `amount` of hop.to, paying hop.from, across the hop's active venues. */
export function buyHop(m: MarketState, hop: CompiledHop, amount: number, options: HopOptions = {}): HopTrade {
  if (hop.redeemRate > 0) return redemption(hop, amount / hop.redeemRate, amount);
  const idx = activeVenues(m, hop);
  if (idx.length === 0 || amount === 0) return noTrade(m, hop, idx, amount, options);
  const states: VenueState[] = mapArray(idx, (v) => m.venues[v]!);
  const c = clearPurchases(states, hop.to, amount, { prices: m.externalPrices, ...options, pay: hop.from });
  if (options.apply !== false) idx.forEach((v, k) => (m.venues[v] = c.states[k]!));
  const paid = c.byCoin.reduce((s, e) => s + e.amount, 0);
  const t: HopTrade = { from: hop.from, to: hop.to, amountIn: paid, amountOut: c.filled, unfilled: c.unfilled, redeemRate: 0, venues: Int32Array.from(idx), amountsIn: c.amountsIn, amountsOut: c.amountsOut, averageRate: paid > 0 ? c.filled / paid : 0 };
  if (options.marginalRates && options.apply !== false) {
    t.marginalBefore = marginalRates(states, hop.from, hop.to);
    t.marginalAfter = marginalRates(c.states, hop.from, hop.to);
  }
  return t;
}

/** Sell `amount` of route.from along the route (a compiled route, or {from, to} looked up in the market's table); updates the market. */
export function sellAlongRoute(m: MarketState, route: RouteArg, amount: number, options: RoutingOptions = NO_OPTIONS): RouteSale {
  if (!(amount >= 0 && amount < Infinity)) throw new Error(`sellAlongRoute: amount must be a finite number >= 0, got ${amount}`);
  const r = resolve('sellAlongRoute', m, route);
  const hops: HopTrade[] = [];
  const stranded: { asset: number; amount: number }[] = [];
  let carry = amount;
  for (const hop of r.hops) {
    const t = sellHop(m, hop, carry, options);
    hops.push(t);
    if (t.unfilled > 0) stranded.push({ asset: hop.from, amount: t.unfilled });
    carry = t.amountOut;
  }
  return { from: r.from, to: r.to, amount, received: carry, stranded, hops };
}

/** True when a venue of hop h trades again in a later hop of the route (the later hop must see its next state). */
export function tradesAgain(r: CompiledRoute, h: number): boolean {
  const hop = r.hops[h]!;
  for (let g = h + 1; g < r.hops.length; g++) for (const v of r.hops[g]!.venues) if (hop.venues.includes(v)) return true;
  return false;
}

/**
 * What sellAlongRoute(cloneMarket(m), route, amount).received would be — the same clearings, the same sums — without
 * changing `m`, copying it or building trade records: the quote a seller sizes a sale with. A hop's next venue
 * states are computed only when a later hop trades on one of its venues.
 */
export function quoteAlongRoute(m: MarketState, route: RouteArg, amount: number, options: RoutingOptions = NO_OPTIONS): number {
  if (!(amount >= 0 && amount < Infinity)) throw new Error(`quoteAlongRoute: amount must be a finite number >= 0, got ${amount}`);
  const r = resolve('quoteAlongRoute', m, route);
  let overlay: VenueState[] | null = null;
  let carry = amount;
  for (let h = 0; h < r.hops.length; h++) {
    const hop = r.hops[h]!;
    if (hop.redeemRate > 0) {
      carry = carry * hop.redeemRate;
      continue;
    }
    const states = carry === 0 ? null : activeStates(m, hop, overlay ?? m.venues);
    if (states === null) {
      carry = 0;
      continue;
    }
    const clearing = clearingFor(m, hop.to, options);
    if (!tradesAgain(r, h)) {
      carry = quoteSales(states, hop.from, carry, clearing);
      continue;
    }
    const c = clearSales(states, hop.from, carry, clearing);
    const next = (overlay ??= m.venues.slice());
    let k = 0;
    for (const v of hop.venues) if (m.active[v]) next[v] = c.states[k++]!;
    carry = c.byCoin.reduce((x, e) => x + e.amount, 0);
  }
  return carry;
}

/**
 * Buy exactly `amount` of route.to along the route, paying route.from: each hop's need is computed backwards
 * from the last (a dry run); when a hop cannot deliver what the next needs, the target is scaled down and the
 * dry run repeated; then the trades are applied. Updates the market.
 */
export function buyAlongRoute(m: MarketState, route: RouteArg, amount: number, options: RoutingOptions = {}): RoutePurchase {
  if (!(amount >= 0 && amount < Infinity)) throw new Error(`buyAlongRoute: amount must be a finite number >= 0, got ${amount}`);
  const o = { ...ROUTING_DEFAULTS, ...options };
  const r = resolve('buyAlongRoute', m, route);
  let target = amount;
  for (let attempt = 0; attempt <= o.maxRetries; attempt++) {
    // dry run, last hop first
    let need = target;
    let shortfall = 1;
    for (let h = r.hops.length - 1; h >= 0 && need > 0; h--) {
      const t = buyHop(m, r.hops[h]!, need, { ...options, apply: false });
      if (t.unfilled > 0) shortfall = Math.min(shortfall, t.amountOut / need);
      need = t.amountIn;
    }
    if (shortfall < 1 && target > 0) {
      target *= shortfall * (1 - 1e-9);
      continue;
    }
    const trades: HopTrade[] = [];
    need = target;
    for (let h = r.hops.length - 1; h >= 0; h--) {
      const t = buyHop(m, r.hops[h]!, need, options);
      trades.unshift(t);
      need = t.amountIn;
    }
    return { from: r.from, to: r.to, amount, received: target, paid: r.hops.length ? need : target, hops: trades };
  }
  return { from: r.from, to: r.to, amount, received: 0, paid: 0, hops: [] };
}

/**
 * The best rate along a route, debt tokens per collateral token: the product over its hops of the best active
 * venue's marginal rate for a first unit (fees included), or the redemption rate. Proceeds are concave in the amount
 * sold, so no sale along the route returns more per token while the venues stay as they are. With `seen` (the
 * route's own), a venue still in the state a slot was read from gives that slot's rate: the same double.
 */
export function routeBestRate(m: MarketState, route: CompiledRoute, seen: VenueRates | null = null): number {
  let rate = 1;
  let slot = 0;
  for (const hop of route.hops) {
    if (hop.redeemRate > 0) {
      rate *= hop.redeemRate;
      continue;
    }
    let best = 0;
    for (const v of hop.venues) {
      const j = slot++;
      if (!m.active[v]) continue;
      const s = m.venues[v]!;
      const r = seen !== null && seen.states[j] === s ? seen.rates[j]! : hopVenueRate(s, hop, seen, j, v);
      if (r > best) best = r;
    }
    rate *= best;
  }
  return rate;
}

/**
 * A route's marginal rates, one slot per venue of each hop in order, each with the venue state it was read from: a
 * venue state is a value (replaced, never mutated), so while a venue keeps its state its rate is the one read.
 * `shared`: the last rate read of each venue of the market, by any route that shares it (null: none).
 */
export interface VenueRates {
  states: (VenueState | null)[];
  rates: Float64Array;
  shared: VenueMarginals | null;
}

/** Nothing read yet, for `route`'s venues; with `shared`, the market's venue rates its routes share. */
export function newVenueRates(route: CompiledRoute, shared: VenueMarginals | null = null): VenueRates {
  let slots = 0;
  for (const hop of route.hops) slots += hop.venues.length;
  return { states: new Array<VenueState | null>(slots).fill(null), rates: new Float64Array(slots), shared };
}

/**
 * Per venue index of one market: the last marginal rate read of the venue (a first unit, coin `from` → `to`), with
 * the state it was read from. Routes through a venue (a stable pool on the way to several debt assets) read the same
 * rate of the same state: the same double, read once.
 */
export interface VenueMarginals {
  states: (VenueState | null)[];
  from: Int32Array;
  to: Int32Array;
  rates: Float64Array;
}

/** Nothing read yet, for a market of `venues` venues. */
export function newVenueMarginals(venues: number): VenueMarginals {
  return { states: new Array<VenueState | null>(venues).fill(null), from: new Int32Array(venues), to: new Int32Array(venues), rates: new Float64Array(venues) };
}

/** Venue v's state s's marginal rate on `hop` for a first unit (from the market's shared rates when they hold it), remembered in slot j of `seen` when given. */
function hopVenueRate(s: VenueState, hop: CompiledHop, seen: VenueRates | null, j: number, v: number): number {
  const shared = seen !== null ? seen.shared : null;
  let r: number;
  if (shared !== null && v < shared.states.length && shared.states[v] === s && shared.from[v] === hop.from && shared.to[v] === hop.to) r = shared.rates[v]!;
  else {
    r = marginalRate(s, coinIndex(s, hop.from), coinIndex(s, hop.to), 0);
    if (shared !== null && v < shared.states.length) {
      shared.states[v] = s;
      shared.from[v] = hop.from;
      shared.to[v] = hop.to;
      shared.rates[v] = r;
    }
  }
  if (seen !== null) {
    seen.states[j] = s;
    seen.rates[j] = r;
  }
  return r;
}

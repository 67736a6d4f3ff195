/**
 * The venue interface (DESIGN §3, §10 Venues), dispatched through the kind registry (kinds.ts): `amountOut`,
 * `amountIn` (exact output), `marginalRate` = d(out)/d(in) after fees at the point after selling dx (the rate of the
 * last unit sold), `sellableTo` its inverse (the largest dx with marginalRate >= rate), `apply` → the next state,
 * `spotPrice` fee-free (for oracles and reports). i, j are coin indices in the venue's `coins`; amounts in whole tokens.
 */
import { dispatch } from './kinds.js';
import type { VenueState } from './types.js';

/** Coin j received for dx of coin i, after fees. */
export function amountOut(state: VenueState, i: number, j: number, dx: number): number {
  return dispatch.amountOut(state, i, j, dx);
}

/** Coin i needed to receive exactly dy of coin j (a liquidator buying a debt asset); throws beyond what the venue can pay. */
export function amountIn(state: VenueState, i: number, j: number, dy: number): number {
  return dispatch.amountIn(state, i, j, dy);
}

/** d(out)/d(in) after fees, at the point after selling dx of coin i (0 where the venue has nothing more to pay). */
export function marginalRate(state: VenueState, i: number, j: number, dx: number): number {
  return dispatch.marginalRate(state, i, j, dx);
}

/**
 * The largest dx of coin i whose marginal rate (coin j per coin i, after fees) is still >= rate. rate > 0; at
 * rate 0 a venue of finite capacity returns it and an unbounded one (x·y = k, StableSwap, a square-root book's
 * asks) throws — see `capacity`.
 */
export function sellableTo(state: VenueState, i: number, j: number, rate: number): number {
  return dispatch.sellableTo(state, i, j, rate);
}

/** The venue after selling dx of coin i for coin j (the applySell). */
export function apply(state: VenueState, i: number, j: number, dx: number): VenueState {
  return dispatch.apply(state, i, j, dx);
}

/** Fee-free price of coin i in coin j. */
export function spotPrice(state: VenueState, i: number, j: number): number {
  return dispatch.spotPrice(state, i, j);
}

/**
 * The most of coin i the venue takes while paying anything: finite for ranges and books, Infinity for
 * x·y = k, StableSwap and the asks of a square-root book, whose curves never run dry.
 */
export function capacity(state: VenueState, i: number, j: number): number {
  return dispatch.capacity(state, i, j);
}

/** The most (a supremum where it is never reached) that selling coin i pays out in coin j. */
export function outputCapacity(state: VenueState, i: number, j: number): number {
  return dispatch.outputCapacity(state, i, j);
}

/** A provider withdraws `share` in [0, 1) of the venue's liquidity; the price stays where it is. */
export function scaleLiquidity(state: VenueState, share: number): VenueState {
  return dispatch.scaleLiquidity(state, share);
}

/** What the venue holds of each coin, whole tokens (a book: what a seller of each coin can receive). */
export function holdings(state: VenueState): number[] {
  return dispatch.holdings(state);
}

/** What the venue holds of coin k (the amount of `holdings`, without allocating). */
export function holding(state: VenueState, k: number): number {
  return dispatch.holding(state, k);
}

/**
 * For the clearing (no argument checks): out[0] = sellableTo(rate), out[1] = its derivative in rate (0 on a
 * plateau), out[2] = amountOut of it. `hint` warm-starts the StableSwap solve.
 */
export function inverseMarginal(state: VenueState, i: number, j: number, rate: number, out: Float64Array, hint = 0): void {
  dispatch.inverseMarginal(state, i, j, rate, out, hint);
}

/** d²(sellableTo)/d(rate)²/2 at the venue's top rate where its curve is exactly quadratic there (a square-root book), else 0. */
export function topCurvature(state: VenueState, i: number): number {
  return dispatch.topCurvature(state, i);
}

/** The coin index of asset `asset` (an asset index, or an id) in the venue, −1 when it does not trade it. */
export function coinIndex(state: VenueState, asset: number | string): number {
  if (typeof asset === 'number') {
    const c = state.coins;
    for (let k = 0; k < c.length; k++) if (c[k] === asset) return k;
    return -1;
  }
  return state.coinIds.indexOf(asset);
}

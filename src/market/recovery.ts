/**
 * Venues and the external price (DESIGN §3 "Prices, precisely", §10 Venues). `rebalance`: arbitrage from the
 * rest of the world moves a venue to the external price, keeping its liquidity, fees ignored (x·y = k: same k;
 * v3: same ranges and L; StableSwap: same D, the balances whose every pairwise price is the external ratio; a
 * book: re-centred on the external mid, nothing consumed). `recover`: between rounds the log-price gap to the
 * external price shrinks by 2^(−t/halfLife) — for n coins, every pair's gap by that factor; no-op without a
 * half-life. Maths: docs/market.md §7.
 */
import { checkAmount } from './check.js';
import * as cp from './constant-product.js';
import * as v3 from './concentrated.js';
import * as ss from './stableswap.js';
import * as ob from './order-book.js';
import type { VenueState } from './types.js';

/** The USD price of each coin of the venue, from a price per asset index. */
export function coinPrices(state: VenueState, prices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(state.coins.length);
  for (let k = 0; k < out.length; k++) {
    const a = state.coins[k]!;
    if (a < 0) throw new Error(`coinPrices: venue "${state.id}" was compiled without a network (coin ${k} has no asset index); use rebalanceTo with one price per coin`);
    const p = prices[a];
    if (!(p !== undefined && p > 0 && p < Infinity)) throw new Error(`coinPrices: the price of asset ${a} ("${state.coinIds[k]}") must be a finite USD price > 0, got ${p}`);
    out[k] = p;
  }
  return out;
}

/** The venue re-balanced to the given price of each of its coins (any common unit). */
export function rebalanceTo(state: VenueState, prices: ArrayLike<number>): VenueState {
  if (prices.length !== state.coins.length) throw new Error(`rebalanceTo: expected ${state.coins.length} coin prices for venue "${state.id}", got ${prices.length}`);
  switch (state.kind) {
    case 'constantProduct':
      return cp.setPrice(state, prices[0]! / prices[1]!);
    case 'concentrated':
      return v3.setPrice(state, prices[0]! / prices[1]!);
    case 'stableswap':
      return ss.setPrices(state, prices);
    case 'orderBook': {
      const mid = prices[0]! / prices[1]!;
      return ob.setPrice(state, mid, mid);
    }
  }
}

/** The venue re-balanced to the external USD prices (one per asset index). */
export function rebalance(state: VenueState, externalPrices: ArrayLike<number>): VenueState {
  return rebalanceTo(state, coinPrices(state, externalPrices));
}

/** A venue whose prices are within this relative gap of the external ones is left as it is: recovered (no arbitrage moves it). */
export const RECOVERED = 1e-12;

/** The venue after `seconds` of recovery towards the given coin prices (any common unit); a recovered venue unchanged. */
export function recoverTo(state: VenueState, prices: ArrayLike<number>, seconds: number): VenueState {
  checkAmount('recover', 'seconds', seconds);
  if (state.recoveryHalfLife === 0 || seconds === 0) return state;
  if (prices.length !== state.coins.length) throw new Error(`recover: expected ${state.coins.length} coin prices for venue "${state.id}", got ${prices.length}`);
  const keep = Math.pow(2, -seconds / state.recoveryHalfLife);
  if (state.kind === 'stableswap') {
    // every pair's log gap shrinks by `keep`: target_k = p_k · r_k^keep, r_k = pool price / external price relative to coin 0
    const target = new Float64Array(state.n);
    let apart = false;
    for (let k = 0; k < state.n; k++) {
      const rel = k === 0 ? 1 : (ss.spotPrice(state, k, 0) * prices[0]!) / prices[k]!;
      if (Math.abs(rel - 1) > RECOVERED) apart = true;
      target[k] = prices[k]! * Math.pow(rel, keep);
    }
    return apart ? ss.setPrices(state, target) : state;
  }
  const external = prices[0]! / prices[1]!;
  const spot = state.kind === 'constantProduct' ? cp.spotPrice(state, 0, 1) : state.kind === 'concentrated' ? v3.spotPrice(state, 0, 1) : ob.spotPrice(state, 0, 1);
  if (Math.abs(spot / external - 1) <= RECOVERED && (state.kind !== 'orderBook' || state.mid === external)) return state;
  const target = spot > 0 ? external * Math.pow(spot / external, keep) : external * Math.pow(Number.MIN_VALUE, keep);
  switch (state.kind) {
    case 'constantProduct':
      return cp.setPrice(state, target);
    case 'concentrated':
      return v3.setPrice(state, target);
    case 'orderBook':
      return ob.setPrice(state, target, external);
  }
}

/** The venue after `seconds` of recovery towards the external USD prices (one per asset index). */
export function recover(state: VenueState, externalPrices: ArrayLike<number>, seconds: number): VenueState {
  if (state.recoveryHalfLife === 0 || seconds === 0) return state;
  return recoverTo(state, coinPrices(state, externalPrices), seconds);
}

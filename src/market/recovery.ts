/**
 * Venues and the external price (DESIGN §3 "Prices, precisely", §10 Venues). `rebalance`: arbitrage from the
 * rest of the world moves a venue to the external price, keeping its liquidity, fees ignored (x·y = k: same k;
 * v3: same ranges and L; StableSwap: same D, the balances whose every pairwise price is the external ratio; a
 * book: re-centred on the external mid, nothing consumed). `recover`: between rounds the log-price gap to the
 * external price shrinks by 2^(−t/halfLife) — for n coins, every pair's gap by that factor; no-op without a
 * half-life. Maths: docs/market.md §7.
 */
import { checkAmount } from './check.js';
import { venueKind } from './kinds.js';
import type { VenueState } from './types.js';

export { RECOVERED } from './common.js';

/** The USD price of each coin of the venue, from a price per asset index. */
export function coinPrices(state: VenueState, prices: ArrayLike<number>): Float64Array {
  return coinPricesInto(state, prices, new Float64Array(state.coins.length));
}

/** coinPrices written into `out` (one entry per coin of the venue), for a caller that keeps the array between venues. */
export function coinPricesInto(state: VenueState, prices: ArrayLike<number>, out: Float64Array): Float64Array {
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
  return venueKind(state.kind).rebalanceTo(state, prices) as VenueState;
}

/** The venue re-balanced to the external USD prices (one per asset index). */
export function rebalance(state: VenueState, externalPrices: ArrayLike<number>): VenueState {
  return rebalanceTo(state, coinPrices(state, externalPrices));
}

/** The share of every log gap a venue keeps after `seconds` of recovery at half-life `halfLife`: 2^(−seconds/halfLife). */
export function keptShare(seconds: number, halfLife: number): number {
  return Math.pow(2, -seconds / halfLife);
}

/** The venue after `seconds` of recovery towards the given coin prices (any common unit); a recovered venue unchanged. */
export function recoverTo(state: VenueState, prices: ArrayLike<number>, seconds: number): VenueState {
  return recoverKept(state, prices, seconds, keptShare(seconds, state.recoveryHalfLife));
}

/** recoverTo with its share kept given (`keep` = keptShare(seconds, state.recoveryHalfLife)). */
function recoverKept(state: VenueState, prices: ArrayLike<number>, seconds: number, keep: number): VenueState {
  checkAmount('recover', 'seconds', seconds);
  if (state.recoveryHalfLife === 0 || seconds === 0) return state;
  if (prices.length !== state.coins.length) throw new Error(`recover: expected ${state.coins.length} coin prices for venue "${state.id}", got ${prices.length}`);
  return venueKind(state.kind).recoverTo(state, prices, keep) as VenueState;
}

/** The venue after `seconds` of recovery towards the external USD prices (one per asset index). */
export function recover(state: VenueState, externalPrices: ArrayLike<number>, seconds: number): VenueState {
  return recoverWith(state, externalPrices, seconds, []);
}

/**
 * recover with the coin prices written into `scratch[coin count]` (made on first use): no kind keeps the prices it
 * recovers to (kind.ts recoverTo reads them during the call), so one array per coin count serves every venue. A caller
 * that remembers the share kept passes it as `keep` (it must equal keptShare(seconds, state.recoveryHalfLife)).
 */
export function recoverWith(
  state: VenueState,
  externalPrices: ArrayLike<number>,
  seconds: number,
  scratch: Float64Array[],
  keep: number = keptShare(seconds, state.recoveryHalfLife),
): VenueState {
  if (state.recoveryHalfLife === 0 || seconds === 0) return state;
  const n = state.coins.length;
  const prices = scratch[n] ?? (scratch[n] = new Float64Array(n));
  return recoverKept(state, coinPricesInto(state, externalPrices, prices), seconds, keep);
}

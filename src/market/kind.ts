/**
 * The contract of a venue kind (DESIGN §3, §10 Venues; docs/market.md): what the clearing, routing, recovery and the
 * cascade ask of a venue, implemented once per kind in the kind's own file and registered in kinds.ts. Coin indices
 * i, j are positions in the venue's `coins`; amounts in whole tokens; rates coin j per coin i after fees.
 */
import type { Asset } from '../network/schema/asset.js';
import type { VenueCommon } from './common.js';

/** What compiling a venue of the network format needs besides the venue itself. */
export interface CompileContext {
  /** The start of every error message (`compileVenue: venue "id"`). */
  at: string;
  /** The fields every state carries, coins resolved to asset indices. */
  common: { id: string; coinIds: readonly string[]; coins: readonly number[]; fee: number; recoveryHalfLife: number; provider: string };
  /** The USD price of coin k (the options' prices, else the asset's snapshot price); throws when it is not a price. */
  price(k: number): number;
  /** The network's asset of coin k. */
  asset(k: number): Asset;
}

/** One venue kind: `S` its compiled state, `V` its entry in the network format. */
export interface VenueKindRules<S extends VenueCommon, V> {
  /** The state of a venue of the network format (checked again: a network built in code may skip the loader). */
  compile(venue: V, c: CompileContext): S;
  /** Coin j received for dx of coin i, after fees. */
  amountOut(s: S, i: number, j: number, dx: number): number;
  /** Coin i needed to receive exactly dy of coin j; throws beyond what the venue can pay. */
  amountIn(s: S, i: number, j: number, dy: number): number;
  /** d(out)/d(in) after fees at the point after selling dx of coin i (0 where it has nothing more to pay). */
  marginalRate(s: S, i: number, j: number, dx: number): number;
  /** The largest dx of coin i whose marginal rate is still >= rate. */
  sellableTo(s: S, i: number, j: number, rate: number): number;
  /** For the clearing: out[0] = sellableTo(rate), out[1] its derivative in rate, out[2] amountOut of it; `hint` may warm-start a solve. */
  inverseMarginal(s: S, i: number, j: number, rate: number, out: Float64Array, hint: number): void;
  /** d²(sellableTo)/d(rate)²/2 at the top rate where the curve is exactly quadratic there, else 0. */
  topCurvature(s: S, i: number): number;
  /** The venue after selling dx of coin i for coin j. */
  apply(s: S, i: number, j: number, dx: number): S;
  /** Fee-free price of coin i in coin j. */
  spotPrice(s: S, i: number, j: number): number;
  /** The most of coin i the venue takes while paying anything (Infinity where the curve never runs dry). */
  capacity(s: S, i: number, j: number): number;
  /** The most (a supremum where never reached) that selling coin i pays out in coin j. */
  outputCapacity(s: S, i: number, j: number): number;
  /** A provider withdraws `share` in [0, 1) of the liquidity; the price stays where it is. */
  scaleLiquidity(s: S, share: number): S;
  /** What the venue holds of coin k. */
  holding(s: S, k: number): number;
  /** What the venue holds of each coin. */
  holdings(s: S): number[];
  /** Re-balanced by arbitrage to the given price of each coin (any common unit), liquidity kept, fees ignored. */
  rebalanceTo(s: S, prices: ArrayLike<number>): S;
  /** After recovery towards the given coin prices, keeping a share `keep` of every log gap; a recovered venue unchanged. Reads `prices` during the call only (recovery.ts recoverWith reuses the array). */
  recoverTo(s: S, prices: ArrayLike<number>, keep: number): S;
}

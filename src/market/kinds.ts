/**
 * The venue-kind registry of the market layer (DESIGN §3, §10 Venues): one entry per kind the network format accepts —
 * its state, compilation, curves and recovery (kind.ts), each implemented in the kind's own file. Everything else in
 * the market layer (venue.ts, compile.ts, recovery.ts, the clearing and routing) asks this registry and never names a
 * kind; a new kind adds its file, one entry here and its schema and network facts on the network side
 * (src/network/schema/venue/, which cannot import this layer).
 */
import type { Venue } from '../network/schema/venue.js';
import type { VenueCommon } from './common.js';
import type { VenueKindRules } from './kind.js';
import { concentratedKind, type ConcentratedState } from './concentrated.js';
import { constantProductKind, type ConstantProductState } from './constant-product.js';
import { orderBookKind, type OrderBookState } from './order-book.js';
import { stableswapKind, type StableswapState } from './stableswap.js';
import * as cp from './constant-product.js';
import * as v3 from './concentrated.js';
import * as ss from './stableswap.js';
import * as ob from './order-book.js';

/** A compiled venue, whichever its kind. */
export type VenueState = ConstantProductState | ConcentratedState | StableswapState | OrderBookState;
export type VenueStateKind = VenueState['kind'];

/** Every kind of the network format (the mapped type makes a missing entry, or a state of another kind, a compile error). */
export const VENUE_KINDS: { readonly [K in Venue['kind']]: VenueKindRules<Extract<VenueState, { kind: K }>, Extract<Venue, { kind: K }>> } = {
  constantProduct: constantProductKind,
  concentrated: concentratedKind,
  stableswap: stableswapKind,
  orderBook: orderBookKind,
};

/** The kind of a state or of a venue of the network format; throws on a kind the registry does not know. */
export function venueKind(kind: string): VenueKindRules<VenueCommon, unknown> {
  const k = Object.hasOwn(VENUE_KINDS, kind) ? (VENUE_KINDS as Record<string, unknown>)[kind] : undefined;
  if (!k) throw new Error(`venueKind: unknown venue kind "${kind}"; expected one of ${Object.keys(VENUE_KINDS).join(', ')}`);
  return k as VenueKindRules<VenueCommon, unknown>;
}

/**
 * The venue interface (kind.ts) on any state, as venue.ts exports it: a switch over the kinds calling each kind's own
 * functions directly, as the rules above list them — not a lookup in VENUE_KINDS, so that the clearing's hot calls
 * stay direct and inlined (a lookup cost the clearing about a fifth of its speed, bench market). A new kind adds one
 * arm to each switch.
 */
/** Coin j received for dx of coin i, after fees. */
export function amountOut(state: VenueState, i: number, j: number, dx: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.amountOut(state, i, j, dx);
    case 'concentrated':
      return v3.amountOut(state, i, j, dx);
    case 'stableswap':
      return ss.amountOut(state, i, j, dx);
    case 'orderBook':
      return ob.amountOut(state, i, j, dx);
  }
}

/** Coin i needed to receive exactly dy of coin j (a liquidator buying a debt asset); throws beyond what the venue can pay. */
export function amountIn(state: VenueState, i: number, j: number, dy: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.amountIn(state, i, j, dy);
    case 'concentrated':
      return v3.amountIn(state, i, j, dy);
    case 'stableswap':
      return ss.amountIn(state, i, j, dy);
    case 'orderBook':
      return ob.amountIn(state, i, j, dy);
  }
}

/** d(out)/d(in) after fees, at the point after selling dx of coin i (0 where the venue has nothing more to pay). */
export function marginalRate(state: VenueState, i: number, j: number, dx: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.marginalRate(state, i, j, dx);
    case 'concentrated':
      return v3.marginalRate(state, i, j, dx);
    case 'stableswap':
      return ss.marginalRate(state, i, j, dx);
    case 'orderBook':
      return ob.marginalRate(state, i, j, dx);
  }
}

/**
 * The largest dx of coin i whose marginal rate (coin j per coin i, after fees) is still >= rate. rate > 0; at
 * rate 0 a venue of finite capacity returns it and an unbounded one (x·y = k, StableSwap, a square-root book's
 * asks) throws — see `capacity`.
 */
export function sellableTo(state: VenueState, i: number, j: number, rate: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.sellableTo(state, i, j, rate);
    case 'concentrated':
      return v3.sellableTo(state, i, j, rate);
    case 'stableswap':
      return ss.sellableTo(state, i, j, rate);
    case 'orderBook':
      return ob.sellableTo(state, i, j, rate);
  }
}

/**
 * For the clearing (no argument checks): out[0] = sellableTo(rate), out[1] = its derivative in rate (0 on a
 * plateau), out[2] = amountOut of it. `hint` warm-starts the StableSwap solve.
 */
export function inverseMarginal(state: VenueState, i: number, j: number, rate: number, out: Float64Array, hint = 0): void {
  const io = marginalSlot;
  io[3] = rate;
  io[4] = hint;
  inverseMarginalIn(state, i, j, io);
  out[0] = io[0]!;
  out[1] = io[1]!;
  out[2] = io[2]!;
}

/** inverseMarginal's slot when its caller passes numbers (its own callers' `out` may hold 3): read and written by one call only. */
const marginalSlot = new Float64Array(5);

/**
 * inverseMarginal with its rate in io[3] and hint in io[4], its out in io[0..2]: the clearing's form, where a number
 * passed to the call (one V8 may leave out of line, in a Newton step per venue) would be a heap number allocated.
 */
export function inverseMarginalIn(state: VenueState, i: number, j: number, io: Float64Array): void {
  const rate = io[3]!;
  const hint = io[4]!;
  const out = io;
  switch (state.kind) {
    case 'constantProduct':
      return cp.inverseMarginal(state, i, j, rate, out);
    case 'concentrated':
      return v3.inverseMarginal(state, i, j, rate, out);
    case 'stableswap':
      return ss.inverseMarginal(state, i, j, rate, out, hint);
    case 'orderBook':
      return ob.inverseMarginal(state, i, j, rate, out);
  }
}

/** d²(sellableTo)/d(rate)²/2 at the venue's top rate where its curve is exactly quadratic there (a square-root book), else 0. */
export function topCurvature(state: VenueState, i: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return 0;
    case 'concentrated':
      return 0;
    case 'stableswap':
      return 0;
    case 'orderBook':
      return ob.topCurvature(state, i);
  }
}

/** The venue after selling dx of coin i for coin j (the applySell). */
export function apply(state: VenueState, i: number, j: number, dx: number): VenueState {
  switch (state.kind) {
    case 'constantProduct':
      return cp.apply(state, i, j, dx);
    case 'concentrated':
      return v3.apply(state, i, j, dx);
    case 'stableswap':
      return ss.apply(state, i, j, dx);
    case 'orderBook':
      return ob.apply(state, i, j, dx);
  }
}

/** Fee-free price of coin i in coin j. */
export function spotPrice(state: VenueState, i: number, j: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.spotPrice(state, i, j);
    case 'concentrated':
      return v3.spotPrice(state, i, j);
    case 'stableswap':
      return ss.spotPrice(state, i, j);
    case 'orderBook':
      return ob.spotPrice(state, i, j);
  }
}

/**
 * The most of coin i the venue takes while paying anything: finite for ranges and books, Infinity for
 * x·y = k, StableSwap and the asks of a square-root book, whose curves never run dry.
 */
export function capacity(state: VenueState, i: number, j: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.capacity(state, i, j);
    case 'concentrated':
      return v3.capacity(state, i, j);
    case 'stableswap':
      return ss.capacity(state, i, j);
    case 'orderBook':
      return ob.capacity(state, i, j);
  }
}

/** The most (a supremum where it is never reached) that selling coin i pays out in coin j. */
export function outputCapacity(state: VenueState, i: number, j: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.outputCapacity(state, i, j);
    case 'concentrated':
      return v3.outputCapacity(state, i, j);
    case 'stableswap':
      return ss.outputCapacity(state, i, j);
    case 'orderBook':
      return ob.outputCapacity(state, i, j);
  }
}

/** A provider withdraws `share` in [0, 1) of the venue's liquidity; the price stays where it is. */
export function scaleLiquidity(state: VenueState, share: number): VenueState {
  switch (state.kind) {
    case 'constantProduct':
      return cp.scaleLiquidity(state, share);
    case 'concentrated':
      return v3.scaleLiquidity(state, share);
    case 'stableswap':
      return ss.scaleLiquidity(state, share);
    case 'orderBook':
      return ob.scaleLiquidity(state, share);
  }
}

/** What the venue holds of coin k (the amount of `holdings`, without allocating). */
export function holding(state: VenueState, k: number): number {
  switch (state.kind) {
    case 'constantProduct':
      return cp.holding(state, k);
    case 'concentrated':
      return v3.holding(state, k);
    case 'stableswap':
      return ss.holding(state, k);
    case 'orderBook':
      return ob.holding(state, k);
  }
}

/** What the venue holds of each coin, whole tokens (a book: what a seller of each coin can receive). */
export function holdings(state: VenueState): number[] {
  switch (state.kind) {
    case 'constantProduct':
      return cp.holdings(state);
    case 'concentrated':
      return v3.holdings(state);
    case 'stableswap':
      return ss.holdings(state);
    case 'orderBook':
      return ob.holdings(state);
  }
}


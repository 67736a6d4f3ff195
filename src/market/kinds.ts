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
 * function — not a lookup in VENUE_KINDS, so that the clearing's hot calls stay direct (and inlined: a lookup costs the
 * clearing a fifth of its speed). The mapped type above keeps the entries complete; these arms call the same rules.
 */
export const dispatch = {
  amountOut(state: VenueState, i: number, j: number, dx: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.amountOut(state, i, j, dx);
      case 'concentrated':
        return concentratedKind.amountOut(state, i, j, dx);
      case 'stableswap':
        return stableswapKind.amountOut(state, i, j, dx);
      case 'orderBook':
        return orderBookKind.amountOut(state, i, j, dx);
    }
  },
  amountIn(state: VenueState, i: number, j: number, dy: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.amountIn(state, i, j, dy);
      case 'concentrated':
        return concentratedKind.amountIn(state, i, j, dy);
      case 'stableswap':
        return stableswapKind.amountIn(state, i, j, dy);
      case 'orderBook':
        return orderBookKind.amountIn(state, i, j, dy);
    }
  },
  marginalRate(state: VenueState, i: number, j: number, dx: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.marginalRate(state, i, j, dx);
      case 'concentrated':
        return concentratedKind.marginalRate(state, i, j, dx);
      case 'stableswap':
        return stableswapKind.marginalRate(state, i, j, dx);
      case 'orderBook':
        return orderBookKind.marginalRate(state, i, j, dx);
    }
  },
  sellableTo(state: VenueState, i: number, j: number, rate: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.sellableTo(state, i, j, rate);
      case 'concentrated':
        return concentratedKind.sellableTo(state, i, j, rate);
      case 'stableswap':
        return stableswapKind.sellableTo(state, i, j, rate);
      case 'orderBook':
        return orderBookKind.sellableTo(state, i, j, rate);
    }
  },
  inverseMarginal(state: VenueState, i: number, j: number, rate: number, out: Float64Array, hint: number): void {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.inverseMarginal(state, i, j, rate, out, hint);
      case 'concentrated':
        return concentratedKind.inverseMarginal(state, i, j, rate, out, hint);
      case 'stableswap':
        return stableswapKind.inverseMarginal(state, i, j, rate, out, hint);
      case 'orderBook':
        return orderBookKind.inverseMarginal(state, i, j, rate, out, hint);
    }
  },
  topCurvature(state: VenueState, i: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.topCurvature(state, i);
      case 'concentrated':
        return concentratedKind.topCurvature(state, i);
      case 'stableswap':
        return stableswapKind.topCurvature(state, i);
      case 'orderBook':
        return orderBookKind.topCurvature(state, i);
    }
  },
  apply(state: VenueState, i: number, j: number, dx: number): VenueState {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.apply(state, i, j, dx);
      case 'concentrated':
        return concentratedKind.apply(state, i, j, dx);
      case 'stableswap':
        return stableswapKind.apply(state, i, j, dx);
      case 'orderBook':
        return orderBookKind.apply(state, i, j, dx);
    }
  },
  spotPrice(state: VenueState, i: number, j: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.spotPrice(state, i, j);
      case 'concentrated':
        return concentratedKind.spotPrice(state, i, j);
      case 'stableswap':
        return stableswapKind.spotPrice(state, i, j);
      case 'orderBook':
        return orderBookKind.spotPrice(state, i, j);
    }
  },
  capacity(state: VenueState, i: number, j: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.capacity(state, i, j);
      case 'concentrated':
        return concentratedKind.capacity(state, i, j);
      case 'stableswap':
        return stableswapKind.capacity(state, i, j);
      case 'orderBook':
        return orderBookKind.capacity(state, i, j);
    }
  },
  outputCapacity(state: VenueState, i: number, j: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.outputCapacity(state, i, j);
      case 'concentrated':
        return concentratedKind.outputCapacity(state, i, j);
      case 'stableswap':
        return stableswapKind.outputCapacity(state, i, j);
      case 'orderBook':
        return orderBookKind.outputCapacity(state, i, j);
    }
  },
  scaleLiquidity(state: VenueState, share: number): VenueState {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.scaleLiquidity(state, share);
      case 'concentrated':
        return concentratedKind.scaleLiquidity(state, share);
      case 'stableswap':
        return stableswapKind.scaleLiquidity(state, share);
      case 'orderBook':
        return orderBookKind.scaleLiquidity(state, share);
    }
  },
  holding(state: VenueState, k: number): number {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.holding(state, k);
      case 'concentrated':
        return concentratedKind.holding(state, k);
      case 'stableswap':
        return stableswapKind.holding(state, k);
      case 'orderBook':
        return orderBookKind.holding(state, k);
    }
  },
  holdings(state: VenueState): number[] {
    switch (state.kind) {
      case 'constantProduct':
        return constantProductKind.holdings(state);
      case 'concentrated':
        return concentratedKind.holdings(state);
      case 'stableswap':
        return stableswapKind.holdings(state);
      case 'orderBook':
        return orderBookKind.holdings(state);
    }
  },
};

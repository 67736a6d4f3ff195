/**
 * When a run has settled (DESIGN §5 "until no new liquidation and prices stop moving (tolerance)", §10 Time and
 * scenarios; docs/model.md §4): nothing liquidated, no price moving away from the external price by more than the
 * tolerance in a round, nothing scheduled or pending — and accrual alone never keeps a run going: interest moves the
 * books every round, so a loss-contagion repricing that differs from the last one only because of it (nothing
 * liquidated, sold or scheduled in between) settles the run. A run the round limit stops says what still moved in its
 * last round (`StillMoving`).
 */
import { marketKey } from '../util/packed-keys.js';

/** What kept a run going in its last round (the result's `notSettled`). */
export interface StillMoving {
  round: number;
  /** Assets whose market price moved away from the external price by more than the tolerance, relative move, largest first. */
  prices: { asset: string; move: number }[];
  /** Markets that liquidated in the last round (`protocol/market`). */
  liquidating: string[];
  /** Anything else still pending: scheduled inputs, oracle updates, open auctions, paused liquidations, loops unwinding, tokens repriced by loss contagion. */
  pending: string[];
}

export const SETTLING_DEFAULTS = {
  /** At most this many assets are listed in `prices`. */
  maxPrices: 10,
};

/** The round's relative move of each asset's market price away from its external price (0 when it moved towards it). */
export function movesAway(before: ArrayLike<number>, after: ArrayLike<number>, world: ArrayLike<number>, out: Float64Array): number {
  let moved = 0;
  for (let a = 0; a < out.length; a++) {
    const gapBefore = Math.abs(before[a]! - world[a]!);
    const gapAfter = Math.abs(after[a]! - world[a]!);
    out[a] = gapAfter > gapBefore ? (gapAfter - gapBefore) / world[a]! : 0;
    if (out[a]! > moved) moved = out[a]!;
  }
  return moved;
}

export interface StillMovingInput {
  round: number;
  assetIds: readonly string[];
  /** Per asset, the last round's move (movesAway). */
  moves: Float64Array;
  tolerance: number;
  liquidating: string[];
  pending: string[];
}

/** The record of what still moved, from the last round's state. */
export function stillMoving(s: StillMovingInput, options: Partial<typeof SETTLING_DEFAULTS> = {}): StillMoving {
  const o = { ...SETTLING_DEFAULTS, ...options };
  const prices = s.assetIds
    .map((asset, a) => ({ asset, move: s.moves[a]! }))
    .filter((x) => x.move > s.tolerance)
    .sort((x, y) => y.move - x.move || (x.asset < y.asset ? -1 : 1))
    .slice(0, o.maxPrices);
  return { round: s.round, prices, liquidating: s.liquidating, pending: s.pending };
}

/**
 * Auction lots keepers let pass. A descending auction (a Clipper's) asks less each step until a keeper takes the lot;
 * restarted by the protocol (an automatic offer on it: a reset), it went through its descent untaken — no keeper takes
 * it at any price it asks (a lot worth less than a keeper's gas, a dusty remainder), and at still prices it never
 * will: it no longer keeps the run going.
 */
export interface AuctionWatch {
  /** Per protocol and market, the auctions restarted. */
  passed: Map<number, Set<number>>;
}

export function newAuctionWatch(): AuctionWatch {
  return new Watch(new Map());
}

/** A watch over `passed` (a fork's copy). */
export function auctionWatchOf(passed: Map<number, Set<number>>): AuctionWatch {
  return new Watch(passed);
}

/** By a constructor, not a literal made once a run (route-rates.ts `Rates`: docs/scale.md "Session 15: recompiles"). */
class Watch implements AuctionWatch {
  constructor(readonly passed: Map<number, Set<number>>) {}
}

/** Records that the protocol restarted auction `ref` of market `market` of protocol `pi`. */
export function markPassed(w: AuctionWatch, pi: number, market: number, ref: number): void {
  const key = marketKey(pi, market);
  let set = w.passed.get(key);
  if (!set) w.passed.set(key, (set = new Set()));
  set.add(ref);
}

/** Whether the protocol restarted that auction during the run. */
export function wasPassed(w: AuctionWatch, pi: number, market: number, ref: number): boolean {
  return w.passed.get(marketKey(pi, market))?.has(ref) ?? false;
}

/** One line for people (the command line's stderr). */
export function describeStillMoving(m: StillMoving): string {
  const parts: string[] = [];
  if (m.prices.length) parts.push(`prices still moving: ${m.prices.map((p) => `${p.asset} ${(p.move * 100).toPrecision(3)}%`).join(', ')}`);
  if (m.liquidating.length) parts.push(`still liquidating: ${m.liquidating.join(', ')}`);
  if (m.pending.length) parts.push(`pending: ${m.pending.join(', ')}`);
  return parts.length ? parts.join('; ') : 'nothing moved in the last round, but the round limit came first';
}

/**
 * recoverMarket (market-state.ts) remembering the venues it found recovered (docs/market.md §7): a venue within
 * `RECOVERED` of the external prices is left as it is, and recovery is a function of the venue's state, its coins'
 * external prices and the seconds alone — venue states are values, replaced and never mutated — so a venue found
 * recovered stays recovered, without the check, until its state, the external prices or the seconds change. A long
 * cascade's quiet rounds then no longer re-check every recovered venue. A memo belongs to one market (a run's own clone).
 */
import { checkAmount } from './check.js';
import { keptShare, recoverWith } from './recovery.js';
import { mapArray } from '../util/map-array.js';
import { emptyObjects } from '../util/doubles.js';
import type { VenueState } from './types.js';

/** What recovery reads and writes of a market (market-state.ts `MarketState`, named here: that file calls this one). */
export interface RecoveringMarket {
  readonly assetIds: readonly string[];
  venues: VenueState[];
  active: Uint8Array;
  externalPrices: Float64Array;
}

export interface RecoveryMemo {
  /** The market the memo was filled from; null before the first call. */
  market: RecoveringMarket | null;
  /** Per venue: the state last found recovered (left as it was), else null. */
  recovered: (VenueState | null)[];
  /** The external prices and seconds of those checks. */
  external: Float64Array;
  seconds: number;
  /** Scratch of recoverWith: the coin prices of a venue, one array per coin count (read only during a venue's recovery). */
  coinPrices: Float64Array[];
  /** Per venue: the seconds and half-life of its last recovery, and the share kept (keptShare: a Math.pow a venue a round). */
  keepSeconds: Float64Array;
  halfLives: Float64Array;
  keeps: Float64Array;
}

export function newRecoveryMemo(): RecoveryMemo {
  return new Memo();
}

/** The memo made by a constructor, not a literal made once a run (cascade/route-rates.ts `Rates`: docs/scale.md "Session 15: recompiles"). */
class Memo implements RecoveryMemo {
  market: RecoveringMarket | null = null;
  recovered = emptyObjects<VenueState | null>();
  external = new Float64Array(0);
  seconds = -1;
  coinPrices: Float64Array[] = [];
  keepSeconds = new Float64Array(0);
  halfLives = new Float64Array(0);
  keeps = new Float64Array(0);
}

/** Whether the memo's checks were made on `m` at these external prices and seconds (compared as values: a NaN never equals). */
function sameInputs(memo: RecoveryMemo, m: RecoveringMarket, seconds: number): boolean {
  // null first, by itself: the code compiled in a thread's first run had compared receivers only, and a new run's first call deoptimised it (docs/scale.md "Session 15: recompiles").
  if (memo.market === null || memo.market !== m || memo.seconds !== seconds || memo.recovered.length !== m.venues.length) return false;
  const ext = m.externalPrices;
  for (let a = 0; a < ext.length; a++) if (memo.external[a] !== ext[a]) return false;
  return true;
}

/** keptShare(seconds, halfLife) for venue v: the memo's when its last recovery had the same seconds and half-life. */
function keepOf(memo: RecoveryMemo, v: number, seconds: number, halfLife: number): number {
  if (memo.keepSeconds[v] === seconds && memo.halfLives[v] === halfLife) return memo.keeps[v]!;
  const keep = keptShare(seconds, halfLife);
  memo.keepSeconds[v] = seconds;
  memo.halfLives[v] = halfLife;
  memo.keeps[v] = keep;
  return keep;
}

/** The memo's per-venue shares sized for `venues` venues, none remembered when resized (NaN never equals). */
function sizeKeeps(memo: RecoveryMemo, venues: number): void {
  if (memo.keeps.length === venues) return;
  memo.keepSeconds = new Float64Array(venues).fill(Number.NaN);
  memo.halfLives = new Float64Array(venues).fill(Number.NaN);
  memo.keeps = new Float64Array(venues);
}

/** recoverMarket(m, seconds, externalPrices), skipping the venues the memo saw recovered at the same inputs. */
export function recoverMarketMemo(m: RecoveringMarket, seconds: number, externalPrices: ArrayLike<number>, memo: RecoveryMemo): void {
  checkAmount('recoverMarket', 'seconds', seconds);
  if (externalPrices.length !== m.assetIds.length) throw new Error(`recoverMarket: expected one price per asset (${m.assetIds.length}), got ${externalPrices.length}`);
  if (externalPrices !== m.externalPrices) m.externalPrices.set(externalPrices);
  if (!sameInputs(memo, m, seconds)) {
    memo.market = m;
    memo.seconds = seconds;
    // Filled by push (mapArray): a holey `new Array(n).fill` changed class with the tier that made it.
    memo.recovered = mapArray(m.venues, () => null);
    memo.external = m.externalPrices.slice();
  }
  sizeKeeps(memo, m.venues.length);
  for (let v = 0; v < m.venues.length; v++) {
    if (!m.active[v]) continue;
    const s = m.venues[v]!;
    if (memo.recovered[v] === s) continue;
    const next = recoverWith(s, m.externalPrices, seconds, memo.coinPrices, keepOf(memo, v, seconds, s.recoveryHalfLife));
    if (next === s) memo.recovered[v] = s;
    else m.venues[v] = next;
  }
}

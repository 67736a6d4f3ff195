/**
 * Event-driven time (docs/model.md "Event-driven time"; issue #15 item 1): a protocol's turn is skipped in a round
 * where it provably lists nothing. After a played turn that listed nothing, an engine with `listingMargin` leaves a
 * mark; while the mark holds, the engine's `stillQuiet` proves at the round's context (oracle prices, profit floor:
 * the quote venues' rates and the gas) that the listing would find nothing — interest alone having moved its
 * positions since. A scenario event or a loop unwind (anything but interest that moves positions) forgets every mark;
 * so does a turn that lists something. An empty turn changes nothing, so a skipped turn leaves the run exactly as the
 * played one would: breaker, keeper capacity, caps and auctions act only on listed offers.
 */
import { resetFloor } from '../liquidators.js';
import type { Run } from './state.js';
export { newQuietState, type QuietState } from './state.js';

/** The longest wait between marks of a protocol whose marks skip nothing: 2^MAX_BACKOFF − 1 turns. */
const MAX_BACKOFF = 4;

/** Forgets every mark (positions moved other than by interest): every protocol plays its next turn. */
export function forgetQuiet(q: Run['quiet']): void {
  q.marks.fill(null);
}

/** After protocol pi's played turn, which listed `listed` rows: its mark, or none. */
export function markTurn(run: Run, pi: number, listed: number): void {
  const q = run.quiet;
  q.playedTurns++;
  const prev = q.marks[pi];
  const eng = run.engines[pi]!;
  // A mark whose proof failed is taken again: its classes
  // depend on the floor it was taken at, and a new one may hold where it failed (model.md §4.1).
  if (prev) {
    q.backoff[pi] = q.markSkips[pi]! > 0 ? 0 : Math.min(MAX_BACKOFF, q.backoff[pi]! + 1);
    q.wait[pi] = (1 << q.backoff[pi]!) - 1;
  }
  q.marks[pi] = null;
  q.markSkips[pi] = 0;
  // A position held back by a cool-off is counted by the listing (Engine.waiting): a skipped turn would not recount it.
  if (run.o.timeStepping !== 'events' || listed > 0 || !eng.listingMargin || !eng.stillQuiet || (eng.waiting?.(run.states[pi]) ?? 0) > 0) return;
  if (q.wait[pi]! > 0) {
    q.wait[pi]!--;
    return;
  }
  const margin = eng.listingMargin(run.states[pi], run.contexts[pi]!);
  if (margin.markets) q.marks[pi] = margin;
}

/**
 * Whether protocol pi's turn this round provably lists nothing (then it is skipped and counted). Its context is set as
 * its listing would set it (turn.ts listOffers): the round's time and prices, the turn's floor reset to the round's gas.
 */
export function skipTurn(run: Run, pi: number, t: number, mp: Float64Array): boolean {
  const q = run.quiet;
  const mark = q.marks[pi];
  if (!mark) return false;
  const eng = run.engines[pi]!;
  const ctx = run.contexts[pi]!;
  ctx.time = t;
  ctx.marketPrices = mp;
  ctx.profitFloor = undefined;
  if (run.o.profitGating) {
    const floor = (eng.listPairBatch !== undefined ? run.turn.relistFloors : run.turn.floors)[pi]!;
    resetFloor(floor, run.turn.gasByDebt);
    ctx.profitFloor = floor;
  }
  const skip = eng.stillQuiet!(run.states[pi], ctx, mark);
  if (skip) {
    q.skippedTurns++;
    q.markSkips[pi]!++;
  }
  return skip;
}

/**
 * Step 9 of a round (DESIGN §5; docs/model.md §4): has the run settled? Nothing liquidated or sold, no loop or
 * position waiting on time, no price moving away from the external price by more than the tolerance, nothing
 * scheduled, no oracle update pending, no open auction, no pause running on. Settled, loss contagion may reprice
 * tokens and the run goes on — unless only accrual moved the books since the last repricing. Not settled, the round
 * leaves what still moves for the result's `notSettled`.
 */
import { oracleWaiting } from '../oracles.js';
import { movesAway } from '../settling.js';
import { runOutcome, type Run } from './state.js';
import { noteLiquidating, noteRepriced } from './unsettled.js';

const EPS = 1e-9;

/** What the round did, as far as settling is concerned. */
export interface RoundActivity {
  worldMoved: boolean;
  forcedSold: number;
  events: number;
  unwinds: number;
  loopsWaiting: number;
  auctionsOpen: boolean;
  /** Market prices after recovery and accrual. */
  after: Float64Array;
}

/** A market oracle's place in `waitingOracle`: protocol · ORACLE_SLOTS + market. */
const ORACLE_SLOTS = 65536;

/**
 * Whether an oracle may still publish a price that differs by more than the tolerance from what it publishes now. The
 * oracle found waiting last is asked first: a run waiting on its slowest oracle finds it waiting round after round,
 * where the others, asked first, read their whole windows to answer no. Any order gives the same answer (an "or" of
 * questions that change nothing).
 */
function oraclesWaiting(run: Run, t: number): boolean {
  const { oracles } = run;
  const c = run.convergence;
  const w = c.waitingOracle;
  if (w >= 0 && oracleWaitingAt(run, Math.floor(w / ORACLE_SLOTS), w % ORACLE_SLOTS, t)) return true;
  for (let pi = 0; pi < run.k.protocols.length; pi++) {
    const specs = oracles.specs[pi]!;
    for (let mi = 0; mi < specs.length; mi++) {
      if (pi * ORACLE_SLOTS + mi === w || !oracleWaitingAt(run, pi, mi, t)) continue;
      c.waitingOracle = pi * ORACLE_SLOTS + mi;
      return true;
    }
  }
  return false;
}

/** oracleWaiting of protocol pi's market mi. */
function oracleWaitingAt(run: Run, pi: number, mi: number, t: number): boolean {
  const { oracles } = run;
  return oracleWaiting(oracles.specs[pi]![mi]!, oracles.states[pi]![mi]!, run.history, t, run.o.tolerance);
}

/** Whether a liquidity withdrawal waits on a trigger while prices still move away (plain loops: hot, no closures). */
function triggerWaiting(run: Run, moved: number): boolean {
  if (!(moved > 0)) return false;
  for (const e of run.scenario.events) if (e.type === 'withdrawLiquidity' && e.trigger) return true;
  return false;
}

/** Whether the breaker pauses some asset beyond t. */
function pausedAfter(run: Run, t: number): boolean {
  const u = run.pausedUntil;
  for (let a = 0; a < u.length; a++) if (u[a]! > t) return true;
  return false;
}

/** Positions held back by a rule of time (a cool-off), over every protocol. */
function timeHeldPositions(run: Run): number {
  let x = 0;
  for (let pi = 0; pi < run.engines.length; pi++) x = x + (run.engines[pi]!.waiting?.(run.states[pi]) ?? 0);
  return x;
}

/** Loss contagion once the run has settled: true when it repriced tokens (the run goes on), false when the run is over. */
function reprice(run: Run): boolean {
  const c = run.convergence;
  const { tokenFactors, o } = run;
  const factors = run.spec.onSettled?.(runOutcome(run));
  // A repricing that differs from the last only because interest accrued since (nothing liquidated, sold or
  // scheduled in between) does not keep the run going: accrual alone never would stop.
  if (!(factors && factors.some((f, a) => Math.abs(f / tokenFactors[a]! - 1) > o.tolerance) && (!c.repriced || c.activeSinceReprice))) return false;
  noteRepriced(c.last, `tokens repriced by loss contagion (${run.k.assetIds.filter((_, a) => Math.abs(factors[a]! / tokenFactors[a]! - 1) > o.tolerance).join(', ')})`);
  tokenFactors.set(factors);
  c.repriced = true;
  c.activeSinceReprice = false;
  return true;
}

/** Step 9: true when the run has converged (then it stops); else what keeps it going is kept for its report. */
export function hasSettled(run: Run, t: number, a: RoundActivity): boolean {
  const { o, dt, convergence: c } = run;
  // Prices stop moving, or move only back towards the external price (recovery cannot liquidate anyone new).
  const moved = movesAway(c.prevMarket, a.after, run.world, c.moves);
  c.prevMarket = a.after;
  const scheduled = t + dt <= run.lastEventEnd + EPS || t + dt <= run.lastPathPoint + EPS || triggerWaiting(run, moved);
  // A round the breaker paused holds liquidations back: the run goes on at least to the first round it no longer pauses.
  const pausedLater = pausedAfter(run, t);
  const executed = run.settlement.executed;
  if (executed > 0 || a.forcedSold > 0 || a.events > 0 || a.worldMoved || run.round === 0) c.lastActivity = t;
  if (executed > 0 || a.forcedSold > 0 || a.unwinds > 0 || a.events > 0) c.activeSinceReprice = true;
  // Positions held back by a rule of time (a cool-off) become liquidatable as the run goes on.
  const timeHeld = timeHeldPositions(run);
  const quiet = executed === 0 && a.forcedSold === 0 && a.loopsWaiting === 0 && timeHeld === 0 && moved <= o.tolerance && !scheduled && !a.auctionsOpen && !pausedLater;
  // An oracle update is pending while the slowest oracle (delay + heartbeat) has not yet seen the last sale or event
  // and may still publish a price that differs by more than the tolerance from what it publishes now.
  // (The scan of what the oracles may still publish runs only when all else is quiet, and in the last round for its report.)
  const oraclePending = t + dt <= c.lastActivity + run.oracles.lag + EPS && (!(quiet || run.round === o.maxRounds - 1) || oraclesWaiting(run, t));
  if (quiet && !oraclePending) {
    if (reprice(run)) return false;
    c.converged = true;
    return true;
  }
  // Kept as facts: only the last round's are reported, in words (unsettled.ts).
  const u = c.last;
  u.scheduled = scheduled;
  u.oraclePending = oraclePending;
  u.auctionsOpen = a.auctionsOpen;
  u.pausedLater = pausedLater;
  u.loopsWaiting = a.loopsWaiting;
  u.timeHeld = timeHeld;
  u.forcedSold = a.forcedSold;
  noteLiquidating(u, run.settlement.touched);
  return false;
}

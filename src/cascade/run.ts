/**
 * The round loop (DESIGN §5; docs/model.md §1.3): one round is one step of time (`roundSeconds`), each step in its
 * own module under round/:
 *
 *   the world's prices at t move the venues; scenario events act             round/events.ts
 *   prices recorded; oracles read them (delay, heartbeat, deviation; overrides); the breaker   round/oracles.ts
 *   every engine lists what may be liquidated; automatic offers execute;
 *   liquidators take what pays within keeper capacity                        round/turn.ts
 *   the round's sales clear jointly; loops unwind                            round/settle.ts
 *   venues recover towards the external price; interest accrues; the record  round/recovery.ts
 *   settled? (loss contagion may reprice tokens, and the loop goes on)       round/convergence.ts
 *
 * until the run settles or maxRounds; the run's state is round/state.ts.
 */
import { applyEvents, moveWorld } from './round/events.js';
import { observePrices, readOracles, updateBreaker } from './round/oracles.js';
import { playTurns } from './round/turn.js';
import { settleRound } from './round/settle.js';
import { recordRound, recoverAndAccrue } from './round/recovery.js';
import { hasSettled } from './round/convergence.js';
import { runOutcome, startRun, type Run, type RunOutcome, type RunSpec } from './round/state.js';

export type { Run, RunOutcome, RunSpec } from './round/state.js';

/** One round at t = round · Δ; true when the run has settled. */
function playRound(run: Run): boolean {
  const t = run.round * run.dt;
  const worldMoved = moveWorld(run, t);
  const { events, forcedSold } = applyEvents(run, t);
  const mp = observePrices(run);
  readOracles(run, t);
  const paused = updateBreaker(run, t, mp);
  const { liquidations, auctionsOpen } = playTurns(run, t, mp);
  const { unwinds, loopsWaiting } = settleRound(run, t, mp);
  const after = recoverAndAccrue(run, t, mp);
  recordRound(run, t, mp, { liquidations, events, paused, unwinds });
  return hasSettled(run, t, { worldMoved, forcedSold, events: events.length, unwinds: unwinds.length, loopsWaiting, auctionsOpen, after });
}

/** Runs one cascade on a fresh copy of the kernel's state. */
export function runCascade(spec: RunSpec): RunOutcome {
  return playRun(startRun(spec));
}

/**
 * Plays `run` from the round it stands at (0 when fresh, later when forked: round/fork.ts) until it settles or
 * maxRounds; `beforeRound` sees the run at the start of each round, before anything of the round happened.
 */
export function playRun(run: Run, beforeRound?: (run: Run) => void): RunOutcome {
  for (; run.round < run.o.maxRounds; run.round++) {
    beforeRound?.(run);
    if (playRound(run)) {
      run.round++;
      break;
    }
  }
  return runOutcome(run);
}

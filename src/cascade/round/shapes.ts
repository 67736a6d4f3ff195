/**
 * The run's objects (round/state.ts `Run`) as object literals, every field named, so that a run has one hidden class
 * whether it starts (state.ts `startRun`) or forks (fork.ts `forkRun`), and whichever V8 tier built it. A fork made
 * them with spreads, whose shape is another than the start's literal, and another again once TurboFan has compiled
 * the fork (util/copy-with.ts): in the exposure game's threads every function reading the run, its options, its
 * round contexts or its convergence test was deoptimised and compiled again as forks and whole runs alternated
 * (docs/scale.md "Object shapes").
 */
import type { RoundContext } from '../../protocols/index.js';
import type { Convergence, QuietState, Run, RunOracles } from './run-types.js';
import type { PriceHistory } from '../oracles.js';

/** A protocol's round context (its fields are rewritten each round; the profit floor is set per turn). */
export function roundContext(time: number, roundSeconds: number, oraclePrices: readonly Float64Array[], marketPrices: Float64Array): RoundContext {
  return { time, roundSeconds, oraclePrices, marketPrices, profitFloor: undefined, leftOut: undefined };
}

export function priceHistory(h: PriceHistory): PriceHistory {
  return { roundSeconds: h.roundSeconds, before: h.before, market: h.market, external: h.external };
}

export function runOracles(r: RunOracles): RunOracles {
  return { specs: r.specs, states: r.states, prices: r.prices, lag: r.lag };
}

export function quietState(q: QuietState): QuietState {
  return { marks: q.marks, markSkips: q.markSkips, backoff: q.backoff, wait: q.wait, skippedTurns: q.skippedTurns, playedTurns: q.playedTurns, quietRounds: q.quietRounds };
}

export function convergence(c: Convergence): Convergence {
  return {
    prevMarket: c.prevMarket,
    lastActivity: c.lastActivity,
    converged: c.converged,
    repriced: c.repriced,
    activeSinceReprice: c.activeSinceReprice,
    moves: c.moves,
    auctions: c.auctions,
    last: c.last,
    waitingOracle: c.waitingOracle,
  };
}

/** The run: its fields as given (no copy), in one literal. */
export function runRecord(r: Run): Run {
  return {
    spec: r.spec,
    k: r.k,
    o: r.o,
    scenario: r.scenario,
    ext: r.ext,
    n: r.n,
    dt: r.dt,
    round: r.round,
    engines: r.engines,
    states: r.states,
    m: r.m,
    flows: r.flows,
    ledger: r.ledger,
    oracles: r.oracles,
    priceMemo: r.priceMemo,
    recoveryMemo: r.recoveryMemo,
    tokenFactors: r.tokenFactors,
    world: r.world,
    history: r.history,
    contexts: r.contexts,
    lowestMarket: r.lowestMarket,
    highestMarket: r.highestMarket,
    lowestExternal: r.lowestExternal,
    highestExternal: r.highestExternal,
    forcedUnsold: r.forcedUnsold,
    records: r.records,
    fired: r.fired,
    lastEventEnd: r.lastEventEnd,
    lastPathPoint: r.lastPathPoint,
    hasTrigger: r.hasTrigger,
    pausedUntil: r.pausedUntil,
    roots: r.roots,
    unwindState: r.unwindState,
    settlement: r.settlement,
    usedAssets: r.usedAssets,
    turn: r.turn,
    convergence: r.convergence,
    quiet: r.quiet,
    horizonReached: r.horizonReached,
  };
}

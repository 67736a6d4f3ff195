/**
 * A run forked at the start of a round (docs/model.md "Runs the game spares"): a copy of everything the round loop
 * reads and writes (round/state.ts `Run`) — the engines' states through their own `clone`, the venues, the flows,
 * the oracles, the price history, what the convergence test carries — under another spec (the exposure game: another
 * coalition of sellers). The copy shares only what no round writes: the kernel, the options, the scenario, the
 * external prices, the engines (functions), the held and bounded pairs, the price history's rows (never written once
 * recorded). The fork then runs as if it had run from round 0 under its spec — which it did, when the spec's change
 * was never read before the fork's round (game-schedule.ts proves when). A copy nothing else will read may instead be
 * taken over (`adoptRun`): the same run, nothing copied.
 */
import { cloneMarket } from '../../market/index.js';
import { copyWith } from '../../util/copy-with.js';
import { mapArray } from '../../util/map-array.js';
import type { BufferLease } from '../../util/buffer-pool.js';
import type { RoundContext } from '../../protocols/index.js';
import { copyOracleState, type OracleState } from '../oracles.js';
import { newSettlement } from '../settle.js';
import { copyFlows } from '../record.js';
import { turnRows, type Run, type RunSpec } from './state.js';
import { cloneUnsettled } from './unsettled.js';
import { auctionWatchOf } from '../settling.js';
import { convergence, priceHistory, quietState, roundContext, runOracles, runRecord } from './shapes.js';

/**
 * The run as it stands at the start of round `run.round`, to go on under `spec` (same kernel, scenario, prices,
 * options); the engines' per-position columns through `lease` when given (as startRun).
 */
export function forkRun(run: Run, spec: RunSpec, lease?: BufferLease): Run {
  checkFork('forkRun', run, spec);
  const states: unknown[] = [];
  for (let pi = 0; pi < run.states.length; pi++) states.push(run.engines[pi]!.clone(run.states[pi], lease));
  const m = cloneMarket(run.m);
  const flows = mapArray(run.flows, copyFlows);
  const { settlement, turn } = specRows(run, spec, m, flows);
  const prices = copyNested(run.oracles.prices);
  const contexts: RoundContext[] = [];
  for (let pi = 0; pi < run.contexts.length; pi++) {
    const ctx = run.contexts[pi]!;
    contexts.push(roundContext(ctx.time, ctx.roundSeconds, prices[pi]!, ctx.marketPrices.slice()));
  }
  const c = run.convergence;
  const q = run.quiet;
  const h = run.history;
  const r = run.oracles;
  return runRecord(copyWith(run, {
    spec,
    states,
    m,
    flows,
    tokenFactors: run.tokenFactors.slice(),
    world: run.world.slice(),
    // Named field by field, not copyWith: a field written again by Object.assign is no longer constant for V8, and the
    // code that had read it as one (the oracles') was deoptimised at the first fork (docs/scale.md "Session 15: recompiles").
    history: priceHistory({ roundSeconds: h.roundSeconds, before: h.before, market: h.market.slice(), external: h.external.slice() }),
    oracles: runOracles({ specs: r.specs, states: copyOracleStates(r.states), prices, lag: r.lag }),
    contexts,
    lowestMarket: run.lowestMarket.slice(),
    highestMarket: run.highestMarket.slice(),
    lowestExternal: run.lowestExternal.slice(),
    highestExternal: run.highestExternal.slice(),
    forcedUnsold: run.forcedUnsold.slice(),
    records: run.records.slice(),
    fired: run.fired.slice(),
    pausedUntil: run.pausedUntil.slice(),
    unwindState: { negativeSince: copyNested(run.unwindState.negativeSince) },
    settlement,
    turn,
    // Event-driven time: the marks describe the engines' states, which the fork copies; its own arrays and counts.
    quiet: quietState(copyWith(q, { marks: q.marks.slice(), markSkips: q.markSkips.slice(), backoff: q.backoff.slice(), wait: q.wait.slice() })),
    convergence: convergence(copyWith(c, {
      prevMarket: c.prevMarket.slice(),
      moves: c.moves.slice(),
      auctions: auctionWatchOf(new Map([...c.auctions.passed].map(([key, set]) => [key, new Set(set)]))),
      last: cloneUnsettled(c.last),
    })),
  }));
}

/**
 * The run itself, to go on under `spec`, with nothing copied: for a snapshot nothing else will read (coalition-forks.ts),
 * the run a fork of it would be — the settlement and turn rows made for `spec`, as `forkRun` makes them.
 */
export function adoptRun(run: Run, spec: RunSpec): Run {
  checkFork('adoptRun', run, spec);
  const { settlement, turn } = specRows(run, spec, run.m, run.flows);
  return runRecord(copyWith(run, { spec, settlement, turn }));
}

/** What a fork makes for its spec over the market `m` and flows it goes on with: a settlement (no position ledger) and the turn's rows. */
function specRows(run: Run, spec: RunSpec, m: Run['m'], flows: Run['flows']): Pick<Run, 'settlement' | 'turn'> {
  const { k, o } = run;
  const settlement = newSettlement({ k, m, flows, sellers: spec.sellers, liquidatorInventoryShare: o.liquidatorInventoryShare, recordRounds: o.recordRounds, positions: null });
  return { settlement, turn: turnRows(spec, settlement.quoteMarket(), run.turn.bounded, run.turn.held, settlement.quoteRates) };
}

function checkFork(name: string, run: Run, spec: RunSpec): void {
  if (spec.kernel !== run.k || spec.scenario !== run.scenario || spec.ext !== run.ext || spec.options !== run.o) throw new Error(`${name}: a fork keeps the run's kernel, scenario, external prices and options; only sellers and onSettled may change`);
  if (run.ledger) throw new Error(`${name}: a run keeping position outcomes (option positionOutcomes) cannot fork`);
}

/*
 * Copies by plain loops: a closure made per fork lost its optimised code when it was collected, so V8 compiled it again
 * fork after fork (docs/scale.md "Object shapes").
 */

/** Per protocol and market, a copy of each typed array. */
function copyNested<T extends Float64Array>(xs: readonly (readonly T[])[]): T[][] {
  const out: T[][] = [];
  for (const row of xs) {
    const copy: T[] = [];
    for (const x of row) copy.push(x.slice() as T);
    out.push(copy);
  }
  return out;
}

function copyOracleStates(xs: readonly (readonly OracleState[])[]): OracleState[][] {
  const out: OracleState[][] = [];
  for (const row of xs) {
    const copy: OracleState[] = [];
    for (const s of row) copy.push(copyOracleState(s));
    out.push(copy);
  }
  return out;
}

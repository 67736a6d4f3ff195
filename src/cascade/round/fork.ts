/**
 * A run forked at the start of a round (docs/model.md "Runs the game spares"): a copy of everything the round loop
 * reads and writes (round/state.ts `Run`) — the engines' states through their own `clone`, the venues, the flows,
 * the oracles, the price history, what the convergence test carries — under another spec (the exposure game: another
 * coalition of sellers). The copy shares only what no round writes: the kernel, the options, the scenario, the
 * external prices, the engines (functions), the held and bounded pairs, the price history's rows (never written once
 * recorded). The fork then runs as if it had run from round 0 under its spec — which it did, when the spec's change
 * was never read before the fork's round (game-schedule.ts proves when).
 */
import { cloneMarket } from '../../market/index.js';
import { newSettlement } from '../settle.js';
import type { ProtocolFlows } from '../record.js';
import { turnRows, type Run, type RunSpec } from './state.js';

/** A flows record copied (its typed arrays sliced). */
function cloneFlows(f: ProtocolFlows): ProtocolFlows {
  const out = { ...f } as Record<string, unknown>;
  for (const [key, x] of Object.entries(f)) if (x instanceof Float64Array) out[key] = x.slice();
  return out as unknown as ProtocolFlows;
}

/** The run as it stands at the start of round `run.round`, to go on under `spec` (same kernel, scenario, prices, options). */
export function forkRun(run: Run, spec: RunSpec): Run {
  if (spec.kernel !== run.k || spec.scenario !== run.scenario || spec.ext !== run.ext || spec.options !== run.o) throw new Error('forkRun: a fork keeps the run\'s kernel, scenario, external prices and options; only sellers and onSettled may change');
  if (run.ledger) throw new Error('forkRun: a run keeping position outcomes (option positionOutcomes) cannot fork');
  const { k, o } = run;
  const states = run.states.map((st, pi) => run.engines[pi]!.clone(st));
  const m = cloneMarket(run.m);
  const flows = run.flows.map(cloneFlows);
  const settlement = newSettlement({ k, m, flows, sellers: spec.sellers, liquidatorInventoryShare: o.liquidatorInventoryShare, recordRounds: o.recordRounds, positions: null });
  const prices = run.oracles.prices.map((buffers) => buffers.map((b) => b.slice()));
  const c = run.convergence;
  return {
    ...run,
    spec,
    states,
    m,
    flows,
    tokenFactors: run.tokenFactors.slice(),
    world: run.world.slice(),
    history: { ...run.history, market: run.history.market.slice(), external: run.history.external.slice() },
    oracles: { ...run.oracles, states: run.oracles.states.map((xs) => xs.map((s) => ({ published: s.published.slice(), lastUpdate: s.lastUpdate.slice() }))), prices },
    contexts: run.contexts.map((ctx, pi) => ({ ...ctx, oraclePrices: prices[pi]!, marketPrices: ctx.marketPrices.slice(), profitFloor: undefined })),
    lowestMarket: run.lowestMarket.slice(),
    highestMarket: run.highestMarket.slice(),
    lowestExternal: run.lowestExternal.slice(),
    highestExternal: run.highestExternal.slice(),
    forcedUnsold: run.forcedUnsold.slice(),
    records: run.records.slice(),
    fired: run.fired.slice(),
    pausedUntil: run.pausedUntil.slice(),
    unwindState: { negativeSince: run.unwindState.negativeSince.map((xs) => xs.map((x) => x.slice())) },
    settlement,
    turn: turnRows(spec, settlement.quoteMarket(), run.turn.bounded, run.turn.held),
    convergence: {
      ...c,
      prevMarket: c.prevMarket.slice(),
      moves: c.moves.slice(),
      auctions: { passed: new Map([...c.auctions.passed].map(([key, set]) => [key, new Set(set)])) },
      lastPending: c.lastPending.slice(),
      lastLiquidating: c.lastLiquidating.slice(),
    },
  };
}

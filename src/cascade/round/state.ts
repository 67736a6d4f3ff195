/**
 * A run's state (DESIGN §5; docs/model.md §1.3): what the round loop reads and writes from one round to the next —
 * the engines' states, the venues, the world's prices, the price history the oracles read, the oracles, the
 * settlement and the rows of the liquidator step (reused from turn to turn), and what the convergence test keeps.
 * `startRun` builds it from a compiled kernel; `runOutcome` is what the loop hands back.
 */
import { emptyObjects } from '../../util/doubles.js';
import { cloneMarket, marketPrices, type MarketState } from '../../market/index.js';
import { newPriceMemo } from '../../market/price-memo.js';
import { newRecoveryMemo } from '../../market/recovery-memo.js';
import type { Engine } from '../../protocols/index.js';
import { newExecutionBatch, newOfferBatch } from '../../protocols/batch.js';
import { LeftOut } from '../../protocols/left-out.js';
import { LEFT_OUT_TOP } from '../left-out-check.js';
import { borrowableAssets } from '../../network/markets.js';
import type { Kernel } from '../kernel.js';
import { kernelEngines } from '../kernel.js';
import { monotonePairs, newOrderRows, pairsHeld, profitFloor, type TurnFloor } from '../liquidators.js';
import type { RouteRates } from '../route-rates.js';
import { initialOracleState, withOracleOptions, type MarketOracle, type OracleState } from '../oracles.js';
import { RowsBefore } from '../oracle-rows.js';
import type { CascadeOptions } from '../options.js';
import { newFlows, type RoundLiquidation } from '../record.js';
import type { ExternalPrices } from '../external-prices.js';
import { startWorld } from '../world.js';
import { newSettlement } from '../settle.js';
import { marketAssets, newPositionLedger } from '../outcomes.js';
import { newAuctionWatch, stillMoving } from '../settling.js';
import { newUnwindState, underlyingRoots } from '../channels.js';
import { pairKey } from '../../util/packed-keys.js';
import type { ListingMargin } from '../../protocols/engine.js';
import { mapArray } from '../../util/map-array.js';
import type { BufferLease } from '../../util/buffer-pool.js';
import { liquidatingOf, newUnsettled, pendingOf } from './unsettled.js';
import { convergence, priceHistory, quietState, roundContext, runOracles, runRecord } from './shapes.js';

export type { Convergence, QuietState, Run, RunOracles, RunOutcome, RunSpec, RunTime, TurnRows } from './run-types.js';
import type { Convergence, QuietState, Run, RunOracles, RunOutcome, RunSpec, TurnRows } from './run-types.js';

export function newQuietState(protocols: number): QuietState {
  return quietState({
    marks: new Array<ListingMargin | null>(protocols).fill(null),
    markSkips: new Uint32Array(protocols),
    backoff: new Uint8Array(protocols),
    wait: new Uint32Array(protocols),
    skippedTurns: 0,
    playedTurns: 0,
    quietRounds: 0,
  });
}

/** External prices at t with loss contagion's token factors applied. */
export function worldAt(ext: ExternalPrices, tokenFactors: Float64Array, t: number): Float64Array {
  const out = ext.at(t).slice();
  for (let a = 0; a < out.length; a++) out[a]! *= tokenFactors[a]!;
  return out;
}

function startOracles(k: Kernel, o: CascadeOptions, base: Float64Array): RunOracles {
  const n = k.assetIds.length;
  const specs: MarketOracle[][] = [];
  const states: OracleState[][] = [];
  const prices: Float64Array[][] = [];
  for (const p of k.protocols) {
    const ps: MarketOracle[] = [];
    const pst: OracleState[] = [];
    const pp: Float64Array[] = [];
    for (const spec of p.oracles) {
      ps.push(withOracleOptions(spec, o.oracle));
      pst.push(initialOracleState(n, base));
      pp.push(new Float64Array(n));
    }
    specs.push(ps);
    states.push(pst);
    prices.push(pp);
  }
  return runOracles({ specs, states, prices, lag: oracleLag(specs) });
}

/*
 * A run's setup is plain loops and module-level functions: a closure made per run lost its optimised code when it was
 * collected, so V8 compiled it again run after run in the exposure game (docs/scale.md "Object shapes").
 */

/** The slowest oracle's delay + heartbeat, seconds (0 without oracles). */
function oracleLag(specs: readonly MarketOracle[][]): number {
  let lag = 0;
  for (const ss of specs) for (const spec of ss) for (let a = 0; a < spec.delay.length; a++) lag = Math.max(lag, spec.delay[a]! + spec.heartbeat[a]!);
  return lag;
}

const byName = (x: readonly [string, number], y: readonly [string, number]) => (x[0] < y[0] ? -1 : 1);
const protocolId = (p: { id: string }) => p.id;

/** The indices of `ids` in the order of the ids. */
function orderByName(ids: readonly string[]): number[] {
  const named: [string, number][] = [];
  for (let i = 0; i < ids.length; i++) named.push([ids[i]!, i]);
  named.sort(byName);
  const out: number[] = [];
  for (const [, i] of named) out.push(i);
  return out;
}

/**
 * With profit gating, engines may leave out offers that cannot pay their gas at their route's best rate. Decisions
 * price on the quote market (settle.ts `quoteMarket`), which the turn's own sales move: a pair keeps the bound it had
 * at listing only when no sale along the protocol's other pairs can lift its rate (`monotonePairs`); the others get
 * no bound. A lending book's liquidations sell along the pairs its positions hold; other families along any
 * collateral → debt pair of their markets.
 */
function boundedPairs(k: Kernel, o: CascadeOptions, engines: Engine<unknown>[], states: unknown[], m: MarketState): Set<number>[] {
  const out: Set<number>[] = [];
  for (let pi = 0; pi < k.protocols.length; pi++) out.push(o.profitGating ? monotonePairs(m, sellingPairs(k, k.network.protocols[pi]!, engines[pi]!.books?.(states[pi]))) : new Set<number>());
  return out;
}

/** The collateral → debt pairs a protocol's liquidations sell along: its books' held pairs, else every pair of its markets. */
function sellingPairs(k: Kernel, p: Kernel['network']['protocols'][number], books: ReturnType<NonNullable<Engine<unknown>['books']>> | undefined): [number, number][] {
  const pairs: [number, number][] = [];
  if (books) for (const b of books) pairs.push(...pairsHeld(b.store));
  else for (const mk of p.markets) for (const c of mk.collaterals) for (const d of borrowableAssets(p, mk)) pairs.push([k.assetIndex.get(c.asset)!, k.assetIndex.get(d)!]);
  return pairs;
}

/** Per protocol and market, the pairs its positions hold (null for a market without a book). */
function heldPairs(k: Kernel, engines: Engine<unknown>[], states: unknown[]): (Set<number> | null)[][] {
  const n = k.assetIds.length;
  const out: (Set<number> | null)[][] = [];
  for (let pi = 0; pi < k.protocols.length; pi++) {
    const held: (Set<number> | null)[] = [];
    for (let mk = 0; mk < k.protocols[pi]!.marketIds.length; mk++) held.push(null);
    for (const b of engines[pi]!.books?.(states[pi]) ?? []) {
      const keys = new Set<number>();
      for (const [c, d] of pairsHeld(b.store)) keys.add(pairKey(c, d, n));
      held[b.market] = keys;
    }
    out.push(held);
  }
  return out;
}

export function turnRows(spec: RunSpec, quote: MarketState, bounded: Set<number>[], held: (Set<number> | null)[][], rates: RouteRates): TurnRows {
  const k = spec.kernel;
  const n = k.assetIds.length;
  const assetRank = new Int32Array(n);
  const byAsset = orderByName(k.assetIds);
  for (let r = 0; r < n; r++) assetRank[byAsset[r]!] = r;
  const floors: TurnFloor[] = [];
  const relistFloors: TurnFloor[] = [];
  for (const pairs of bounded) {
    floors.push(profitFloor(quote, pairs, new Float64Array(n), false, rates));
    relistFloors.push(profitFloor(quote, pairs, new Float64Array(n), true, rates));
  }
  // Protocols take their turns in the order of their ids (the file's order of protocols changes nothing).
  const turnOrder = orderByName(mapArray(k.network.protocols, protocolId));
  return new Turn(k, n, floors, relistFloors, held, bounded, assetRank, turnOrder);
}

/**
 * The turn's rows, made by a constructor and not an object literal: a literal made once a run keeps the classes of
 * its first values as its fields' types until its second run, when V8 makes its boilerplate and widens them, and the
 * code compiled in the first run on those types is deoptimised (docs/scale.md "Session 15: recompiles").
 */
class Turn implements TurnRows {
  readonly offers = newOfferBatch();
  readonly executions = newExecutionBatch();
  readonly orders = newOrderRows();
  readonly scratch = new TurnScratch();
  readonly gasByDebt: Float64Array;
  readonly capacity: Float64Array;
  readonly marketCap: Float64Array[];
  readonly turnRecords: (RoundLiquidation[] | null)[];
  readonly leftOut = new LeftOut(LEFT_OUT_TOP);

  constructor(
    k: Kernel,
    n: number,
    readonly floors: TurnFloor[],
    readonly relistFloors: TurnFloor[],
    readonly held: (Set<number> | null)[][],
    readonly bounded: Set<number>[],
    readonly assetRank: Int32Array,
    readonly turnOrder: number[],
  ) {
    this.gasByDebt = new Float64Array(n);
    this.capacity = new Float64Array(k.protocols.length);
    this.marketCap = mapArray(k.protocols, (p) => new Float64Array(p.marketIds.length));
    this.turnRecords = mapArray(k.protocols, () => null);
  }
}

/** The turn's scratch rows (grown by doubling where they are used), by a constructor as `Turn`. */
class TurnScratch {
  kept = new Uint32Array(64);
  rowGroup = new Int32Array(64);
  groupRows = new Uint32Array(64);
}

/**
 * A run on a fresh copy of the kernel's state, the world at its prices at t = 0; the engines' per-position columns
 * through `lease` when given (released by the caller once nothing reads the run: coalition-forks.ts).
 */
export function startRun(spec: RunSpec, lease?: BufferLease): Run {
  const { kernel: k, options: o, scenario, ext } = spec;
  const n = k.assetIds.length;
  const dt = o.roundSeconds;
  const engines = kernelEngines(k, { liquityRecoveryMode: o.liquityRecoveryMode, auctionResets: o.auctionResets, stabilityPoolSellShare: o.stabilityPoolSellShare });
  const states = mapArray(k.protocols, (p, i) => engines[i]!.clone(p.template, lease));
  const m = cloneMarket(k.market);
  const flows = mapArray(k.protocols, () => newFlows(n));
  const ledger = o.positionOutcomes ? newPositionLedger(k) : null;
  const oracles = startOracles(k, o, ext.base);
  const tokenFactors = new Float64Array(n).fill(1);
  const world = worldAt(ext, tokenFactors, 0);
  startWorld(m, world);
  const settlement = newSettlement({ k, m, flows, sellers: spec.sellers, liquidatorInventoryShare: o.liquidatorInventoryShare, recordRounds: o.recordRounds, positions: ledger });
  return runRecord({
    spec, k, o, scenario, ext, n, dt, round: 0, engines, states, m, flows, ledger, oracles,
    priceMemo: newPriceMemo(),
    recoveryMemo: newRecoveryMemo(),
    tokenFactors,
    world,
    // The price history's rows arrays of objects from the start (util/doubles.ts): a first push re-classed them mid-run.
    history: priceHistory({ roundSeconds: dt, before: new RowsBefore(ext.base.slice(), ext.base.slice()), market: emptyObjects(), external: emptyObjects() }),
    contexts: mapArray(oracles.prices, (buffers) => roundContext(0, dt, buffers, new Float64Array(n))),
    lowestMarket: new Float64Array(n).fill(Infinity),
    highestMarket: new Float64Array(n).fill(-Infinity),
    lowestExternal: new Float64Array(n).fill(Infinity),
    highestExternal: new Float64Array(n).fill(-Infinity),
    forcedUnsold: new Float64Array(n),
    records: [],
    fired: new Uint8Array(scenario.events.length),
    lastEventEnd: scenario.events.reduce((t, e) => Math.max(t, e.at + ('over' in e ? e.over : 0)), 0),
    lastPathPoint: ext.changes[ext.changes.length - 1] ?? 0,
    hasTrigger: scenario.events.some((e) => e.type === 'withdrawLiquidity' && e.trigger !== undefined),
    pausedUntil: new Float64Array(n),
    roots: underlyingRoots(k),
    unwindState: newUnwindState(engines, states, o.loopUnwind !== null),
    settlement,
    usedAssets: o.recordRounds ? marketAssets(k) : [],
    turn: turnRows(spec, settlement.quoteMarket(), boundedPairs(k, o, engines, states, m), heldPairs(k, engines, states), settlement.quoteRates),
    convergence: convergence({ prevMarket: marketPrices(m), lastActivity: 0, converged: false, repriced: false, activeSinceReprice: false, moves: new Float64Array(n), auctions: newAuctionWatch(), last: newUnsettled(), waitingOracle: -1 }),
    quiet: newQuietState(k.protocols.length),
    horizonReached: false,
  });
}

/** What the loop hands back: the run as it stands (also what loss contagion reads when the run settles). */
export function runOutcome(run: Run): RunOutcome {
  const c = run.convergence;
  return {
    converged: c.converged,
    rounds: run.round,
    records: run.records,
    flows: run.flows,
    engines: run.engines,
    states: run.states,
    market: run.m,
    lowestMarket: run.lowestMarket,
    highestMarket: run.highestMarket,
    lowestExternal: run.lowestExternal,
    highestExternal: run.highestExternal,
    finalMarket: marketPrices(run.m),
    finalExternal: run.world.slice(),
    tokenFactors: run.tokenFactors.slice(),
    forcedUnsold: run.forcedUnsold,
    positions: run.ledger ? run.ledger.outcomes(run.engines, run.states) : null,
    notSettled: c.converged
      ? null
      : stillMoving({ round: run.round - 1, assetIds: run.k.assetIds, moves: c.moves, tolerance: run.o.tolerance, liquidating: liquidatingOf(c.last, run.k), pending: run.horizonReached ? [...pendingOf(c.last), `the horizon came first (horizonSeconds ${run.o.horizonSeconds})`] : pendingOf(c.last) }),
    time: {
      stepping: run.o.timeStepping,
      rounds: run.round,
      playedTurns: run.quiet.playedTurns,
      skippedTurns: run.quiet.skippedTurns,
      quietRounds: run.quiet.quietRounds,
      quietSeconds: run.quiet.quietRounds * run.dt,
      horizonReached: run.horizonReached,
    },
  };
}

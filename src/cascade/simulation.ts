/**
 * The steps of `simulateCascade` (DESIGN §5, §6) that its synchronous and asynchronous entries share: `planSimulation`
 * prepares the inputs and plans the exposure game, `runMain` runs the main cascade; the game's coalitions run in the
 * waves of `scheduleOf` — in turn (simulate.ts) or on worker threads (simulate-async.ts) —; `finishSimulation` solves
 * the game and builds the result. A coalition's value depends on nothing but the inputs and the coalition, and the
 * schedule on nothing but the runs' outcomes, so both entries give the same bytes.
 */
import type { Network } from '../network/schema/network.js';
import { computeLosses } from './losses.js';
import { manifest } from './manifest.js';
import type { CascadeOptions } from './options.js';
import { venueReserves } from './outcomes.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import { planGame, protocolRows, solveGame, type ExposureResult, type GamePlan, type GameValue } from './exposure.js';
import { exposurePlayers } from './players.js';
import { coalitionRun, gameValue, prepare, runOnce, type Prepared, type RunWithLosses } from './coalition-run.js';
import { gameSchedule, type CoalitionRun, type ScheduleStep } from './game-schedule.js';
import type { AssetResult, CascadeResult, ProtocolResult } from './result.js';

export interface Simulation {
  prepared: Prepared;
  network: Network;
  /** The main run, its losses computed (null until `runMain`). */
  main: (RunWithLosses & { losses: NonNullable<RunWithLosses['losses']> }) | null;
  /** The players (protocol indices) and the game's plan; null when exposure is 'none'. */
  players: number[];
  plan: GamePlan | null;
  /** The plan's coalitions as `sellers` masks over every protocol (a non-player never sells anything anyway). */
  sellers: Uint8Array[];
  /** The plan's grand coalition when the main run is its run (every protocol sells: option sellers null), else −1. */
  grand: number;
  /** The main run as the grand coalition's run (null until `runMain`, or when it is not one). */
  mainRun: CoalitionRun | null;
}

const clean = (x: number) => (Number.isFinite(x) ? x : 0);

function amplification(base: number, lowM: number, highM: number, lowE: number, highE: number): number | null {
  const down = lowE / base - 1;
  const up = highE / base - 1;
  const ext = Math.abs(down) >= Math.abs(up) ? down : up;
  if (Math.abs(ext) < 1e-12) return null;
  const mkt = ext < 0 ? lowM / base - 1 : highM / base - 1;
  return clean(mkt / ext);
}

function assumptionsOf(o: CascadeOptions): string[] {
  const out = [
    `rounds of ${o.roundSeconds} s; at most ${o.maxRounds} rounds`,
    o.profitGating ? `liquidators act only while it pays: bonus vs. price impact plus gas of $${o.gasCostUsd} per liquidation (×${o.stressGasMultiplier} in rounds where a price fell more than 5%)` : 'no profit gating: every liquidatable position is liquidated in full',
    o.keeperCapacityUsd === null ? 'keeper capacity unlimited' : `keeper capacity $${o.keeperCapacityUsd} of debt repaid per protocol per round`,
    o.liquidatorInventoryShare > 0 ? `liquidators keep ${o.liquidatorInventoryShare * 100}% of what they seize` : 'liquidators sell everything they seize (flash-loan liquidators)',
    o.recovery ? 'venues recover towards the external price with their half-lives' : 'no venue recovery',
  ];
  if (o.oracle) out.push(`every oracle: ${Object.entries(o.oracle).map(([k, v]) => `${k} ${v}`).join(', ')} (overriding the network)`);
  if (o.circuitBreaker) out.push(`circuit breaker: liquidations of an asset pause for ${o.circuitBreaker.pauseSeconds} s after a ${o.circuitBreaker.fall * 100}% fall within ${o.circuitBreaker.windowSeconds} s`);
  if (o.gradualLiquidationUsd !== null) out.push(`gradual liquidation: at most $${o.gradualLiquidationUsd} of debt repaid per market per round`);
  if (o.zeroBidKeepers) out.push('flip auctions: zero-bid keepers win lots nobody else bids on');
  if (o.loopUnwind)
    out.push(`loop unwinding (assumed rule): owners of loops whose carry stays below −${(o.loopUnwind.carryThreshold * 100).toFixed(2)}% a year for ${o.loopUnwind.persistSeconds} s unwind ${(o.loopUnwind.sharePerRound * 100).toFixed(1)}% of their debt each round, selling only while the price stays within ${(o.loopUnwind.maxDiscount * 1e4).toFixed(0)} bp of the external value`);
  else out.push('leverage loops are not unwound by their owners (option loopUnwind)');
  if (o.sellers) out.push(`only ${o.sellers.join(', ')} sell seized collateral; the others hold it`);
  return out;
}

/** Prepares the inputs and plans the exposure game. */
export function planSimulation(network: Network, scenario: ScenarioInput | Scenario, options: Partial<CascadeOptions>): Simulation {
  const prepared = prepare(network, scenario, options);
  const { o, k } = prepared;
  const players = exposurePlayers(network);
  const plan = o.exposure === 'none' || k.protocols.length === 0 ? null : planGame(o.exposure, players.length, o);
  const coalitions = (plan?.coalitions ?? []).map((members) => {
    const mask = new Uint8Array(k.protocols.length);
    players.forEach((pi, q) => (mask[pi] = members[q]!));
    return mask;
  });
  // The main run is the grand coalition's run when everybody sells: a non-player holds no book, so its bit is never read,
  // and records are kept beside the run, never read by it.
  const grand = o.sellers === null ? (plan?.coalitions.findIndex((c) => c.every((x) => x === 1)) ?? -1) : -1;
  return { prepared, network, main: null, players, plan, sellers: coalitions, grand, mainRun: null };
}

/** Runs the main cascade (with round records as asked); it is also the grand coalition's run when `grand` ≥ 0. */
export function runMain(sim: Simulation): void {
  const { o, s, k, ext, sellers } = sim.prepared;
  const result = runOnce(k, s, ext, o, sellers);
  if (sim.grand >= 0) sim.mainRun = coalitionRun(k, result);
  sim.main = { out: result.out, losses: result.losses ?? computeLosses(k, result.out) };
}

/**
 * The waves of the game's coalitions (game-schedule.ts): runs are spared unless owners unwind loops; the grand
 * coalition is valued by the main run (`runMain` before the first wave is handed back).
 */
export function scheduleOf(sim: Simulation): Generator<ScheduleStep, GameValue[], CoalitionRun[]> {
  const known = sim.grand < 0 ? [] : [{ coalition: sim.grand, run: () => sim.mainRun ?? fail('the main run has not run (runMain)') }];
  return gameSchedule(sim.sellers, sim.prepared.o.loopUnwind === null, {}, known);
}

/** The game's cascades the main run stands for (1 when it is the grand coalition's run). */
export const mainCascades = (sim: Simulation): number => (sim.grand >= 0 ? 1 : 0);

function fail(why: string): never {
  throw new Error(`scheduleOf: ${why}`);
}

/** The exposure from the values of the plan's coalitions (`values[c]` for `sim.sellers[c]`). */
function exposureOf(sim: Simulation, values: readonly GameValue[], cascades: number): ExposureResult | null {
  const { plan, players } = sim;
  if (!plan) return null;
  const { k } = sim.prepared;
  const n = k.protocols.length;
  const g = solveGame(plan, values);
  return {
    method: plan.method,
    protocols: k.protocols.map((p) => p.id),
    players: players.map((pi) => k.protocols[pi]!.id),
    liquidations: protocolRows(g.liquidations, players, n),
    badDebt: protocolRows(g.badDebt, players, n),
    standardError: g.standardError && { liquidations: protocolRows(g.standardError.liquidations, players, n), badDebt: protocolRows(g.standardError.badDebt, players, n) },
    none: g.none,
    all: g.all,
    cascades,
    samples: plan.samples,
    seed: plan.seed,
  };
}

/** Each protocol's part of the result: what it liquidated, seized, sold and kept, its losses and its cascade multiplier. */
function protocolResults(k: Prepared['k'], main: RunWithLosses['out'], losses: NonNullable<RunWithLosses['losses']>, exposure: ExposureResult | null, mainValue: GameValue): ProtocolResult[] {
  const toList = (xs: Float64Array, price: Float64Array) =>
    [...xs].flatMap((x, a) => (x > 0 ? [{ asset: k.assetIds[a]!, amount: x, usd: x * price[a]! }] : []));

  return k.protocols.map((p, i) => {
    const f = main.flows[i]!;
    const held = new Float64Array(k.assetIds.length);
    for (const t of losses.totals[i]!) t.held.forEach((x, a) => (held[a]! += x));
    held.forEach((x, a) => (held[a] = x - f.absorberReleased[a]! + f.unfilledCloses[a]!));
    const l = losses.protocols[i]!;
    const first = exposure ? exposure.none.liquidated[i]! : null;
    const total = mainValue.liquidated[i]!;
    const { protocol: _omit, ...loss } = l;
    return {
      protocol: p.id,
      family: p.family,
      liquidations: f.liquidations,
      liquidatedCollateralUsd: clean(f.seizedUsd),
      liquidatedCollateralSnapshotUsd: total,
      repaidDebtUsd: clean(f.repaidUsd),
      bonusPaidUsd: clean(f.bonusUsd),
      bonusGrossUsd: clean(f.bonusGrossUsd),
      protocolFeeUsd: clean(f.protocolFeeUsd),
      badDebtAtExecutionUsd: clean(f.badDebtUsd),
      seized: toList(f.seized, main.finalMarket),
      taken: toList(f.sold.map((x, a) => x + f.inventory[a]!), main.finalMarket),
      sold: toList(f.sold, main.finalMarket),
      kept: toList(f.inventory, main.finalMarket),
      protocolFee: toList(f.protocolFee, main.finalMarket),
      heldByAbsorber: toList(held, main.finalMarket),
      redistributed: toList(f.redistributed, main.finalMarket),
      gasCompensation: toList(f.gasCompensation, main.finalMarket),
      lotsReturned: toList(f.lotsReturned, main.finalMarket),
      unwound: { sold: toList(f.unwoundSold, main.finalMarket), repaid: toList(f.unwoundRepaid, main.finalMarket) },
      supplyWithdrawn: toList(f.supplyWithdrawn, main.finalMarket),
      returnedToOwner: toList(f.returnedToOwner, main.finalMarket),
      keeperIncentive: toList(f.keeperIncentive, main.finalMarket),
      debtRedistributed: toList(f.debtRedistributed, main.finalMarket),
      gasPoolCompensation: toList(f.gasPoolCompensation, main.finalMarket),
      firstRoundLiquidatedUsd: first,
      cascadeLiquidatedUsd: first === null ? null : total - first,
      cascadeMultiplier: first === null || first <= 0 ? null : total / first,
      ...loss,
    };
  });
}

/** Solves the game from its coalitions' values (`cascades`: the runs it took) and builds the result. */
export function finishSimulation(sim: Simulation, values: readonly GameValue[], cascades: number): CascadeResult {
  const { o, s, k, ext } = sim.prepared;
  const network = sim.network;
  const result = sim.main;
  if (!result) throw new Error('finishSimulation: the main run has not run (runMain)');
  const main = result.out;
  const losses = result.losses;
  const exposure = exposureOf(sim, values, cascades);
  const mainValue = gameValue(k, result);
  const unsold = main.flows.reduce((s2, f) => s2 + f.inventory.reduce((u, x, a) => u + x * main.finalMarket[a]!, 0), 0);
  const protocols = protocolResults(k, main, losses, exposure, mainValue);
  const assets: AssetResult[] = k.assetIds.map((id, a) => ({
    asset: id,
    snapshotPrice: k.snapshot[a]!,
    shockedPrice: ext.at(0)[a]!,
    finalExternalPrice: main.finalExternal[a]!,
    finalMarketPrice: main.finalMarket[a]!,
    lowestMarketPrice: main.lowestMarket[a]!,
    highestMarketPrice: main.highestMarket[a]!,
    amplification: amplification(ext.base[a]!, main.lowestMarket[a]!, main.highestMarket[a]!, main.lowestExternal[a]!, main.highestExternal[a]!),
  }));
  const sum = (f: (p: ProtocolResult) => number) => protocols.reduce((x, p) => x + f(p), 0);
  return {
    manifest: { ...manifest(network, s, o, o.seed), exposure: exposure && { method: exposure.method, players: exposure.players, exact: exposure.method !== 'shapley-sampled', samples: exposure.samples, seed: exposure.seed } },
    scenario: { name: s.name ?? null, repriced: ext.repriced },
    converged: main.converged,
    notSettled: main.notSettled,
    rounds: main.records,
    roundCount: main.rounds,
    roundSeconds: o.roundSeconds,
    durationSeconds: main.rounds * o.roundSeconds,
    time: main.time,
    assets,
    protocols,
    venues: venueReserves(main.market),
    positions: main.positions,
    exposure,
    losses: {
      clearing: losses.clearing,
      repricedTokens: [...main.tokenFactors].flatMap((f, a) => (f !== 1 ? [{ asset: k.assetIds[a]!, factor: f }] : [])),
    },
    totals: {
      liquidations: sum((p) => p.liquidations),
      liquidatedCollateralUsd: sum((p) => p.liquidatedCollateralUsd),
      liquidatedCollateralSnapshotUsd: sum((p) => p.liquidatedCollateralSnapshotUsd),
      bonusPaidUsd: sum((p) => p.bonusPaidUsd),
      badDebtBookedUsd: sum((p) => p.badDebtBookedUsd),
      netInsolventUsd: sum((p) => p.netInsolventUsd),
      lossToLendersUsd: sum((p) => p.lossToLendersUsd),
      keptUnsoldUsd: unsold,
    },
    assumptions: assumptionsOf(o),
  };
}

/**
 * One run of the cascade for the exposure game or the main result (DESIGN §5, §6): the options, scenario and network
 * prepared once (`prepare`), a run with loss contagion at each settling (`runOnce`), and the game's value of a run in
 * tokens at snapshot prices (`gameValue`). `coalitionRuns` runs a list of coalitions: the same function on the main
 * thread and in a worker (exposure-worker.ts), so that a coalition's value never depends on where it ran.
 */
import { doublesOf } from '../util/doubles.js';
import type { Network } from '../network/schema/network.js';
import { compileKernel, type Kernel } from './kernel.js';
import { computeLosses, totalsUsd, usdAt, type LossOutcome } from './losses.js';
import { shortfallAtSnapshot } from './shortfall.js';
import { quietOptions, resolveOptions, type CascadeOptions } from './options.js';
import { runCascade, type RunOutcome, type RunSpec } from './run.js';
import { parseScenario } from './scenario.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import { externalPrices, type ExternalPrices } from './external-prices.js';
import type { GameValue } from './exposure.js';
import type { CoalitionRun } from './game-schedule.js';
import { BufferPool } from '../util/buffer-pool.js';

export interface Prepared {
  o: CascadeOptions;
  s: Scenario;
  k: Kernel;
  ext: ExternalPrices;
  /** The `sellers` option as a mask over protocols. */
  sellers: Uint8Array;
  /** The buffers the game's runs copy the engines' columns into, given back when a run is over (coalition-forks.ts). */
  pool: BufferPool;
}

export interface RunWithLosses {
  out: RunOutcome;
  losses: LossOutcome | null;
}

/** Options + scenario + network → the run spec, compiled once. */
export function prepare(network: Network, scenario: ScenarioInput | Scenario, options: Partial<CascadeOptions>): Prepared {
  const s = parseScenario(scenario, network);
  // A scenario's own options (a scenario file's: hourly rounds, zero-bid keepers…) hold unless the caller sets them.
  const o = resolveOptions(s.options ? { ...(s.options as Partial<CascadeOptions>), ...options } : options);
  const k = compileKernel(network);
  const ext = externalPrices(network, s);
  const known = new Set(k.protocols.map((p) => p.id));
  for (const id of o.sellers ?? []) if (!known.has(id)) throw new Error(`simulateCascade: option sellers names an unknown protocol "${id}"; expected one of ${[...known].map((x) => `"${x}"`).join(', ')}`);
  const sellers = Uint8Array.from(k.protocols, (p) => (o.sellers === null || o.sellers.includes(p.id) ? 1 : 0));
  return { o, s, k, ext, sellers, pool: new BufferPool() };
}

/** A run's spec with loss contagion at each settling, and the losses of the last settling (null before any). */
export function runSpec(k: Kernel, s: Scenario, ext: ExternalPrices, o: CascadeOptions, sellers: Uint8Array): { spec: RunSpec; settled: () => LossOutcome | null } {
  let settled: LossOutcome | null = null;
  const spec: RunSpec = {
    kernel: k,
    scenario: s,
    ext,
    options: o,
    sellers,
    onSettled: o.lossContagion
      ? (r) => {
          const l = computeLosses(k, r);
          const more = l.tokenFactors.some((f, a) => Math.abs(f - r.tokenFactors[a]!) > o.tolerance);
          settled = l;
          return more ? l.tokenFactors : null;
        }
      : undefined,
  };
  return { spec, settled: () => settled };
}

/** A run's outcome with its losses: a converged run stopped right after a settling that changed nothing but what accrual moved, so its losses are the final ones. */
export function withLosses(out: RunOutcome, settled: LossOutcome | null): RunWithLosses {
  return { out, losses: out.converged ? settled : null };
}

/**
 * A run, and the losses loss contagion computed when it settled (null when it did not, or rounds ran after that).
 */
export function runOnce(k: Kernel, s: Scenario, ext: ExternalPrices, o: CascadeOptions, sellers: Uint8Array): RunWithLosses {
  const { spec, settled } = runSpec(k, s, ext, o, sellers);
  const out = runCascade(spec);
  return withLosses(out, settled());
}

/**
 * The game's value of a run, in one unit — tokens at snapshot prices (DESIGN §10 Measures): collateral liquidated, and
 * bad debt = booked bad debt plus the insolvent accounts' shortfall in debt tokens (shortfall.ts) — read from its
 * losses when they were computed, else from the engines (one pass each).
 */
export function gameValue(k: Kernel, r: RunWithLosses): GameValue {
  const run = r.out;
  const liquidated: number[] = [];
  for (const f of run.flows) liquidated.push(usdAt(f.seized, k.snapshot));
  const badDebt: number[] = [];
  for (let i = 0; i < k.protocols.length; i++) {
    const eng = run.engines[i]!;
    const totals = r.losses ? r.losses.totals[i]! : eng.totals(run.states[i]);
    const booked = totalsUsd(totals, 'badDebt', k.snapshot);
    const byMarket = r.losses ? r.losses.insolvencyByMarket[i]! : eng.insolvency(run.states[i], run.finalMarket);
    badDebt.push(booked + shortfallAtSnapshot(byMarket, totals, run.finalMarket, k.snapshot));
  }
  return { liquidated, badDebt };
}

/**
 * The runs in which the protocols marked in each `sellers` mask sell (no round records): the game's value of each, and
 * which protocols offered collateral for sale in it (game-schedule.ts).
 */
export function coalitionRuns(p: Prepared, sellers: readonly Uint8Array[], onRun?: () => void): CoalitionRun[] {
  const quiet = quietOptions(p.o);
  return sellers.map((mask) => {
    const r = runOnce(p.k, p.s, p.ext, quiet, mask);
    onRun?.();
    return coalitionRun(p.k, r);
  });
}

/** A run as the game sees it: its value, which protocols offered collateral for sale, and from which round. */
export function coalitionRun(k: Kernel, r: RunWithLosses): CoalitionRun {
  const { flows } = r.out;
  return gameRun(gameValue(k, r), Uint8Array.from(flows, (f) => (f.offeredForSale > 0 ? 1 : 0)), Int32Array.from(flows, (f) => f.firstOfferRound));
}

/**
 * A run as the game keeps it, in one literal (its value's arrays stored as doubles: util/doubles.ts) for the runs made
 * on this thread and those a worker sends (game-stream.ts `record`): a structured clone has other hidden classes, and the
 * schedule's and the Shapley sums' code was deoptimised when the first of them arrived.
 */
export function gameRun(value: GameValue, active: Uint8Array, firstOffer: Int32Array): CoalitionRun {
  return { value: { liquidated: doublesOf(value.liquidated), badDebt: doublesOf(value.badDebt) }, active, firstOffer };
}

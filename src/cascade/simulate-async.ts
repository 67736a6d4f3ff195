/**
 * `simulateCascadeAsync(network, scenario, options?)`: `simulateCascade` with the exposure game's coalition cascades
 * spread over worker threads (util/task-stream.ts: tinypool in Node; in a browser bundle they run in-process), wave
 * by wave (game-schedule.ts). The main run stays on the calling thread while the threads load and take the first
 * wave; then the calling thread takes the game's families with them, and every thread with no family of the pending
 * wave left runs the next wave's guessed families (game-stream.ts). Every coalition's value depends on nothing but the
 * inputs and the coalition, and the game is solved in one order, so the result is byte-identical to `simulateCascade`'s
 * for any `workers`.
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeOptions } from './options.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import type { ProgressCallback } from '../util/progress.js';
import { defaultWorkers } from '../util/worker-pool.js';
import { openTaskStream, startThreads, type StreamThreads } from '../util/task-stream.js';
import type { CoalitionRun } from './game-schedule.js';
import { openLedger, playOnStream, record, streamCapacity, type StreamGame } from './game-stream.js';
import { familyRuns } from './coalition-forks.js';
import { finishSimulation, mainCascades, planSimulation, runMain, scheduleOf, type Simulation } from './simulation.js';
import type { CascadeResult } from './result.js';
import { recordMarketStores, recordedMarketStores, type HandedStores } from '../protocols/handed-stores.js';

/** What every worker thread is handed once: the inputs as the caller gave them. */
export interface CoalitionInputs {
  network: Network;
  scenario: ScenarioInput | Scenario;
  options: Partial<CascadeOptions>;
}

/**
 * What every worker thread is handed with the game's stream: the market stores this thread built for the network
 * (protocols/handed-stores.ts), so that a worker thread's compile lays out no position again.
 */
export interface CoalitionHanded {
  stores: HandedStores;
}

/** The worker threads' module (its tasks: families of coalitions, run in turn by coalition-forks.ts). */
export const COALITIONS_WORKER = 'cascade/exposure-worker.js';

export interface AsyncOptions {
  /**
   * Threads running the coalition cascades, the calling thread included (it joins once its main run is done: `workers`
   * − 1 worker threads start); null = one per core (Node's availableParallelism; 1 in a browser). 1: no worker thread.
   */
  workers: number | null;
}

export const SIMULATE_ASYNC_DEFAULTS: AsyncOptions = { workers: null };

/** `simulateCascade` on worker threads: the same result, bytes included. Rejects as `simulateCascade` throws. */
export async function simulateCascadeAsync(
  network: Network,
  scenario: ScenarioInput | Scenario,
  options: Partial<CascadeOptions> & Partial<AsyncOptions> & { onProgress?: ProgressCallback } = {},
): Promise<CascadeResult> {
  // onProgress and workers say how to compute, not what: they stay out of the options and the manifest.
  const { onProgress, workers: asked, ...modelOptions } = options;
  const workers = asked ?? SIMULATE_ASYNC_DEFAULTS.workers ?? defaultWorkers();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`simulateCascadeAsync: option workers must be null or an integer >= 1, got ${JSON.stringify(asked)}`);
  // The worker threads start first: they load and compile their kernels while this thread plans the game (they hold
  // none when exposure is 'none'; a refusal below stops them).
  const inputs: CoalitionInputs = { network, scenario, options: modelOptions };
  const threads = startOrNone(inputs, modelOptions.exposure === 'none' ? 0 : workers - 1);
  try {
    return await simulateOn(threads, inputs, onProgress);
  } finally {
    await threads.close();
  }
}

/**
 * The game's threads, or none when the inputs cannot be handed to a thread (a function among the options: the
 * structured clone refuses it before any check ran): `planSimulation` then refuses a bad option by its name, as
 * `simulateCascade` does, and a good input runs with every cascade here.
 */
function startOrNone(inputs: CoalitionInputs, count: number): StreamThreads {
  try {
    return startThreads(COALITIONS_WORKER, inputs, count);
  } catch {
    return startThreads(COALITIONS_WORKER, inputs, 0);
  }
}

/** Plans the game here, recording the market stores its compile builds for the worker threads (none without one). */
function planRecorded(threads: StreamThreads, inputs: CoalitionInputs): { sim: Simulation; handed: CoalitionHanded } {
  if (threads.count === 0) return { sim: planSimulation(inputs.network, inputs.scenario, inputs.options), handed: { stores: new Map() } };
  recordMarketStores(inputs.network);
  try {
    const sim = planSimulation(inputs.network, inputs.scenario, inputs.options);
    return { sim, handed: { stores: recordedMarketStores(inputs.network) } };
  } catch (error) {
    // A refused input leaves no recording behind.
    recordedMarketStores(inputs.network);
    throw error;
  }
}

/** `simulateCascadeAsync` on threads started for it: the main run here, the game's families on the stream and here. */
async function simulateOn(threads: StreamThreads, inputs: CoalitionInputs, onProgress?: ProgressCallback): Promise<CascadeResult> {
  const { sim, handed } = planRecorded(threads, inputs);
  const planned = 1 + sim.sellers.length;
  let done = 0;
  const tick = () => onProgress?.(Math.min(++done, planned - 1), planned);
  if (!sim.sellers.length) {
    runMain(sim);
    const r = finishSimulation(sim, [], 0);
    onProgress?.(planned, planned);
    return r;
  }
  // The calling thread takes families too once its main run is done (its code is warm: one thread fewer to start and
  // warm up); the worker threads take the first wave while the main run runs here.
  const ledger = openLedger(sim.sellers, tick);
  const stream = openTaskStream<Uint8Array[], CoalitionRun[]>(threads, streamCapacity(sim.sellers.length), (slot, runs) => record(ledger, slot, runs), handed);
  const game: StreamGame = {
    schedule: () => scheduleOf(sim),
    seen: () => (sim.mainRun ? [sim.mainRun] : []),
    run: (family) => familyRuns(sim.prepared, family),
    before: () => {
      runMain(sim);
      tick();
    },
    onStep: (step) => (done = Math.max(done, 1 + step.valued)),
  };
  try {
    const { values, cascades } = await playOnStream(game, ledger, stream);
    const r = finishSimulation(sim, values, mainCascades(sim) + cascades);
    onProgress?.(planned, planned);
    return r;
  } finally {
    stream.close();
  }
}

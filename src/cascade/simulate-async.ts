/**
 * `simulateCascadeAsync(network, scenario, options?)`: `simulateCascade` with the exposure game's coalition cascades
 * spread over worker threads (util/worker-pool.ts: tinypool in Node; in a browser bundle they run in-process), wave
 * by wave (game-schedule.ts). The main run stays on the calling thread, while the threads run the first wave; then the
 * calling thread takes the waves' families with them. Every coalition's value depends on nothing but the inputs and the coalition,
 * and the game is solved in one order, so the result is byte-identical to `simulateCascade`'s for any `workers`.
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeOptions } from './options.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import type { ProgressCallback } from '../util/progress.js';
import { defaultWorkers, openPool, type PoolJob } from '../util/worker-pool.js';
import { prepare } from './coalition-run.js';
import { familyRuns } from './coalition-forks.js';
import type { CoalitionRun } from './game-schedule.js';
import { finishSimulation, mainCascades, planSimulation, runMain, scheduleOf } from './simulation.js';
import type { CascadeResult } from './result.js';

/** What every worker thread is handed once: the inputs as the caller gave them. */
export interface CoalitionInputs {
  network: Network;
  scenario: ScenarioInput | Scenario;
  options: Partial<CascadeOptions>;
}

/** A task: one family of coalitions (game-schedule.ts), run in turn on one thread (coalition-forks.ts). */
export const COALITIONS_JOB: PoolJob<CoalitionInputs, Uint8Array[], CoalitionRun[]> = {
  worker: 'cascade/exposure-worker.js',
  run: (s, family) => familyRuns(prepare(s.network, s.scenario, s.options), family),
};

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
  const sim = planSimulation(network, scenario, modelOptions);
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
  // warm up); the pool's threads start (each compiling its kernel) and run the first wave while the main run runs here:
  // the main run is the grand coalition's (simulation.ts), read when the first wave comes back.
  const threads = workers - 1;
  const pool = openPool(COALITIONS_JOB, { network, scenario, options: modelOptions }, threads);
  try {
    const schedule = scheduleOf(sim);
    let step = schedule.next();
    let cascades = mainCascades(sim);
    const local = (family: Uint8Array[]) => familyRuns(sim.prepared, family);
    const runWave = (families: number[][], here?: typeof local) =>
      pool.run(families.map((f) => f.map((c) => sim.sellers[c]!)), (i) => families[i]!.forEach(() => tick()), here).then((runs) => runs.flat());
    let wave = step.done || threads === 0 ? null : runWave(step.value.families);
    // Awaited below; should the main run throw first, the pool's closing rejects it unawaited.
    wave?.catch(() => undefined);
    runMain(sim);
    tick();
    while (!step.done) {
      done = Math.max(done, 1 + step.value.valued);
      cascades += step.value.run.length;
      const runs = await (wave ?? runWave(step.value.families, local));
      wave = null;
      step = schedule.next(runs);
    }
    const r = finishSimulation(sim, step.value, cascades);
    onProgress?.(planned, planned);
    return r;
  } finally {
    await pool.close();
  }
}

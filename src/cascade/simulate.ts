/**
 * `simulateCascade(network, scenario, options?)` (DESIGN §5, §6): a shock, liquidations, sales, lower prices, more
 * liquidations — across every protocol at once — then the losses travelling along who holds whom, and the
 * cross-protocol cascade exposure. The result is plain data: JSON.stringify of it is the full record. The steps live
 * in simulation.ts; this entry runs the exposure game's coalitions in turn, on the calling thread
 * (`simulateCascadeAsync` spreads them over worker threads, with the same result).
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeOptions } from './options.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import type { ProgressCallback } from '../util/progress.js';
import { finishSimulation, mainCascades, planSimulation, runMain, scheduleOf } from './simulation.js';
import { familyRuns } from './coalition-forks.js';
import type { CascadeResult } from './result.js';

export type { AssetAmountUsd, AssetResult, CascadeResult, ProtocolResult } from './result.js';

/**
 * Simulates the cascade that `scenario` sets off in `network`. Throws `ScenarioError` for a bad scenario and an Error
 * naming the option for a bad option.
 */
export function simulateCascade(
  network: Network,
  scenario: ScenarioInput | Scenario,
  options: Partial<CascadeOptions> & { onProgress?: ProgressCallback } = {},
): CascadeResult {
  // onProgress is how the caller listens, not a modelling choice: it stays out of the options and the manifest.
  const { onProgress, ...modelOptions } = options;
  const sim = planSimulation(network, scenario, modelOptions);
  // Units of progress: the main run, then the game's coalitions as they get their values (a run may value several).
  const planned = 1 + sim.sellers.length;
  let done = 0;
  const tick = () => onProgress?.(Math.min(++done, planned - 1), planned);
  runMain(sim);
  tick();
  const schedule = scheduleOf(sim);
  let cascades = mainCascades(sim);
  let step = schedule.next();
  while (!step.done) {
    done = Math.max(done, 1 + step.value.valued);
    cascades += step.value.run.length;
    step = schedule.next(step.value.families.flatMap((f) => familyRuns(sim.prepared, f.map((c) => sim.sellers[c]!), tick)));
  }
  const result = finishSimulation(sim, step.value, cascades);
  onProgress?.(planned, planned);
  return result;
}

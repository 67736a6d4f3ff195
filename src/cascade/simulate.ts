/**
 * `simulateCascade(network, scenario, options?)` (DESIGN §5, §6): a shock, liquidations, sales, lower prices, more
 * liquidations — across every protocol at once — then the losses travelling along who holds whom, and the
 * cross-protocol cascade exposure. The result is plain data: JSON.stringify of it is the full record. The steps live
 * in simulation.ts; this entry runs the exposure game's coalitions in turn, on the calling thread
 * (`simulateCascadeAsync` spreads them over worker threads, with the same result).
 */
import type { Network } from '../network/schema/network.js';
import type { CascadeOptions } from './options.js';
import type { RunSpec } from './run.js';
import type { Scenario, ScenarioInput } from './scenario-schema.js';
import type { ProgressCallback } from '../util/progress.js';
import { beginSimulation, finishSimulation, plannedCascades } from './simulation.js';
import { coalitionValues } from './coalition-run.js';
import type { CascadeResult } from './result.js';

export type { AssetAmountUsd, AssetResult, CascadeResult, ProtocolResult } from './result.js';

/**
 * Simulates the cascade that `scenario` sets off in `network`. Throws `ScenarioError` for a bad scenario and an Error
 * naming the option for a bad option.
 */
export function simulateCascade(
  network: Network,
  scenario: ScenarioInput | Scenario,
  options: Partial<CascadeOptions> & { onProgress?: ProgressCallback; enginePath?: RunSpec['enginePath'] } = {},
): CascadeResult {
  // onProgress is how the caller listens and enginePath how engines compute (the same results), not modelling
  // choices: they stay out of the options and the manifest.
  const { onProgress, enginePath, ...modelOptions } = options;
  const sim = beginSimulation(network, scenario, modelOptions, enginePath);
  // Units of progress are cascades: the main run, then the exposure game's coalitions.
  const planned = plannedCascades(sim);
  let cascades = 1;
  onProgress?.(Math.min(cascades, planned - 1), planned);
  const values = coalitionValues(sim.prepared, sim.sellers, () => onProgress?.(Math.min(++cascades, planned - 1), planned));
  const result = finishSimulation(sim, values);
  onProgress?.(planned, planned);
  return result;
}

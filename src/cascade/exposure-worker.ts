/**
 * The worker thread's entry for the exposure game (util/worker-pool.ts, tinypool): the pool hands every thread the
 * network, scenario and options once; the thread prepares them as it loads (its kernel compiled once, while the
 * calling thread runs the main cascade) and runs the coalitions it is given, with the same function as the calling
 * thread (coalition-run.ts). Loaded from dist/ (compiled JavaScript).
 */
import { sharedData } from '../util/worker-pool.js';
import { coalitionRuns, prepare, type Prepared } from './coalition-run.js';
import type { CoalitionRun } from './game-schedule.js';
import type { CoalitionInputs } from './simulate-async.js';

/** The thread's inputs, prepared as it loads; a refusal is kept and thrown by each task (the caller validated them first). */
function prepareShared(): { prepared: Prepared } | { error: unknown } {
  const s = sharedData<CoalitionInputs>();
  try {
    return { prepared: prepare(s.network, s.scenario, s.options) };
  } catch (error) {
    return { error };
  }
}

const shared = prepareShared();

export default function runCoalition(sellers: Uint8Array): CoalitionRun {
  if ('error' in shared) throw shared.error;
  return coalitionRuns(shared.prepared, [sellers])[0]!;
}

/**
 * The worker thread's entry for the exposure game (util/worker-pool.ts, tinypool): the pool hands every thread the
 * network, scenario and options once; the thread prepares them (its kernel compiled once) and runs the coalitions
 * it is given, with the same function as the calling thread (coalition-run.ts). Loaded from dist/ (compiled JavaScript).
 */
import { sharedData } from '../util/worker-pool.js';
import { coalitionRuns, prepare, type Prepared } from './coalition-run.js';
import type { CoalitionRun } from './game-schedule.js';
import type { CoalitionInputs } from './simulate-async.js';

/** The thread's inputs, prepared on its first task (the kernel compiled once per thread). */
const cache: { prepared: Prepared | null } = { prepared: null };

export default function runCoalition(sellers: Uint8Array): CoalitionRun {
  const s = sharedData<CoalitionInputs>();
  cache.prepared ??= prepare(s.network, s.scenario, s.options);
  return coalitionRuns(cache.prepared, [sellers])[0]!;
}

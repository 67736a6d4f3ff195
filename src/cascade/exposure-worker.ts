/**
 * The worker thread's entry for the exposure game (util/task-stream.ts, tinypool): the pool hands every thread the
 * network, scenario and options once as it starts, and the stream hands it the market stores the calling thread built
 * (protocols/handed-stores.ts); the thread prepares them once, at the stream's start (its kernel compiled once, while
 * the calling thread runs the main cascade), and serves the game's stream: families of coalitions, taken as they come
 * and run with the same function as the calling thread (coalition-forks.ts). Loaded from dist/ (compiled JavaScript).
 */
import { sharedData } from '../util/worker-pool.js';
import { serveTaskStream, type StreamHandle } from '../util/task-stream.js';
import { prepare, type Prepared } from './coalition-run.js';
import { familyRuns } from './coalition-forks.js';
import type { CoalitionRun } from './game-schedule.js';
import type { CoalitionHanded, CoalitionInputs } from './simulate-async.js';
import { adoptMarketStores } from '../protocols/handed-stores.js';

type Shared = { prepared: Prepared } | { error: unknown };

/**
 * The thread's inputs, prepared with the stores handed (a stream opened without them: built here); a refusal is kept
 * and thrown by each task (the caller validated them first).
 */
function prepareShared(handed: CoalitionHanded | undefined): Shared {
  const s = sharedData<CoalitionInputs>();
  try {
    if (handed) adoptMarketStores(s.network, handed.stores);
    return { prepared: prepare(s.network, s.scenario, s.options) };
  } catch (error) {
    return { error };
  }
}

/** One task: a family of coalitions, run in turn, each forked where it provably shares a start (coalition-forks.ts). */
function runFamily(shared: Shared, family: Uint8Array[]): CoalitionRun[] {
  if ('error' in shared) throw shared.error;
  return familyRuns(shared.prepared, family);
}

/** The thread's one tinypool task: the inputs prepared, then the game's stream, served until it closes. */
export default function serveGame(handle: StreamHandle): void {
  const shared = prepareShared(handle.handed as CoalitionHanded | undefined);
  serveTaskStream(handle, (family: Uint8Array[]) => runFamily(shared, family));
}

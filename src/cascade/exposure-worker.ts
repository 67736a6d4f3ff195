/**
 * The worker thread's entry for the exposure game (util/task-stream.ts, tinypool): the pool hands every thread the
 * network, scenario and options once; the thread prepares them as it loads (its kernel compiled once, while the
 * calling thread runs the main cascade) and serves the game's stream: families of coalitions, taken as they come and
 * run with the same function as the calling thread (coalition-forks.ts). Loaded from dist/ (compiled JavaScript).
 */
import { sharedData } from '../util/worker-pool.js';
import { serveTaskStream, type StreamHandle } from '../util/task-stream.js';
import { prepare, type Prepared } from './coalition-run.js';
import { familyRuns } from './coalition-forks.js';
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

/** One task: a family of coalitions, run in turn, each forked where it provably shares a start (coalition-forks.ts). */
function runFamily(family: Uint8Array[]): CoalitionRun[] {
  if ('error' in shared) throw shared.error;
  return familyRuns(shared.prepared, family);
}

/** The thread's one tinypool task: the game's stream, served until it closes. */
export default function serveGame(handle: StreamHandle): void {
  serveTaskStream(handle, runFamily);
}

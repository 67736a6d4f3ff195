/**
 * Monte Carlo path chunks on worker threads (the shared pool, util/worker-pool.ts: tinypool in Node, in-process in a
 * browser bundle). Each chunk carries its network: a worker clones it and compiles its kernel once per chunk.
 */
import { openPool, type PoolJob } from '../util/worker-pool.js';
import { runPaths, type PathTask, type PathVectors } from './mc-paths.js';

export const PATHS_JOB: PoolJob<null, PathTask, PathVectors> = { worker: 'analysis/mc-worker.js', run: (_shared, task) => runPaths(task) };

/** Runs each task on one of `workers` threads; results in the tasks' order; `onDone` after each task. */
export async function runChunks(tasks: PathTask[], workers: number, onDone: (task: PathTask) => void): Promise<PathVectors[]> {
  const pool = openPool(PATHS_JOB, null, workers);
  try {
    return await pool.run(tasks, (i) => onDone(tasks[i]!));
  } finally {
    await pool.close();
  }
}

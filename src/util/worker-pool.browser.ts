/**
 * `openPool` in a browser bundle (package.json `browser` map replaces worker-pool.js with this file): no worker
 * threads, so the tasks run in-process one after another, through the job's own function: the same results.
 */
import type { Pool, PoolJob } from './worker-pool.js';

export type { Batch, Pool, PoolJob } from './worker-pool.js';

export function defaultWorkers(): number {
  return 1;
}

export function openPool<S, T, R>(job: PoolJob<S, T, R>, shared: S, workers: number): Pool<T, R> {
  if (!(Number.isInteger(workers) && workers >= 0)) throw new Error(`openPool: workers must be an integer >= 0, got ${String(workers)}`);
  return {
    run: async (tasks, onDone, local) =>
      tasks.map((t, i) => {
        const r = local ? local(t) : job.run(shared, t);
        onDone?.(i);
        return r;
      }),
    close: async () => {},
  };
}

export function sharedData<S>(): S {
  throw new Error('sharedData: a browser bundle runs no worker threads');
}

// The twin keeps the Node pool's signatures (type-only imports: nothing of worker-pool.js enters a bundle).
const same: [typeof import('./worker-pool.js').openPool, typeof import('./worker-pool.js').defaultWorkers] = [openPool, defaultWorkers];
void same;

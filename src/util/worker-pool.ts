/**
 * A pool of worker threads through tinypool (Node): the Monte Carlo's path chunks (analysis/mc-pool.ts) and the
 * exposure game's coalitions (cascade/simulate-async.ts) run on it. A job names its worker module (compiled, under
 * dist/) and the same work as a function; every thread gets the job's shared data once, at start (tinypool's
 * `workerData`, read in the worker with `sharedData()`), and tasks one by one. A browser bundle swaps this file for
 * worker-pool.browser.ts (package.json `browser` map), which runs the function in-process: same results, no threads.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';

export interface PoolJob<S, T, R> {
  /** The worker module, a path under dist/ ('cascade/exposure-worker.js'); its default export runs one task. */
  worker: string;
  /** The same work in-process (the browser twin runs this). */
  run: (shared: S, task: T) => R;
}

export interface Pool<T, R> {
  /** Runs the tasks on the pool's threads; results in the tasks' order; `onDone` after each task. */
  run(tasks: readonly T[], onDone?: (index: number) => void): Promise<R[]>;
  /** Stops the threads. Call it in `finally`. */
  close(): Promise<void>;
}

/** Threads when the caller does not say: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** The compiled worker module: beside this file's dist/ twin, or in dist/ when this file runs from src/ (tests). */
function workerFile(path: string): string {
  const here = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(here.endsWith('.ts') ? `../../dist/${path}` : `../${path}`, import.meta.url));
}

/** Starts `workers` threads for `job`, each handed `shared` once. */
export function openPool<S, T, R>(job: PoolJob<S, T, R>, shared: S, workers: number): Pool<T, R> {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`openPool: workers must be an integer >= 1, got ${String(workers)}`);
  const pool = new Tinypool({ filename: workerFile(job.worker), minThreads: workers, maxThreads: workers, workerData: shared });
  return {
    run: (tasks, onDone) => Promise.all(tasks.map((t, i) => (pool.run(t) as Promise<R>).then((r) => (onDone?.(i), r)))),
    close: () => pool.destroy(),
  };
}

/** In a worker thread: the shared data its pool was opened with. */
export function sharedData<S>(): S {
  return Tinypool.workerData as S;
}

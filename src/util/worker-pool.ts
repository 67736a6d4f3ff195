/**
 * A pool of worker threads through tinypool (Node): the Monte Carlo's path chunks (analysis/mc-pool.ts) run on it
 * (the exposure game's coalitions run on a task stream, task-stream.ts, that grows while the threads take from it). A job names its worker module (compiled, under
 * dist/) and the same work as a function; every thread gets the job's shared data once, at start (tinypool's
 * `workerData`, read in the worker with `sharedData()`). A batch of tasks goes to every thread at once, with a shared
 * counter: each thread takes the next task when it is free (`takeTasks`), and so may the calling thread (`local`: it
 * is as warm as any, and would otherwise wait), so nobody waits while a task is left. A browser bundle swaps this file
 * for worker-pool.browser.ts (package.json `browser` map), which runs the tasks in-process: same results, no threads.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';

export interface PoolJob<S, T, R> {
  /** The worker module, a path under dist/ ('analysis/mc-worker.js'); its default export is `takeTasks` of one task's work. */
  worker: string;
  /** The same work in-process (the browser twin runs this). */
  run: (shared: S, task: T) => R;
}

export interface Pool<T, R> {
  /**
   * Runs the tasks on the pool's threads — and on the calling thread with `local`, which then blocks until no task is
   * left —; results in the tasks' order; `onDone` after each task (a thread's, seen within ~50 ms).
   */
  run(tasks: readonly T[], onDone?: (index: number) => void, local?: (task: T) => R): Promise<R[]>;
  /** Stops the threads. Call it in `finally`. */
  close(): Promise<void>;
}

/** A batch as every thread is handed it: the tasks, the next index to take (shared), and a flag per task once done. */
export interface Batch<T> {
  tasks: readonly T[];
  next: Int32Array;
  done: Int32Array;
}

/** Threads when the caller does not say: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** The compiled worker module: beside this file's dist/ twin, or in dist/ when this file runs from src/ (tests). */
export function workerFile(path: string): string {
  const here = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(here.endsWith('.ts') ? `../../dist/${path}` : `../${path}`, import.meta.url));
}

/** Takes the batch's tasks one at a time until none is left (any thread): the results it made, by task index. */
export function takeTasks<T, R>(batch: Batch<T>, runOne: (task: T) => R, afterEach?: () => void): [number, R][] {
  const out: [number, R][] = [];
  for (let i = Atomics.add(batch.next, 0, 1); i < batch.tasks.length; i = Atomics.add(batch.next, 0, 1)) {
    out.push([i, runOne(batch.tasks[i]!)]);
    Atomics.store(batch.done, i, 1);
    afterEach?.();
  }
  return out;
}

/** A new batch of `tasks`, its counter and flags shared with the threads. */
function batchOf<T>(tasks: readonly T[]): Batch<T> {
  return { tasks, next: new Int32Array(new SharedArrayBuffer(4)), done: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, tasks.length))) };
}

/** Runs one batch on `threads` pool threads (and `local`), calling `onDone` for each task as its flag shows it done. */
async function runBatch<T, R>(pool: Tinypool | null, threads: number, tasks: readonly T[], onDone?: (index: number) => void, local?: (task: T) => R): Promise<R[]> {
  const batch = batchOf(tasks);
  const told = new Uint8Array(tasks.length);
  const tell = () => {
    for (let i = 0; i < tasks.length; i++) {
      if (told[i] || !Atomics.load(batch.done, i)) continue;
      told[i] = 1;
      onDone?.(i);
    }
  };
  const theirs = Array.from({ length: threads }, () => pool!.run(batch) as Promise<[number, R][]>);
  const timer = setInterval(tell, 50);
  try {
    const mine = local ? takeTasks(batch, local, tell) : [];
    const out = new Array<R>(tasks.length);
    for (const [i, r] of [...mine, ...(await Promise.all(theirs)).flat()]) out[i] = r;
    tell();
    return out;
  } catch (error) {
    // Nothing more is taken; the threads' own outcomes no longer matter (the caller closes the pool).
    Atomics.store(batch.next, 0, tasks.length);
    for (const t of theirs) t.catch(() => undefined);
    throw error;
  } finally {
    clearInterval(timer);
  }
}

/** Starts `workers` threads for `job`, each handed `shared` once (0: none, every batch then runs on the calling thread). */
export function openPool<S, T, R>(job: PoolJob<S, T, R>, shared: S, workers: number): Pool<T, R> {
  if (!(Number.isInteger(workers) && workers >= 0)) throw new Error(`openPool: workers must be an integer >= 0, got ${String(workers)}`);
  const pool = workers > 0 ? new Tinypool({ filename: workerFile(job.worker), minThreads: workers, maxThreads: workers, workerData: shared }) : null;
  return {
    run: (tasks, onDone, local) => {
      if (!pool && !local) return Promise.reject(new Error('openPool: a pool of 0 threads runs batches only on the calling thread (local)'));
      return runBatch(pool, workers, tasks, onDone, local);
    },
    close: async () => void (await pool?.destroy()),
  };
}

/** In a worker thread: the shared data its pool was opened with. */
export function sharedData<S>(): S {
  return Tinypool.workerData as S;
}

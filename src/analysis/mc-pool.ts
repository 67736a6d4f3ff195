/**
 * Monte Carlo paths on worker threads (the shared pool, util/worker-pool.ts: tinypool in Node, in-process in a browser
 * bundle). Every thread is handed the run's inputs once, as the pool starts (`PathInputs`: the network, the factor,
 * the options), and the calling thread runs paths with them; tasks are small ranges of paths taken from one queue, so a thread that gets less of the machine (a
 * shared machine, or paths that cost more) takes fewer ranges instead of leaving the other idle at the end.
 */
import { openPool, type PoolJob } from '../util/worker-pool.js';
import { runPaths, type PathInputs, type PathRange, type PathVectors } from './mc-paths.js';

export const PATHS_JOB: PoolJob<PathInputs, PathRange, PathVectors> = { worker: 'analysis/mc-worker.js', run: (inputs, range) => runPaths({ ...inputs, ...range }) };

/**
 * How [from, to) is cut into tasks: at least `perWorker` ranges per thread, and none longer than `maxPaths` (a task's
 * message costs a fraction of a millisecond; a path on the Ethereum fixture ~6 ms, so 16 paths keep both small).
 */
export const CHUNK_DEFAULTS = { maxPaths: 16, perWorker: 4 };

/** Contiguous ranges covering [from, to) in order, of near-equal length, as `CHUNK_DEFAULTS` says. */
export function pathChunks(from: number, to: number, workers: number, options: Partial<typeof CHUNK_DEFAULTS> = {}): PathRange[] {
  const o = { ...CHUNK_DEFAULTS, ...options };
  if (!(Number.isInteger(from) && Number.isInteger(to) && from < to)) throw new Error(`pathChunks: expected integers from < to, got [${from}, ${to})`);
  for (const [k, v] of [['workers', workers], ['maxPaths', o.maxPaths], ['perWorker', o.perWorker]] as const)
    if (!(Number.isInteger(v) && v >= 1)) throw new Error(`pathChunks: ${k} must be an integer >= 1, got ${String(v)}`);
  const n = to - from;
  const count = Math.min(n, Math.max(workers * o.perWorker, Math.ceil(n / o.maxPaths)));
  return Array.from({ length: count }, (_, c) => ({ from: from + Math.floor((c * n) / count), to: from + Math.floor(((c + 1) * n) / count) }));
}

/**
 * Runs the ranges on `workers` threads, the calling thread one of them (it would otherwise wait: `workers` − 1 worker
 * threads start); results in the ranges' order; `onDone` after each range.
 */
export async function runChunks(inputs: PathInputs, ranges: readonly PathRange[], workers: number, onDone: (range: PathRange) => void): Promise<PathVectors[]> {
  const pool = openPool(PATHS_JOB, inputs, workers - 1);
  try {
    return await pool.run(ranges, (i) => onDone(ranges[i]!), (range) => PATHS_JOB.run(inputs, range));
  } finally {
    await pool.close();
  }
}

/**
 * Monte Carlo path chunks on worker threads through tinypool (Node). A browser bundle swaps this file for
 * mc-pool.browser.ts (package.json `browser` map), which runs the same chunks in-process: same vectors, no threads.
 */
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { PathTask, PathVectors } from './mc-paths.js';

/** The worker entry: the compiled file beside this one, or dist/ when this file runs from src/ (tests). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(here.endsWith('.ts') ? '../../dist/analysis/mc-worker.js' : './mc-worker.js', import.meta.url));
}

/** Runs each task on one of `workers` threads; results in the tasks' order; `onDone` after each task. */
export async function runChunks(tasks: PathTask[], workers: number, onDone: (task: PathTask) => void): Promise<PathVectors[]> {
  const pool = new Tinypool({ filename: workerFile(), minThreads: workers, maxThreads: workers });
  try {
    return await Promise.all(tasks.map((t) => (pool.run(t) as Promise<PathVectors>).then((v) => (onDone(t), v))));
  } finally {
    await pool.destroy();
  }
}

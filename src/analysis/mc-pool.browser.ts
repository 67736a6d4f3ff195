/**
 * `runChunks` in a browser bundle (package.json `browser` map replaces mc-pool.js with this file): no worker
 * threads, so the chunks run in-process one after another; the vectors are the same, as each path is seeded by its index.
 */
import { runPaths, type PathTask, type PathVectors } from './mc-paths.js';

export async function runChunks(tasks: PathTask[], _workers: number, onDone: (task: PathTask) => void): Promise<PathVectors[]> {
  return tasks.map((t) => {
    const v = runPaths(t);
    onDone(t);
    return v;
  });
}

// The stub keeps the Node pool's signature (a type-only import: nothing of mc-pool.js enters a bundle).
const sameSignature: typeof import('./mc-pool.js').runChunks = runChunks;
void sameSignature;

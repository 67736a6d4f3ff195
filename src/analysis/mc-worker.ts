/** The worker thread's entry (tinypool): runs one task's paths. Loaded from dist/ (compiled JavaScript). */
import { runPaths, type PathTask, type PathVectors } from './mc-paths.js';

export default function runTask(task: PathTask): PathVectors {
  return runPaths(task);
}

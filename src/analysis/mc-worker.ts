/**
 * The worker thread's entry (tinypool): the run's inputs come once, with the pool (`sharedData`); each task is a range
 * of paths. Loaded from dist/ (compiled JavaScript).
 */
import { sharedData } from '../util/worker-pool.js';
import { runPaths, type PathInputs, type PathRange, type PathVectors } from './mc-paths.js';

const inputs = sharedData<PathInputs>();

export default function runRange(range: PathRange): PathVectors {
  return runPaths({ ...inputs, ...range });
}

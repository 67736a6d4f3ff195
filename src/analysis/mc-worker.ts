/**
 * The worker thread's entry (tinypool): the run's inputs come once, with the pool (`sharedData`); each task is a range
 * of paths, taken from the batch the pool hands every thread (`takeTasks`). Loaded from dist/ (compiled JavaScript).
 */
import { sharedData, takeTasks, type Batch } from '../util/worker-pool.js';
import { runPaths, type PathInputs, type PathRange, type PathVectors } from './mc-paths.js';

const inputs = sharedData<PathInputs>();

const runRange = (range: PathRange): PathVectors => runPaths({ ...inputs, ...range });

export default function runRanges(batch: Batch<PathRange>): [number, PathVectors][] {
  return takeTasks(batch, runRange);
}

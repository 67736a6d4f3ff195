/** Where a command writes: stdout, stderr, and whether stderr is a terminal (tests pass their own). */
import { createProgress, type Progress } from './progress.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether `err` is a terminal: progress bars are drawn only then (tests inject it). */
  errIsTTY?: boolean;
  /** Environment variables (the Monte Carlo shard's JOB_COMPLETION_INDEX); default process.env. */
  env?: Record<string, string | undefined>;
}

export const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTTY: process.stderr.isTTY === true,
};

/** A progress bar on the command's stderr, drawn only when it is a terminal. */
export function progressFor(io: Io, label: string, total: number): Progress {
  return createProgress({ total, label, stream: { write: io.err, columns: process.stderr.columns }, isTTY: io.errIsTTY === true });
}

export { plural } from '../report/text.js';

/**
 * How a long computation reports how far it is, without knowing who listens: an optional
 * `onProgress(done, total)` in its options. The command line turns it into a terminal bar (src/cli/progress.ts);
 * a library caller may log it or ignore it. Calls are throttled so a loop over 640k positions costs ~100 calls.
 */

/** `done` units of work out of `total` finished; called with `done === total` once at the end. */
export type ProgressCallback = (done: number, total: number) => void;

export const PROGRESS_DEFAULTS = {
  /** How many calls a whole run makes at most (plus the final one). */
  steps: 100,
};

/**
 * A throttled reporter for a loop of `total` units: `report(done)` forwards to `onProgress` only when `done`
 * has crossed the next of `steps` equal marks, and always at `done >= total`. With no callback it does nothing.
 */
export function progressReporter(
  onProgress: ProgressCallback | undefined,
  total: number,
  options: Partial<typeof PROGRESS_DEFAULTS> = {},
): (done: number) => void {
  if (!onProgress) return () => {};
  if (!(Number.isFinite(total) && total >= 0)) throw new Error(`progressReporter: total must be a finite number >= 0, got ${total}`);
  const { steps } = { ...PROGRESS_DEFAULTS, ...options };
  const stride = Math.max(1, total / steps);
  let next = 0;
  let finished = false;
  return (done: number) => {
    if (finished) return;
    if (done >= total) {
      finished = true;
      onProgress(total, total);
    } else if (done >= next) {
      next = Math.floor(done / stride + 1) * stride;
      onProgress(done, total);
    }
  };
}

/**
 * The command line's progress indicator (cli-progress's SingleBar): a bar on stderr while long work runs when
 * stderr is a terminal, nothing at all otherwise (pipes, files, CI logs stay clean). Tests inject `isTTY` and a
 * stream. Library code never imports this: it takes an `onProgress(done, total)` callback (src/util/progress.ts)
 * and the command passes `progress.onProgress`.
 */
import cliProgress from 'cli-progress';
import type { ProgressCallback } from '../util/progress.js';

/** What the bar writes to: `process.stderr`, or any object with `write` (the CLI's `io.err`, a test buffer). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Units of work in all; `update(done, total)` may change it later. */
  total: number;
  /** What is being done, printed before the bar: "simulate", "validate fixtures/x.json". */
  label: string;
  /** Default: process.stderr. */
  stream?: ProgressStream;
  /** Whether to draw at all. Default: `stream.isTTY === true`. */
  isTTY?: boolean;
}

export interface Progress {
  /** `n` more units done (default 1). */
  tick(n?: number): void;
  /** `done` units done in all, out of `total` if given. */
  update(done: number, total?: number): void;
  /** The same as `update`, shaped as the library's `onProgress` option. */
  onProgress: ProgressCallback;
  /** Ends the bar and clears its line. Call it in `finally`: a running bar holds a timer. Idempotent. */
  done(): void;
}

export const PROGRESS_BAR_DEFAULTS = {
  barsize: 30,
  fps: 10,
};

const quiet: Progress = { tick() {}, update() {}, onProgress() {}, done() {} };

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const drawn = options.isTTY ?? stream.isTTY === true;
  if (!(Number.isFinite(options.total) && options.total >= 0)) throw new Error(`createProgress: total must be a finite number >= 0, got ${options.total}`);
  if (!drawn) return quiet;
  // cli-progress draws only on a stream whose isTTY is true: hand it one that says so, writing where we were told.
  const terminal = { write: (t: string) => stream.write(t), isTTY: true, columns: stream.columns ?? 80 };
  const bar = new cliProgress.SingleBar(
    {
      ...PROGRESS_BAR_DEFAULTS,
      stream: terminal as unknown as NodeJS.WritableStream,
      format: `${options.label.replace(/[{}]/g, '')} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.legacy,
  );
  bar.start(options.total, 0);
  let value = 0;
  let finished = false;
  const update = (done: number, total?: number) => {
    if (finished) return;
    if (total !== undefined && total !== bar.getTotal()) bar.setTotal(total);
    value = done;
    bar.update(done);
  };
  return {
    tick: (n = 1) => update(value + n),
    update,
    onProgress: (done, total) => update(done, total),
    done: () => {
      if (finished) return;
      finished = true;
      bar.stop();
    },
  };
}

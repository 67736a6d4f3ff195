/**
 * `openTaskStream` in a browser bundle (package.json `browser` map replaces task-stream.js with this file): no worker
 * threads, so the calling thread takes every task itself (the Node stream with 0 threads): the same results.
 */
import type { StreamHandle, StreamThreads, TaskStream } from './task-stream.js';

export type { StreamHandle, StreamThreads, TaskStream } from './task-stream.js';

/** Slots: open, taken, cancelled. */
const OPEN = 0;
const TAKEN = 1;
const CANCELLED = 2;

export function startThreads<S>(_worker: string, _shared: S, count: number): StreamThreads {
  if (!(Number.isInteger(count) && count >= 0)) throw new Error(`startThreads: count must be an integer >= 0, got ${String(count)}`);
  return { count: 0, pool: null, close: async () => {} };
}

export function openTaskStream<T, R>(_threads: StreamThreads, capacity: number, _onResult: (slot: number, result: R) => void, _handed?: unknown): TaskStream<T> {
  const slots: number[] = [];
  const swap = (i: number, to: number) => (slots[i] === OPEN ? ((slots[i] = to), true) : false);
  return {
    threads: 0,
    push: () => {
      if (slots.length >= capacity) throw new Error(`openTaskStream: more than ${capacity} tasks appended (its capacity)`);
      return slots.push(OPEN) - 1;
    },
    take: (i) => swap(i, TAKEN),
    cancel: (i) => swap(i, CANCELLED),
    drain: () => {},
    arrival: () => Promise.reject(new Error('openTaskStream: a browser bundle runs no worker threads, so no result arrives')),
    close: () => {},
  };
}

export function serveTaskStream(_h: StreamHandle, _runOne: unknown): void {
  throw new Error('serveTaskStream: a browser bundle runs no worker threads');
}

// The twin keeps the Node stream's signatures (type-only imports: nothing of task-stream.js enters a bundle).
const same: [typeof import('./task-stream.js').openTaskStream, typeof import('./task-stream.js').startThreads] = [openTaskStream, startThreads];
void same;

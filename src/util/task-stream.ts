/**
 * A stream of tasks that grows while threads take from it (tinypool, Node): the exposure game's coalition families
 * (cascade/game-stream.ts), where the next wave is appended while the last tasks of a wave still run, so no thread
 * waits for another's last task. Each worker thread serves the stream in one long tinypool task; the calling thread
 * appends tasks, takes tasks too, and may cancel a task nobody has taken. A task is taken by one compare-and-swap on
 * its slot in shared memory (so each runs once, on whichever thread is free first); tasks reach the worker threads on
 * their own MessagePort (read synchronously, `receiveMessageOnPort`), results come back on it one by one as they are
 * made; a worker with nothing to take sleeps on the shared count of tasks (`Atomics.wait`) until one is appended or
 * the stream closes. A browser bundle swaps this file for task-stream.browser.ts: no threads, every task on the
 * calling thread.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { workerFile } from './worker-pool.js';

/** A slot's states: open (appended, not taken), taken (running or done), cancelled (never to run). */
const OPEN = 0;
const TAKEN = 1;
const CANCELLED = 2;
/** Cells of the stream's head: tasks appended so far, and 1 once closed. */
const COUNT = 0;
const CLOSED = 1;
/** A sleeping worker looks again after this long even when nobody woke it (a missed wake-up costs no more). */
const WAIT_MS = 100;

/** What a worker thread is handed (its one tinypool task): the shared head and slots, its port, and the stream's `handed`. */
export interface StreamHandle {
  head: Int32Array;
  slots: Int32Array;
  port: MessagePort;
  /** What the calling thread gave `openTaskStream` for every thread (made after the threads started: `startThreads` gave them the rest). */
  handed: unknown;
}

export interface TaskStream<T> {
  /** Worker threads serving the stream (0: the calling thread runs every task). */
  threads: number;
  /** Appends a task; returns its slot. */
  push(task: T): number;
  /** Takes slot `i` for the calling thread: false when another thread took it or it was cancelled. */
  take(i: number): boolean;
  /** Cancels slot `i` unless a thread took it already (then false: it runs and its result comes). */
  cancel(i: number): boolean;
  /** Hands the results the worker threads posted so far to `onResult`, now (no turn of the event loop); throws a worker thread's error. */
  drain(): void;
  /** Resolves at the next result a worker thread posts (after `onResult` ran); rejects when a worker thread failed. */
  arrival(): Promise<void>;
  /** Closes the stream: the threads stop taking its tasks (a task still running runs on; `StreamThreads.close` stops it). */
  close(): void;
}

/** What a worker thread posts per task: its slot and result, or its slot and the error it threw. */
type Posted<R> = [number, R] | [number, undefined, unknown];

/** Shared state of `capacity` slots. */
function sharedState(capacity: number) {
  return { head: new Int32Array(new SharedArrayBuffer(8)), slots: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, capacity))) };
}

/** Worker threads started for streams (`startThreads`): they load their module while the calling thread goes on. */
export interface StreamThreads {
  count: number;
  pool: Tinypool | null;
  /** Stops the threads (a task still running is abandoned). Call it in `finally`. */
  close(): Promise<void>;
}

/**
 * Starts `count` worker threads running `worker` (a module under dist/ whose default export calls
 * `serveTaskStream`), each handed `shared` once; they load (and prepare what the module prepares) at once.
 */
export function startThreads<S>(worker: string, shared: S, count: number): StreamThreads {
  if (!(Number.isInteger(count) && count >= 0)) throw new Error(`startThreads: count must be an integer >= 0, got ${String(count)}`);
  const pool = count > 0 ? new Tinypool({ filename: workerFile(worker), minThreads: count, maxThreads: count, workerData: shared }) : null;
  return { count, pool, close: async () => void (await pool?.destroy()) };
}

/**
 * Opens a stream of at most `capacity` tasks served by `threads`; `onResult(slot, result)` for each result a worker
 * thread makes; every worker thread is handed `handed` (structured-cloned) with the stream.
 */
export function openTaskStream<T, R>(threads: StreamThreads, capacity: number, onResult: (slot: number, result: R) => void, handed?: unknown): TaskStream<T> {
  const { head, slots } = sharedState(capacity);
  const pool = threads.pool;
  let failure: unknown = null;
  let waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const wake = (error?: unknown) => {
    const ws = waiting;
    waiting = [];
    for (const w of ws) (error === undefined ? w.resolve() : w.reject(error));
  };
  const ports = Array.from({ length: pool ? threads.count : 0 }, () => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (message: Posted<R>) => {
      if (failed(message)) return;
      onResult(message[0], message[1] as R);
      wake();
    });
    const handle: StreamHandle = { head, slots, port: port2, handed };
    // A thread's failure fails the stream; once closed, the threads' outcomes no longer matter.
    pool!.run(handle, { transferList: [port2] }).catch((error: unknown) => {
      if (Atomics.load(head, CLOSED)) return;
      if (failure === null) failure = error;
      wake(failure);
    });
    return port1;
  });
  /** A worker thread's task threw: the stream fails with its error (read by `drain` or the port's listener). */
  const failed = (message: Posted<R>): boolean => {
    if (message.length < 3) return false;
    if (failure === null) failure = message[2];
    wake(failure);
    return true;
  };
  let count = 0;
  const drain = () => {
    if (failure !== null) throw failure;
    for (const p of ports) {
      for (let m = receiveMessageOnPort(p); m; m = receiveMessageOnPort(p)) {
        const message = m.message as Posted<R>;
        if (failed(message)) throw failure;
        onResult(message[0], message[1] as R);
      }
    }
  };
  return {
    threads: ports.length,
    push: (task) => {
      if (count >= slots.length) throw new Error(`openTaskStream: more than ${slots.length} tasks appended (its capacity)`);
      // The task is on every port before the count says it exists: a worker that sees the count can read it.
      for (const p of ports) p.postMessage(task);
      Atomics.store(head, COUNT, ++count);
      Atomics.notify(head, COUNT);
      return count - 1;
    },
    take: (i) => Atomics.compareExchange(slots, i, OPEN, TAKEN) === OPEN,
    cancel: (i) => Atomics.compareExchange(slots, i, OPEN, CANCELLED) === OPEN,
    drain,
    arrival: () => {
      if (!ports.length) return Promise.reject(new Error('openTaskStream: no worker thread, so no result arrives'));
      return failure !== null ? Promise.reject(failure) : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close: () => {
      Atomics.store(head, CLOSED, 1);
      Atomics.notify(head, COUNT);
      for (const p of ports) p.close();
    },
  };
}

/** Waits until slot `i` has a task in `tasks` (read from the port); false once the stream is closed. */
function awaitTask<T>(h: StreamHandle, tasks: T[], i: number): boolean {
  for (;;) {
    if (Atomics.load(h.head, CLOSED)) return false;
    for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) tasks.push(m.message as T);
    if (i < tasks.length) return true;
    Atomics.wait(h.head, COUNT, tasks.length, WAIT_MS);
  }
}

/** In a worker thread: takes the stream's tasks in order while any is open, posting each result, until it closes. */
export function serveTaskStream<T, R>(h: StreamHandle, runOne: (task: T) => R): void {
  const tasks: T[] = [];
  for (let i = 0; awaitTask(h, tasks, i); i++) {
    if (Atomics.compareExchange(h.slots, i, OPEN, TAKEN) !== OPEN) continue;
    let result: R;
    try {
      result = runOne(tasks[i]!);
    } catch (error) {
      // Posted before the task fails: the calling thread reads it between its own tasks, not only when it runs out of them.
      postFailure(h.port, i, error);
      throw error;
    }
    h.port.postMessage([i, result]);
  }
}

/**
 * Posts a task's error on `port`. An error the structured clone refuses (a function in its `cause`, a thrown object
 * holding one) goes as a plain Error with its name, message and stack: the calling thread learns what failed, not
 * that it could not be cloned (the DataCloneError would replace it).
 */
export function postFailure(port: MessagePort, slot: number, error: unknown): void {
  try {
    port.postMessage([slot, undefined, error]);
  } catch {
    port.postMessage([slot, undefined, plainError(error)]);
  }
}

/** A cloneable Error saying what `error` said. */
function plainError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(`a worker thread's task threw a value that could not be cloned: ${describeValue(error)}`);
  const copy = new Error(`${error.name}: ${error.message}`);
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

function describeValue(x: unknown): string {
  try {
    return String(x);
  } catch {
    return typeof x;
  }
}

/**
 * util/task-stream.ts: a task appended to the stream runs once, on the worker thread or on the calling thread —
 * whichever takes it first —; a task cancelled before anyone took it never runs; results come back by slot; bad
 * options and a full stream are refused, naming the function. The worker is the exposure game's (cascade/exposure-worker.ts,
 * from dist/): its results are those of the same families run here.
 */
import { describe, expect, it } from 'vitest';
import { parseNetwork } from '../../src/index.js';
import { familyRuns } from '../../src/cascade/coalition-forks.js';
import { prepare } from '../../src/cascade/coalition-run.js';
import type { CoalitionRun } from '../../src/cascade/game-schedule.js';
import { COALITIONS_WORKER, type CoalitionInputs } from '../../src/cascade/simulate-async.js';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { openTaskStream, postFailure, startThreads } from '../../src/util/task-stream.js';
import { sharedVenueJson } from '../cascade/networks.js';

const inputs: CoalitionInputs = { network: parseNetwork(sharedVenueJson()), scenario: { name: 'ETH −20%', shocks: { ETH: -0.2 } }, options: { gasCostUsd: 0 } };
const families = [[Uint8Array.of(1, 0)], [Uint8Array.of(0, 1), Uint8Array.of(1, 1)], [Uint8Array.of(0, 0)]];

describe('openTaskStream', () => {
  it('runs each task once, on a worker thread or here; a task cancelled before anyone took it never runs', async () => {
    // The thread starts loading before the stream opens (simulate-async.ts starts it before planning the game).
    const results = new Map<number, CoalitionRun[]>();
    const threads = startThreads(COALITIONS_WORKER, inputs, 1);
    const stream = openTaskStream<Uint8Array[], CoalitionRun[]>(threads, 4, (slot, runs) => results.set(slot, runs));
    try {
      expect(families.map((f) => stream.push(f))).toEqual([0, 1, 2]);
      // The worker thread is still loading: slot 1 is nobody's yet, so it cancels; slot 2 is then taken here.
      const cancelled = stream.cancel(1);
      expect(cancelled).toBe(true);
      expect(stream.take(1)).toBe(false);
      const here = stream.take(2) ? familyRuns(prepare(inputs.network, inputs.scenario, inputs.options), families[2]!) : null;
      while (!results.has(0) || (here === null && !results.has(2))) await stream.arrival();
      stream.drain();
      expect(results.has(1)).toBe(false);
      const p = prepare(inputs.network, inputs.scenario, inputs.options);
      expect(JSON.stringify(results.get(0))).toBe(JSON.stringify(familyRuns(p, families[0]!)));
      expect(JSON.stringify(here ?? results.get(2))).toBe(JSON.stringify(familyRuns(p, families[2]!)));
      expect(here === null || !results.has(2)).toBe(true);
    } finally {
      stream.close();
      await threads.close();
    }
  });

  it('a worker thread\'s failure reaches the calling thread between its own tasks (drain throws it), not only when it awaits', async () => {
    // The worker refuses these inputs as it loads (an unknown asset), so its first task throws.
    const bad: CoalitionInputs = { ...inputs, scenario: { shocks: { NOPE: -0.2 } } };
    const threads = startThreads(COALITIONS_WORKER, bad, 1);
    const stream = openTaskStream<Uint8Array[], CoalitionRun[]>(threads, 1, () => undefined);
    try {
      stream.push(families[0]!);
      // The calling thread never yields to the event loop here (as when it runs families): only drain() can see it.
      const sleep = new Int32Array(new SharedArrayBuffer(4));
      let thrown: unknown = null;
      for (let waited = 0; thrown === null && waited < 20_000; waited += 50) {
        try {
          stream.drain();
        } catch (error) {
          thrown = error;
        }
        if (thrown === null) Atomics.wait(sleep, 0, 0, 50);
      }
      expect(String(thrown)).toMatch(/NOPE/);
      await expect(stream.arrival()).rejects.toThrow(/NOPE/);
    } finally {
      stream.close();
      await threads.close();
    }
  }, 60_000);

  it('with no worker thread, every task is the calling thread\'s: taken once, cancelled only while open', async () => {
    const threads = startThreads(COALITIONS_WORKER, null, 0);
    const stream = openTaskStream<number, number>(threads, 2, () => undefined);
    expect(stream.threads).toBe(0);
    expect([stream.push(7), stream.push(8)]).toEqual([0, 1]);
    expect([stream.take(0), stream.take(0), stream.cancel(0)]).toEqual([true, false, false]);
    expect([stream.cancel(1), stream.take(1)]).toEqual([true, false]);
    expect(() => stream.push(9)).toThrow(/openTaskStream: more than 2 tasks appended \(its capacity\)/);
    await expect(stream.arrival()).rejects.toThrow(/openTaskStream: no worker thread, so no result arrives/);
    stream.close();
    await threads.close();
    expect(() => startThreads(COALITIONS_WORKER, null, -1)).toThrow(/startThreads: count must be an integer >= 0, got -1/);
  });

  it('a task\'s error the structured clone refuses reaches the calling thread as an Error saying what failed', () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const refused = Object.assign(new RangeError('engine refused the family'), { cause: { retry: () => 1 } });
      postFailure(port2, 3, refused);
      const [slot, result, error] = receiveMessageOnPort(port1)!.message as [number, undefined, Error];
      expect([slot, result]).toEqual([3, undefined]);
      expect(error.message).toBe('RangeError: engine refused the family');
      expect(error.stack).toBe(refused.stack);
      postFailure(port2, 4, { code: 7, detail: () => 'x' });
      expect(String((receiveMessageOnPort(port1)!.message as unknown[])[2])).toBe("Error: a worker thread's task threw a value that could not be cloned: [object Object]");
      // A cloneable error goes as itself, its class kept.
      postFailure(port2, 5, new TypeError('plain'));
      const plain = (receiveMessageOnPort(port1)!.message as unknown[])[2];
      expect(plain).toBeInstanceOf(TypeError);
      expect((plain as Error).message).toBe('plain');
    } finally {
      port1.close();
      port2.close();
    }
  });
});

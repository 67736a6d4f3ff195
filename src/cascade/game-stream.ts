/**
 * The exposure game's waves (game-schedule.ts) played on a task stream (util/task-stream.ts) by the worker threads and
 * the calling thread together, with no thread waiting for another's last family of a wave: the wave after the
 * pending one is guessed (`guessNext`: its runs show nothing new, as on the bench networks they almost always do) and
 * appended behind it, so a thread with no family of the wave left runs the guessed ones. When the wave's runs are all
 * in, the schedule says the real next wave: guessed families it does not want whole are cancelled if nobody took them
 * (their coalitions queue again when wanted), and its coalitions not yet queued are appended, in its families. A
 * coalition's run is the same wherever and in whichever family it ran (coalition-forks.ts), and the schedule reads only
 * the runs of the coalitions it asked for, so the values, and the count of cascades (the schedule's), never depend on
 * the threads, the guesses or the timing.
 */
import type { TaskStream } from '../util/task-stream.js';
import { guessNext, type CoalitionRun, type ScheduleStep } from './game-schedule.js';
import type { GameValue } from './exposure.js';
import { gameRun } from './coalition-run.js';

/** The game as the stream plays it (simulate-async.ts makes it from a Simulation). */
export interface StreamGame {
  /** A new schedule of the game: the one played, and each guess's replay. */
  schedule: () => Generator<ScheduleStep, GameValue[], CoalitionRun[]>;
  /** Runs had outside the schedule that a guess reads (the main run, once `before` ran). */
  seen: () => CoalitionRun[];
  /** Runs a family (sellers masks, in turn) on the calling thread. */
  run: (family: Uint8Array[]) => CoalitionRun[];
  /** Runs on the calling thread once the first wave is on the stream (the main run). */
  before: () => void;
  /** Sees each step of the schedule. */
  onStep: (step: ScheduleStep) => void;
}

/** Slots the stream needs for a game of `coalitions` (`openLedger`'s guessRoom): each real step's slot holds a coalition no real step queued before. */
export const streamCapacity = (coalitions: number): number => 2 * coalitions;

/** Where the game's coalitions stand: queued, run, wanted by the schedule. */
export interface Ledger {
  sellers: readonly Uint8Array[];
  /** Runs by coalition, wherever they ran. */
  results: (CoalitionRun | undefined)[];
  /** The coalitions of each slot of the stream. */
  slots: number[][];
  /** By coalition: 1 while in a family that runs or may run. */
  queued: Uint8Array;
  /** By coalition: 1 once a step of the schedule asked for it (its run then counts for progress). */
  wanted: Uint8Array;
  /** Slots of guessed families no step has asked for yet. */
  guessed: number[];
  /** Slots guesses may still take: the stream holds a slot per coalition for the real steps and as many for guesses. */
  guessRoom: number;
  /** Every slot before it is taken or cancelled (the calling thread takes from here on). */
  cursor: number;
  /** Progress: a wanted coalition's run is in. */
  tick: () => void;
}

export function openLedger(sellers: readonly Uint8Array[], tick: () => void): Ledger {
  const n = sellers.length;
  return { sellers, results: new Array(n).fill(undefined), slots: [], queued: new Uint8Array(n), wanted: new Uint8Array(n), guessed: [], guessRoom: n, cursor: 0, tick };
}

/** The runs of slot `slot`'s family, made on some thread. */
export function record(l: Ledger, slot: number, runs: readonly CoalitionRun[]): void {
  l.slots[slot]!.forEach((c, j) => {
    const r = runs[j]!;
    l.results[c] = gameRun(r.value, r.active, r.firstOffer);
    if (l.wanted[c]) l.tick();
  });
}

/** Appends `families` but their coalitions already queued. */
function enqueue(l: Ledger, stream: TaskStream<Uint8Array[]>, families: readonly number[][], guessed: boolean): void {
  for (const f of families) {
    const rest = f.filter((c) => !l.queued[c]);
    if (!rest.length || (guessed && l.guessRoom-- <= 0)) continue;
    for (const c of rest) l.queued[c] = 1;
    const slot = stream.push(rest.map((c) => l.sellers[c]!));
    l.slots[slot] = rest;
    if (guessed) l.guessed.push(slot);
  }
}

/** A real step: guessed families it does not want whole are cancelled (unless taken); the rest of it is appended. */
export function confirm(l: Ledger, stream: TaskStream<Uint8Array[]>, step: ScheduleStep): void {
  for (const c of step.run) {
    l.wanted[c] = 1;
    if (l.results[c]) l.tick();
  }
  for (const slot of l.guessed) {
    const family = l.slots[slot]!;
    if (family.every((c) => l.wanted[c])) continue;
    if (stream.cancel(slot)) for (const c of family) l.queued[c] = 0;
  }
  l.guessed = [];
  enqueue(l, stream, step.families, false);
}

/** Takes the next open slot for the calling thread; −1 when none is open. */
function takeNext(l: Ledger, stream: TaskStream<Uint8Array[]>): number {
  while (l.cursor < l.slots.length) {
    const i = l.cursor++;
    if (stream.take(i)) return i;
  }
  return -1;
}

/** The step's runs, once in: the calling thread runs open families meanwhile, then waits for the threads' results. */
async function awaitRuns(game: StreamGame, l: Ledger, stream: TaskStream<Uint8Array[]>, step: ScheduleStep): Promise<CoalitionRun[]> {
  for (;;) {
    if (step.run.every((c) => l.results[c])) return step.run.map((c) => l.results[c]!);
    const slot = takeNext(l, stream);
    if (slot < 0) {
      await stream.arrival();
      continue;
    }
    record(l, slot, game.run(l.slots[slot]!.map((c) => l.sellers[c]!)));
    // The threads' results, read now: a turn of the event loop here would also run the engine's deferred tasks (~17 ms a family measured).
    stream.drain();
  }
}

/**
 * Plays the game: the first wave goes to the stream, then `game.before` runs here (the main run), then wave after
 * wave. The values, and the cascades the schedule asked for.
 */
export async function playOnStream(game: StreamGame, l: Ledger, stream: TaskStream<Uint8Array[]>): Promise<{ values: GameValue[]; cascades: number }> {
  const schedule = game.schedule();
  let step = schedule.next();
  if (!step.done) confirm(l, stream, step.value);
  game.before();
  let cascades = 0;
  const fed: CoalitionRun[][] = [];
  while (!step.done) {
    game.onStep(step.value);
    cascades += step.value.run.length;
    // With no worker thread every family is the calling thread's, one after another: nothing to run a guess meanwhile.
    const guess = stream.threads > 0 ? guessNext(game.schedule(), fed, game.seen()) : null;
    if (guess) enqueue(l, stream, guess.families, true);
    const runs = await awaitRuns(game, l, stream, step.value);
    fed.push(runs);
    step = schedule.next(runs);
    if (!step.done) confirm(l, stream, step.value);
  }
  return { values: step.value, cascades };
}

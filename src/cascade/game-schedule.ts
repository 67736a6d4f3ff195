/**
 * The order in which the exposure game's coalitions run, and the runs it spares (docs/model.md "Runs the game
 * spares"). Whether protocol i is in the coalition enters a run only where i's takers or absorber have collateral
 * to sell (settle.ts) — and where its owners unwind loops (channels.ts): with `loopUnwind` on, every coalition runs.
 * Otherwise a run of coalition S in which i offered nothing for sale (`offeredForSale`, counted before the
 * coalition's gate) is, round by round, the run of S with i's membership flipped; so a run whose `active`
 * protocols are those that offered a sale gives the value of every coalition that agrees with S on `active`.
 *
 * The first wave runs the plan's first two coalitions (nobody sells, everybody sells: every game needs them); then
 * waves of about `wave` coalitions, doubled after each wave that showed no protocol newly offering (up to `maxWave`:
 * fewer waits for a wave's last family) — numbers fixed in advance, so the schedule, and so the count of cascades,
 * never depends on the number of threads — each taking, in plan order, one coalition still without a value per class,
 * the classes guessed from the protocols active in any run so far. The guess only picks what to run: a value is shared only between
 * coalitions the runs prove identical. A wave comes in families (coalition-forks.ts): coalitions that agree on every
 * protocol seen offering only early (before `lateRound` in every run so far) likely share their runs' first rounds,
 * so one thread runs them in turn, each forked from the longest start it provably shares with a run of its family.
 * A family once opened takes every such coalition of the plan, so a wave may pass `wave`; it is cut into families of
 * at most `family` by the late protocols but those seen first offering latest; families go largest first.
 */
import type { GameValue } from './exposure.js';
import { mapArray } from '../util/map-array.js';

export const SCHEDULE_DEFAULTS = {
  /** Coalitions in the first wave after the empty and grand ones; doubled after each wave that showed no new protocol offering, up to `maxWave`. */
  wave: 16,
  maxWave: 128,
  /** Coalitions per family at most, a power of 2 (a thread runs a family alone: smaller ones keep the threads evenly busy). */
  family: 4,
  /** A protocol whose first offer for sale came at this round or later in some run splits no family. */
  lateRound: 8,
};

/** A coalition's run: its value, and per protocol 1 when it offered collateral for sale at least once, and the round it first did (−1: never). */
export interface CoalitionRun {
  value: GameValue;
  active: Uint8Array;
  firstOffer: Int32Array;
}

/**
 * What to run next (indices into the coalitions) in families — each run in turn by one thread, its runs handed back
 * in the order of `run` (the families one after another) — and how many coalitions have their value so far.
 */
export interface ScheduleStep {
  run: number[];
  families: number[][];
  valued: number;
}

/** Whether coalitions a and b agree on the protocols `on` marks. */
function agrees(a: Uint8Array, b: Uint8Array, on: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (on[i] && a[i] !== b[i]) return false;
  return true;
}

/** A coalition whose run is had elsewhere (the main run, for the grand coalition): read once its first wave is back. */
export interface KnownRun {
  coalition: number;
  run: () => CoalitionRun;
}

/** The wave's runs by coalition: `ran` for the families' coalitions in order, then the known ones' runs. */
function runsOf(families: readonly number[][], ran: readonly CoalitionRun[], wave: readonly number[], known: readonly KnownRun[]): Map<number, CoalitionRun> {
  const out = new Map<number, CoalitionRun>();
  families.flat().forEach((c, j) => out.set(c, ran[j]!));
  for (const k of known) if (wave.includes(k.coalition)) out.set(k.coalition, k.run());
  return out;
}

/** A step of the schedule: the wave's families without the known coalitions. */
function step(families: number[][], known: readonly KnownRun[], valued: number): ScheduleStep {
  const fs = families.map((f) => f.filter((c) => !known.some((k) => k.coalition === c))).filter((f) => f.length > 0);
  return { run: fs.flat(), families: fs, valued };
}

/** Bits of a coalition on the protocols marked in `on`, as a key. */
const keyOn = (members: Uint8Array, on: Uint8Array) => members.filter((_, i) => on[i]).join('');

/** The next wave: per guessed class one coalition still without a value, in plan order, gathered in families. */
function nextWave(coalitions: readonly Uint8Array[], values: readonly (GameValue | undefined)[], seenActive: Uint8Array, early: Uint8Array, latest: Int32Array, o: { wave: number; family: number }): number[][] {
  const classes = new Set<string>();
  const open = new Map<string, number[]>();
  const families: number[][] = [];
  let count = 0;
  for (let c = 0; c < coalitions.length; c++) {
    if (values[c]) continue;
    const key = keyOn(coalitions[c]!, seenActive);
    if (classes.has(key)) continue;
    const family = keyOn(coalitions[c]!, early);
    let members = open.get(family);
    if (!members) {
      if (count >= o.wave) continue;
      open.set(family, (members = []));
      families.push(members);
    }
    classes.add(key);
    members.push(c);
    count++;
  }
  // Families of at most `family` = 2^b coalitions: each family cut by its coalitions' bits on the late protocols but the
  // b seen first offering latest (those runs share the longest starts); the largest first (the threads' loads even out).
  const order = [...latest.keys()].filter((i) => seenActive[i] && !early[i]).sort((a, b) => latest[a]! - latest[b]! || a - b);
  const kept = order.slice(0, Math.max(0, order.length - Math.floor(Math.log2(o.family))));
  const split = families.flatMap((f) => {
    const parts = new Map<string, number[]>();
    for (const c of f) {
      const key = kept.map((i) => coalitions[c]![i]).join('');
      parts.set(key, [...(parts.get(key) ?? []), c]);
    }
    return [...parts.values()];
  });
  return split.sort((a, b) => b.length - a.length);
}

/**
 * Yields the waves to run and receives their runs (in the order of the step's `run`); returns every coalition's value.
 * `spare` = false runs every coalition (one wave, one family each). A `known` coalition is never yielded: its run is
 * read when its wave comes back, so the caller may have it made meanwhile (the first wave is yielded before the main run).
 */
export function* gameSchedule(
  coalitions: readonly Uint8Array[],
  spare: boolean,
  options: Partial<typeof SCHEDULE_DEFAULTS> = {},
  known: readonly KnownRun[] = [],
): Generator<ScheduleStep, GameValue[], CoalitionRun[]> {
  const { wave: firstWave, maxWave, family, lateRound } = { ...SCHEDULE_DEFAULTS, ...options };
  // One elements kind whichever tier builds it: guessNext replays the schedule many times (util/map-array.ts).
  const values: (GameValue | undefined)[] = mapArray(coalitions, () => undefined);
  if (!spare) {
    const all = coalitions.map((_, c) => [c]);
    const s = step(all, known, 0);
    const runs = runsOf(s.families, yield s, all.flat(), known);
    return coalitions.map((_, c) => runs.get(c)!.value);
  }
  const n = coalitions[0]?.length ?? 0;
  const seenActive = new Uint8Array(n);
  const late = new Uint8Array(n);
  /** Per protocol, the latest round it first offered a sale in any run so far. */
  const latest = new Int32Array(n).fill(-1);
  let valued = 0;
  let wave = firstWave;
  for (let w = 0; ; w++) {
    const early = seenActive.map((x, i) => x & (1 - late[i]!));
    const families = w === 0 ? [0, 1].filter((c) => c < coalitions.length).map((c) => [c]) : nextWave(coalitions, values, seenActive, early, latest, { wave, family });
    if (!families.length) return values as GameValue[];
    const s = step(families, known, valued);
    const runs = runsOf(s.families, yield s, families.flat(), known);
    const seenBefore = seenActive.slice();
    for (const c of families.flat()) {
      const r = runs.get(c)!;
      r.active.forEach((x, i) => (seenActive[i] = seenActive[i]! | x));
      r.firstOffer.forEach((x, i) => {
        late[i] = late[i]! | (x >= lateRound ? 1 : 0);
        latest[i] = Math.max(latest[i]!, x);
      });
      const ran = coalitions[c]!;
      for (let d = 0; d < coalitions.length; d++) {
        if (values[d] || !agrees(coalitions[d]!, ran, r.active)) continue;
        values[d] = r.value;
        valued++;
      }
    }
    // The guess of classes held (no protocol newly seen offering): the next wave may be larger.
    if (w > 0) wave = seenActive.every((x, i) => x === seenBefore[i]) ? Math.min(maxWave, 2 * wave) : firstWave;
  }
}

/**
 * A guess of the step after the last of `fed` — what the schedule yields next if each run of the pending wave shows
 * nothing new (its active protocols those seen so far, in `fed` and `seenIn`; no first offer that makes a protocol
 * late) —, replayed on `fresh`, a new schedule of the same game. Threads run it while they would otherwise wait for
 * the wave's last runs (game-stream.ts); only the schedule's real steps say what counts: the guess is never a value.
 * Null when the guess is that the game ends.
 */
export function guessNext(fresh: Generator<ScheduleStep, GameValue[], CoalitionRun[]>, fed: readonly (readonly CoalitionRun[])[], seenIn: readonly CoalitionRun[]): ScheduleStep | null {
  let step = fresh.next();
  for (const runs of fed) step = step.done ? step : fresh.next([...runs]);
  if (step.done) return null;
  const all = [...fed.flat(), ...seenIn];
  const active = new Uint8Array(all[0]?.active.length ?? 0);
  for (const r of all) r.active.forEach((x, i) => (active[i] = active[i]! | x));
  const uneventful: CoalitionRun = { value: { liquidated: [], badDebt: [] }, active, firstOffer: new Int32Array(active.length).fill(-1) };
  const next = fresh.next(step.value.run.map(() => uneventful));
  return next.done ? null : next.value;
}

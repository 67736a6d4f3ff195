/**
 * The order in which the exposure game's coalitions run, and the runs it spares (docs/model.md "Runs the game
 * spares"). Whether protocol i is in the coalition enters a run only where i's takers or absorber have collateral
 * to sell (settle.ts) — and where its owners unwind loops (channels.ts): with `loopUnwind` on, every coalition runs.
 * Otherwise a run of coalition S in which i offered nothing for sale (`offeredForSale`, counted before the
 * coalition's gate) is, round by round, the run of S with i's membership flipped; so a run whose `active`
 * protocols are those that offered a sale gives the value of every coalition that agrees with S on `active`.
 *
 * The first wave runs the plan's first two coalitions (nobody sells, everybody sells: every game needs them); then
 * waves of `wave` coalitions (a fixed number: the schedule, and so the count of cascades, never depends on the number
 * of threads), each taking, in plan order, one coalition still without a value per class, the classes guessed from
 * the protocols active in any run so far. The guess only picks what to run: a value is shared only
 * between coalitions the runs prove identical.
 */
import type { GameValue } from './exposure.js';

export const SCHEDULE_DEFAULTS = {
  /** Coalitions per wave. */
  wave: 16,
};

/** A coalition's run: its value, and per protocol 1 when it offered collateral for sale at least once. */
export interface CoalitionRun {
  value: GameValue;
  active: Uint8Array;
}

/** What to run next (indices into the coalitions) and how many coalitions have their value so far. */
export interface ScheduleStep {
  run: number[];
  valued: number;
}

const agrees = (a: Uint8Array, b: Uint8Array, on: Uint8Array) => a.every((x, i) => !on[i] || x === b[i]);

/** A coalition whose run is had elsewhere (the main run, for the grand coalition): read once its first wave is back. */
export interface KnownRun {
  coalition: number;
  run: () => CoalitionRun;
}

/** The wave's runs with the known ones put back in their places (`wave` lists every index, `ran` the others' runs). */
function withKnown(wave: readonly number[], ran: readonly CoalitionRun[], known: readonly KnownRun[]): CoalitionRun[] {
  let j = 0;
  return wave.map((c) => known.find((k) => k.coalition === c)?.run() ?? ran[j++]!);
}

/**
 * Yields the waves to run and receives their runs (in the wave's order); returns every coalition's value.
 * `spare` = false runs every coalition (one wave). A `known` coalition is never yielded: its run is read when its
 * wave comes back, so the caller may have it made meanwhile (the first wave is yielded before the main run).
 */
export function* gameSchedule(
  coalitions: readonly Uint8Array[],
  spare: boolean,
  options: Partial<typeof SCHEDULE_DEFAULTS> = {},
  known: readonly KnownRun[] = [],
): Generator<ScheduleStep, GameValue[], CoalitionRun[]> {
  const { wave } = { ...SCHEDULE_DEFAULTS, ...options };
  const values: (GameValue | undefined)[] = coalitions.map(() => undefined);
  const toRun = (list: number[]) => list.filter((c) => !known.some((k) => k.coalition === c));
  if (!spare) {
    const all = coalitions.map((_, c) => c);
    const runs = yield { run: toRun(all), valued: 0 };
    return withKnown(all, runs, known).map((r) => r.value);
  }
  const n = coalitions[0]?.length ?? 0;
  const seenActive = new Uint8Array(n);
  let valued = 0;
  for (let w = 0; ; w++) {
    // One coalition per guessed class: the coalitions agreeing on the protocols seen active.
    const classes = new Set<string>();
    const next: number[] = [];
    if (w === 0) next.push(...[0, 1].filter((c) => c < coalitions.length));
    for (let c = 0; w > 0 && c < coalitions.length && next.length < wave; c++) {
      if (values[c]) continue;
      const key = coalitions[c]!.filter((_, i) => seenActive[i]).join('');
      if (classes.has(key)) continue;
      classes.add(key);
      next.push(c);
    }
    if (!next.length) return values as GameValue[];
    const runs = withKnown(next, yield { run: toRun(next), valued }, known);
    runs.forEach((r, j) => {
      r.active.forEach((x, i) => (seenActive[i] = seenActive[i]! | x));
      const ran = coalitions[next[j]!]!;
      for (let c = 0; c < coalitions.length; c++) {
        if (values[c] || !agrees(coalitions[c]!, ran, r.active)) continue;
        values[c] = r.value;
        valued++;
      }
    });
  }
}

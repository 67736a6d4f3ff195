/**
 * The exposure game's coalitions run as a family, each forked from the longest run already made that it provably
 * shares (docs/model.md "Runs the game spares"). Whether protocol i is in the coalition enters a run only where i's
 * executions offer collateral for sale (settle.ts; loops unwinding: the schedule then runs every coalition whole):
 * so the run of S, up to the start of a round before which no protocol of S △ S' offered anything for sale, is the
 * run of S' up to there, step by step. A family's runs snapshot themselves (round/fork.ts) at the starts of rounds
 * 64, 128, 256, … (a copy costs a few rounds' time and holds a copy of every book; it re-runs at most half of the
 * shared rounds even where the plan guessed wrong) and of the rounds fork-plan.ts plans from the runs seen (where a
 * later member likely first differs), while a later member of the family could fork there from no later snapshot, and
 * each member starts from the latest snapshot valid for it — or from round 0; a snapshot no later member could start
 * from is taken over by the member starting from it (round/fork.ts `adoptRun`). Forks change what a run costs, never
 * what it gives: the values are those of whole runs. A run, or a snapshot, that is over gives its copies of the
 * engines' columns back to the prepared pool (util/buffer-pool.ts), into which the next run copies (docs/scale.md "Run
 * copies").
 */
import { quietOptions } from './options.js';
import { playRun, type Run } from './run.js';
import { startRun } from './round/state.js';
import { adoptRun, forkRun } from './round/fork.js';
import { coalitionRun, runSpec, withLosses, type Prepared } from './coalition-run.js';
import type { CoalitionRun } from './game-schedule.js';
import type { BufferLease } from '../util/buffer-pool.js';
import { plannedRounds } from './fork-plan.js';
import { emptyObjects } from '../util/doubles.js';

/** A run as it stood at the start of round `run.round`, the protocols that had offered a sale before it, its buffers. */
interface Snapshot {
  run: Run;
  offered: Uint8Array;
  lease: BufferLease;
}

export const FORK_DEFAULTS = {
  /** The first round a run copies itself at; then every doubling of it. */
  firstSnapshot: 64,
};

/** Whether a run copies itself at the start of round q: `first` · 2^k. */
export function isSnapshotRound(q: number, first = FORK_DEFAULTS.firstSnapshot): boolean {
  const k = q / first;
  return Number.isInteger(k) && k >= 1 && (k & (k - 1)) === 0;
}

/** Whether the run of `from`'s coalition, up to the snapshot, is that of `sellers`: it differs only where nobody offered. */
export function forkValid(from: Pick<Snapshot, 'run' | 'offered'>, sellers: Uint8Array): boolean {
  const s = from.run.spec.sellers;
  for (let i = 0; i < sellers.length; i++) if (sellers[i] !== s[i] && from.offered[i]) return false;
  return true;
}

/** The latest snapshot valid for `sellers`, or null. */
function bestFor(snaps: readonly Snapshot[], sellers: Uint8Array): Snapshot | null {
  let best: Snapshot | null = null;
  for (const x of snaps) if (forkValid(x, sellers) && (!best || x.run.round > best.run.round)) best = x;
  return best;
}

const offeredSoFar = (run: Run) => Uint8Array.from(run.flows, (f) => (f.offeredForSale > 0 ? 1 : 0));
const sameSet = (a: Uint8Array, b: Uint8Array) => a.every((x, i) => x === b[i]);

/**
 * The runs of `family` (sellers masks, run in this order, no round records): each coalition's value and the protocols
 * that offered a sale in it, as `coalitionRuns` gives them run by run. `onRun` after each, with the round its run
 * was forked at (0: run whole).
 */
export function familyRuns(p: Prepared, family: readonly Uint8Array[], onRun?: (forkedAt: number) => void, options: Partial<typeof FORK_DEFAULTS> = {}): CoalitionRun[] {
  const { firstSnapshot } = { ...FORK_DEFAULTS, ...options };
  if (!(Number.isInteger(firstSnapshot) && firstSnapshot >= 1)) throw new Error(`familyRuns: option firstSnapshot must be an integer >= 1, got ${String(firstSnapshot)}`);
  const quiet = quietOptions(p.o);
  // Owners unwinding loops read the coalition every round (channels.ts): no run is then another's, even in part.
  const forks = p.o.loopUnwind === null;
  let snaps: Snapshot[] = [];
  return family.map((sellers, f) => {
    const rest = forks ? family.slice(f + 1) : [];
    const from = bestFor(snaps, sellers);
    const { spec, settled } = runSpec(p.k, p.s, p.ext, quiet, sellers);
    // A snapshot no later member could fork from is taken over, not copied: its buffers are then the run's.
    const adopt = from !== null && !rest.some((m) => forkValid(from, m));
    if (adopt) snaps.splice(snaps.indexOf(from), 1);
    const lease = adopt ? from.lease : p.pool.lease();
    const run = adopt ? adoptRun(from.run, spec) : from ? forkRun(from.run, spec, lease) : startRun(spec, lease);
    // An array of objects from the start (util/doubles.ts): the run's first snapshot re-classed an empty `[]` mid-run.
    const mine = emptyObjects<Snapshot>();
    const planned = plannedRounds(p.seen, sellers, rest);
    const out = playRun(run, (r) => {
      if (!rest.length || !(isSnapshotRound(r.round, firstSnapshot) || planned.has(r.round))) return;
      const offered = offeredSoFar(r);
      const candidate = { run: r, offered };
      // Worth a copy only for a coalition still to run that has no snapshot as late as this one.
      if (!rest.some((m) => forkValid(candidate, m) && !snaps.some((x) => x.run.round >= r.round && forkValid(x, m)))) return;
      // A later snapshot of this run with the same protocols offered serves every coalition the earlier one did.
      const last = mine[mine.length - 1];
      if (last && sameSet(last.offered, offered)) mine.pop()!.lease.release();
      const copy = p.pool.lease();
      mine.push({ run: forkRun(r, r.spec, copy), offered, lease: copy });
    });
    onRun?.(from ? from.run.round : 0);
    // Keep only the snapshots some coalition still to run would fork from; the others' buffers go back to the pool.
    const all = [...snaps, ...mine];
    snaps = all.filter((x) => rest.some((m) => bestFor(all, m) === x));
    for (const x of all) if (!snaps.includes(x)) x.lease.release();
    const done = coalitionRun(p.k, withLosses(out, settled()));
    p.seen.push({ sellers, firstOffer: done.firstOffer });
    // The run's value is read and nothing refers to its state any more: its buffers serve the next run.
    lease.release();
    return done;
  });
}

/**
 * Bookkeeping the position-based engines share: finding a position's entry for an asset, the once-per-round rule
 * (DESIGN §10: "a position is liquidated at most once" per round), and interest accrual over a store.
 */
import type { PositionStore } from '../position-store.js';
import { scaleDebt, type LiquidationIndex } from './liquidation-index.js';
import { accrueBorrowable, type BorrowableState } from './borrowables.js';

/** Entry k of position i for `asset` in a CSR column (collStart/collAsset or debtStart/debtAsset), −1 when none. */
export function entryOf(start: Uint32Array, assetsOf: Uint16Array, i: number, asset: number): number {
  for (let k = start[i]!; k < start[i + 1]!; k++) if (assetsOf[k] === asset) return k;
  return -1;
}

/** Per-position stamp of the round it was last liquidated in; a round is identified by ctx.time. */
export interface RoundStamps {
  takenInRound: Uint32Array;
  round: number;
  lastTime: number;
}

export function roundStamps(count: number): RoundStamps {
  return { takenInRound: new Uint32Array(count), round: 0, lastTime: Number.NaN };
}

export function cloneRoundStamps(r: RoundStamps): RoundStamps {
  return { takenInRound: r.takenInRound.slice(), round: r.round, lastTime: r.lastTime };
}

/** Starts a new round when the time moved since the last call. */
export function beginRound(r: RoundStamps, time: number): void {
  if (r.lastTime !== time) {
    r.lastTime = time;
    r.round++;
  }
}

/** Marks position i as taken this round; false when it already was. */
export function takeOnce(r: RoundStamps, i: number): boolean {
  if (r.takenInRound[i] === r.round) return false;
  r.takenInRound[i] = r.round;
  return true;
}

export function takenThisRound(r: RoundStamps, i: number): boolean {
  return r.takenInRound[i] === r.round;
}

/** Accrues `seconds` on each borrowable and grows every position's debt in it (and the index keys) alike. */
export function accrueStore(where: string, store: PositionStore, index: LiquidationIndex, borrowables: BorrowableState[], seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`${where}: ctx.roundSeconds must be finite and >= 0, got ${seconds}`);
  for (const b of borrowables) {
    const g = accrueBorrowable(b, seconds);
    if (g === 1) continue;
    const nd = store.debtStart[store.count]!;
    for (let k = 0; k < nd; k++) if (store.debtAsset[k] === b.asset) store.debtAmount[k]! *= g;
    scaleDebt(index, b.asset, g);
  }
}

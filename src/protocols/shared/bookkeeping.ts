/**
 * Bookkeeping the position-based engines share: finding a position's entry for an asset, the once-per-round rule
 * (DESIGN §10: "a position is liquidated at most once" per round), and interest accrual over a store.
 */
import { growDebt, type PositionStore } from '../position-store.js';
import type { ProfitFloor } from '../engine.js';
import { KIND_LIQUIDATION, type OfferBatch } from '../offer-batch.js';
import { scaleDebt, type LiquidationIndex } from './liquidation-index.js';
import { accrueBorrowable, type BorrowableState } from './borrowables.js';
import { copyArray, type BufferLease } from '../../util/buffer-pool.js';

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

export function cloneRoundStamps(r: RoundStamps, lease?: BufferLease): RoundStamps {
  return { takenInRound: copyArray(r.takenInRound, lease), round: r.round, lastTime: r.lastTime };
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

/** Relative margin on the profit floor's test, far above the rounding of the caller's own test. */
const FLOOR_MARGIN = 1e-9;

/**
 * True when a `liquidation` offer (maxRepay, collateralPerDebt, takerShare) cannot pay its gas even at the floor's
 * best rate (RoundContext.profitFloor): the caller would never take it, so the engine need not build it. False
 * without a floor or a bound.
 */
export function belowProfitFloor(floor: ProfitFloor | undefined, collateralAsset: number, debtAsset: number, maxRepay: number, collateralPerDebt: number, takerShare: number): boolean {
  if (floor === undefined) return false;
  const rate = floor.bestRate(collateralAsset, debtAsset);
  if (!(rate < Infinity)) return false;
  return !(maxRepay * (collateralPerDebt * takerShare * rate * (1 + FLOOR_MARGIN) - 1) > floor.gas[debtAsset]! * (1 - FLOOR_MARGIN));
}

/**
 * Drops the last row of `b` when it is a non-automatic `liquidation` offer below the profit floor (belowProfitFloor
 * on its columns); whether a row stays.
 */
export function keepAboveFloor(floor: ProfitFloor | undefined, b: OfferBatch): boolean {
  if (floor === undefined) return true;
  const r = b.count - 1;
  if (b.kind[r] !== KIND_LIQUIDATION || b.automatic[r] === 1) return true;
  if (!belowProfitFloor(floor, b.collateralAsset[r]!, b.debtAsset[r]!, b.maxRepay[r]!, b.collateralPerDebt[r]!, b.takerShare[r]!)) return true;
  b.count--;
  return false;
}

/** Relative margin on floorMinDebt's bound, above the rounding between it and an offer's own test. */
const BOUND_MARGIN = 1e-9;

/**
 * The debt (tokens of `debtAsset`) at or below which no `liquidation` offer on this pair passes the floor, for offers
 * that give the taker at most `takerCollateralPerDebt` collateral per unit repaid (collateralPerDebt · takerShare)
 * and repay at most `closeFactor` × the debt: maxRepay · (collateralPerDebt · takerShare · rate − 1) is then at most
 * debt · closeFactor · (takerCollateralPerDebt · rate − 1). 0 without a bound (nothing skipped); Infinity when no
 * offer on the pair can pay its gas.
 */
export function floorMinDebt(floor: ProfitFloor, collateralAsset: number, debtAsset: number, takerCollateralPerDebt: number, closeFactor: number): number {
  const io = floorArgs;
  io[0] = takerCollateralPerDebt;
  io[1] = closeFactor;
  floorMinDebtIn(floor, collateralAsset, debtAsset, io);
  return io[0]!;
}

/**
 * floorMinDebt's two numbers (takerCollateralPerDebt, closeFactor) for floorMinDebtIn: a hot caller writes them here
 * rather than passing them (a number passed to, or returned from, a call V8 leaves out of line is a heap number
 * allocated). Written before every call and read by it alone: nothing is kept across calls.
 */
export const floorArgs = new Float64Array(2);

/**
 * floorMinDebt on io[0] = takerCollateralPerDebt and io[1] = closeFactor: the bound written to io[0]. Both are read
 * before bestRate, which may be any ProfitFloor's and call floorMinDebt again on the same slot.
 */
export function floorMinDebtIn(floor: ProfitFloor, collateralAsset: number, debtAsset: number, io: Float64Array): void {
  const takerCollateralPerDebt = io[0]!;
  const closeFactor = io[1]!;
  const rate = floor.bestRate(collateralAsset, debtAsset);
  if (!(rate < Infinity)) {
    io[0] = 0;
    return;
  }
  const f = takerCollateralPerDebt * (1 + BOUND_MARGIN) * rate * (1 + FLOOR_MARGIN) - 1;
  io[0] = !(f > 0) ? Infinity : ((floor.gas[debtAsset]! * (1 - FLOOR_MARGIN)) / (closeFactor * f)) * (1 - BOUND_MARGIN);
}

/**
 * floorMinDebt's companion for offers whose repay the collateral left caps (OfferBound `capPerKey`): repay ≤
 * capPerKey · debt / key, so no offer passes the floor while debt / key (a threshold family's collateral × threshold)
 * is at most minDebt · closeFactor / capPerKey — where minDebt bounds closeFactor × debt alike. 0 without a cap.
 */
export function floorMinWeighted(minDebt: number, closeFactor: number, capPerKey: number): number {
  if (!(capPerKey < Infinity) || !(minDebt > 0)) return 0;
  return ((minDebt * closeFactor) / capPerKey) * (1 - BOUND_MARGIN);
}

/**
 * Accrues `seconds` on each borrowable and grows every position's debt in it (and the index keys) alike: the
 * store's debt index for the asset (O(borrowables), not O(positions): position-store.ts) and its groups' keys.
 * `where` names the caller in the refusal; with `market`, as `<where>.accrue: market "<market>"` (an engine's
 * per-round call: the name is built only to refuse).
 */
export function accrueStore(where: string, store: PositionStore, index: LiquidationIndex, borrowables: BorrowableState[], seconds: number, market?: string): void {
  if (!Number.isFinite(seconds) || seconds < 0) {
    const who = market === undefined ? where : `${where}.accrue: market "${market}"`;
    throw new Error(`${who}: ctx.roundSeconds must be finite and >= 0, got ${seconds}`);
  }
  for (const b of borrowables) {
    const g = accrueBorrowable(b, seconds);
    if (g === 1) continue;
    growDebt(store, b.asset, g);
    scaleDebt(index, b.asset, g);
  }
}

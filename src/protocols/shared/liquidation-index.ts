/**
 * The sorted liquidation index (DESIGN §4: "a market may pre-sort positions by liquidation price so that a round
 * does not rescan everything").
 *
 * A position with one collateral c and one debt d is liquidatable exactly when the oracle price ratio
 * x = price(c) / price(d) falls below its liquidation price ratio (the HF = 1 point), which the engine gives as
 * a key: for a threshold family key = debt / (collateral · LT), since HF = x / key. Positions are grouped by
 * (c, d), put in size bands (half octaves of their debt) and sorted by key within a band (index-bands.ts), so a
 * round reads, per band, only the suffix with key >= x: the positions under water. Interest that multiplies every
 * debt in asset d by g multiplies the keys and debts of d's groups by g (`scaleDebt`), so no re-sort.
 *
 * Positions the engine touched since the build (liquidated, redistributed) are "dirty": their place is stale, so
 * they are listed apart and read on every round — unless the engine gives the new key and debt when it touches a
 * position (`touchPosition(index, i, key, debt)`, `touchPair`): such positions are put back in bands of their own
 * (the touched bands, rebuilt once enough of them wait) and read like the others. A position the engine retires
 * (`retirePosition`: nothing left that could ever make an offer, e.g. no debt) is read by no scan until touched
 * again. Multi-asset positions are read on every round.
 *
 * The index only narrows the scan: the engine still evaluates every candidate's health factor, and a relative
 * slack of 1e-9 on the cut keeps positions at the boundary in the candidate set, so an indexed scan returns
 * exactly the offers of a full scan (property-tested). A caller may also give a size floor per group (`minDebt`,
 * debt tokens now: a profit floor's smallest debt that could pay a liquidator's gas, listing.ts): positions whose
 * debt is at most it are skipped, a band at a time when its largest debt is; and a collateral floor (`minWeighted`,
 * on debt / key — for a threshold family's key the collateral × its threshold, which interest leaves unchanged):
 * positions whose collateral left is too small to pay the gas are skipped entry by entry.
 */
import { debtAt, type PositionStore } from '../position-store.js';
import { refuseFactor } from '../refuse-factor.js';
import { assetPairKey } from '../../util/packed-keys.js';
import { ascending, bandsSize, buildBands, cloneBands, emptyBands, scanBands, type BandSet } from './index-bands.js';
import { copyWith } from '../../util/copy-with.js';
import { copyArray, type BufferLease } from '../../util/buffer-pool.js';

export { argsortNonNegative } from './index-bands.js';

/** Key for a position that must be scanned every round (several collaterals or debts, or no collateral). */
export const SCAN_ALWAYS = -1;
/** Key for a position that can never become liquidatable (no debt) unless the engine touches it. */
export const NEVER_LIQUIDATABLE = -2;
/** Relative slack on the cut, far above float rounding in HF = x / key (about 1e-16). */
export const INDEX_SLACK = 1e-9;

export interface LiquidationIndex {
  count: number;
  groupCollateral: Uint16Array;
  groupDebt: Uint16Array;
  /** Positions as built (state 0), by group and size band, keys from the build. */
  main: BandSet;
  /** Touched positions put back (state 4), keys and debts from their last touch. */
  touched: BandSet;
  /** Multiplier on group g's keys and debts since the build (debt growth). */
  groupScale: Float64Array;
  /** Positions scanned on every round (multi-asset), ascending. */
  always: Uint32Array;
  /** Group of each position, −1 for one in no group (multi-asset, no debt). Shared by clones. */
  groupOf: Int32Array;
  /** The positions in no group, ascending. Shared by clones. */
  ungrouped: Uint32Array;
  /**
   * The positions that left the clean state since the build (touched or retired; none comes back), each once, in
   * leftCleanCount entries: with `ungrouped` and the bands, what insolvency.ts reads without a pass over every position.
   */
  leftClean: Uint32Array;
  leftCleanCount: number;
  /**
   * A dirty position's key when it was touched, in build units (÷ groupScale then); Infinity: read every round. Empty
   * in a built index; a clone (a run) gets the full column, so that a round allocates nothing (a fresh 8 MB column per
   * million positions at a run's first liquidation cost as much as the round itself on the bench machine).
   */
  dirtyKey: Float64Array;
  /** A dirty position's debt when it was touched, in build units; Infinity when unknown (never skipped by size). */
  dirtyDebt: Float64Array;
  /**
   * Per position: 0 clean (its build key holds), 1 dirty (in dirtyList), 2 retired (never scanned), 3 retired but
   * still in dirtyList (dropped from it at the next scan), 4 in the touched bands (its dirtyKey holds).
   */
  dirty: Uint8Array;
  dirtyList: Uint32Array;
  dirtyCount: number;
  /** Dirty positions left in the list after the last rebuild of the touched bands (those without a key). */
  dirtyKept: number;
}

const CLEAN = 0;
const DIRTY = 1;
const RETIRED = 2;
const RETIRED_LISTED = 3;
const REBANDED = 4;
/** The states whose amounts the index bounds (a clean position by its build key, a rebanded one by its touch key): insolvency.ts. */
export { CLEAN as INDEX_CLEAN, REBANDED as INDEX_REBANDED };

/**
 * Builds the index of a store. `keyOf(i)` returns position i's liquidation price ratio (>= 0, finite) when it
 * holds exactly one collateral and one debt entry, else SCAN_ALWAYS or NEVER_LIQUIDATABLE.
 */
export function buildLiquidationIndex(store: PositionStore, keyOf: (i: number) => number): LiquidationIndex {
  const n = store.count;
  const key = new Float64Array(n);
  const group = new Int32Array(n);
  const groupOf = new Map<number, number>();
  const gc: number[] = [];
  const gd: number[] = [];
  const always: number[] = [];
  const keyed: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    if (k === SCAN_ALWAYS || k === NEVER_LIQUIDATABLE) {
      if (k === SCAN_ALWAYS) always.push(i);
      group[i] = -1;
      continue;
    }
    if (!(k >= 0) || !Number.isFinite(k)) throw new Error(`buildLiquidationIndex: key of position ${i} must be a finite ratio >= 0, SCAN_ALWAYS or NEVER_LIQUIDATABLE, got ${k}`);
    const c0 = store.collStart[i]!;
    const d0 = store.debtStart[i]!;
    if (store.collStart[i + 1]! - c0 !== 1 || store.debtStart[i + 1]! - d0 !== 1)
      throw new Error(`buildLiquidationIndex: position ${i} has a key but not exactly one collateral and one debt entry`);
    const id = assetPairKey(store.collAsset[c0]!, store.debtAsset[d0]!);
    let g = groupOf.get(id);
    if (g === undefined) {
      g = gc.length;
      groupOf.set(id, g);
      gc.push(store.collAsset[c0]!);
      gd.push(store.debtAsset[d0]!);
    }
    group[i] = g;
    key[i] = k;
    keyed.push(i);
  }
  const debt = new Float64Array(n);
  for (const i of keyed) debt[i] = debtAt(store, store.debtStart[i]!);
  const main = buildBands(keyed, gc.length, group, key, debt);
  return {
    count: n,
    groupCollateral: Uint16Array.from(gc),
    groupDebt: Uint16Array.from(gd),
    main,
    touched: emptyBands(gc.length),
    groupScale: new Float64Array(gc.length).fill(1),
    always: Uint32Array.from(always),
    groupOf: group,
    ungrouped: ungroupedOf(group),
    leftClean: new Uint32Array(0),
    leftCleanCount: 0,
    dirtyKey: new Float64Array(0),
    dirtyDebt: new Float64Array(0),
    dirty: new Uint8Array(n),
    dirtyList: new Uint32Array(0),
    dirtyCount: 0,
    dirtyKept: 0,
  };
}

/** The positions whose group is −1, ascending. */
function ungroupedOf(group: Int32Array): Uint32Array {
  let m = 0;
  for (let i = 0; i < group.length; i++) if (group[i]! < 0) m++;
  const out = new Uint32Array(m);
  m = 0;
  for (let i = 0; i < group.length; i++) if (group[i]! < 0) out[m++] = i;
  return out;
}

/** Records that clean position i leaves the clean state (touchPosition, retirePosition). */
function leaveClean(index: LiquidationIndex, i: number): void {
  if (index.leftCleanCount === index.leftClean.length) {
    const list = new Uint32Array(Math.min(index.count, Math.max(64, 2 * index.leftClean.length)));
    list.set(index.leftClean);
    index.leftClean = list;
  }
  index.leftClean[index.leftCleanCount++] = i;
}

/**
 * Positions to evaluate at these prices, ascending: each group's positions whose key is at least
 * x·(1 − INDEX_SLACK), every multi-asset position, and every dirty one whose key (when the engine gave one) is.
 * With `minDebt` (per group, debt tokens now), positions whose debt is at most their group's bound are skipped; with
 * `minWeighted` (per group; 0: none), those whose debt / key is at most it (a position with a key and a known debt).
 */
export function liquidationCandidates(index: LiquidationIndex, prices: Float64Array, minDebt?: Float64Array, minWeighted?: Float64Array): Uint32Array {
  return candidates(index, prices, true, minDebt, minWeighted);
}

/**
 * liquidationCandidates in a buffer shared by every index, valid until the next call (the engines' scans read it at
 * once): a round allocates no candidate array.
 */
export function liquidationCandidatesView(index: LiquidationIndex, prices: Float64Array, minDebt?: Float64Array, minWeighted?: Float64Array): Uint32Array {
  return candidates(index, prices, false, minDebt, minWeighted);
}

/**
 * Scratch of liquidationCandidatesView, an instance of its own class: a literal's class is shared with every literal
 * whose first keys are the same ({ out, … }), and one holding another class at `out` widened its type (docs/scale.md
 * "Session 15: recompiles").
 */
class CandidateScratch {
  out = new Uint32Array(1024);
  cuts = new Float64Array(16);
}
const shared = new CandidateScratch();

/** Dirty positions with a key that wait in the list before the touched bands are rebuilt (and at least a quarter of those already in). */
const REBAND_AT = 256;

function candidates(index: LiquidationIndex, prices: Float64Array, fresh: boolean, minDebt: Float64Array | undefined, minWeighted: Float64Array | undefined): Uint32Array {
  const ng = index.groupScale.length;
  if (shared.cuts.length < ng) shared.cuts = new Float64Array(2 * ng);
  const cuts = shared.cuts;
  for (let g = 0; g < ng; g++) cuts[g] = ((prices[index.groupCollateral[g]!]! / prices[index.groupDebt[g]!]!) * (1 - INDEX_SLACK)) / index.groupScale[g]!;
  if (index.dirtyCount - index.dirtyKept >= Math.max(REBAND_AT, bandsSize(index.touched) >> 2)) reband(index);
  const total = bandsSize(index.main) + bandsSize(index.touched) + index.always.length + index.dirtyCount;
  if (shared.out.length < total) shared.out = new Uint32Array(Math.max(total, 2 * shared.out.length));
  const out = shared.out;
  const dirty = index.dirty;
  let m = scanBands(index.main, cuts, minDebt, minWeighted, index.groupScale, dirty, CLEAN, out, 0);
  m = scanBands(index.touched, cuts, minDebt, minWeighted, index.groupScale, dirty, REBANDED, out, m);
  for (let j = 0; j < index.always.length; j++) {
    const i = index.always[j]!;
    if (dirty[i] === CLEAN) out[m++] = i;
  }
  // The dirty list, compacted on the way: positions retired since the last scan leave it.
  const list = index.dirtyList;
  const groupOf = index.groupOf;
  const dirtyKey = index.dirtyKey;
  let kept = 0;
  for (let j = 0; j < index.dirtyCount; j++) {
    const i = list[j]!;
    if (dirty[i] === RETIRED_LISTED) {
      dirty[i] = RETIRED;
      continue;
    }
    list[kept++] = i;
    const g = groupOf[i]!;
    if (g < 0) out[m++] = i;
    // A touched position whose debt is unknown (no key given: e.g. its collateral is gone, and it waits for its bad debt
    // to be realised by an automatic offer) is never skipped by size.
    else if (dirtyKey[i]! >= cuts[g]! && !(minDebt !== undefined && index.dirtyDebt[i]! < Infinity && tooSmall(index, i, g, minDebt, minWeighted))) out[m++] = i;
  }
  if (index.dirtyKept > kept) index.dirtyKept = kept;
  index.dirtyCount = kept;
  const sorted = ascending(out, m, index.count);
  return fresh ? sorted.slice() : sorted;
}

/** Whether dirty position i (with a key and a debt) is within the size floor (the debt) or the collateral floor (debt / key). */
function tooSmall(index: LiquidationIndex, i: number, g: number, minDebt: Float64Array, minWeighted: Float64Array | undefined): boolean {
  const debt = index.dirtyDebt[i]!;
  if (debt * index.groupScale[g]! <= minDebt[g]!) return true;
  return minWeighted !== undefined && minWeighted[g]! > 0 && debt <= minWeighted[g]! * index.dirtyKey[i]!;
}

/**
 * Whether group g may have a position under water at these prices: one of its bands reaches the cut, or a touched
 * position waits in the list (read whatever its group). False means a scan returns none of the group's positions.
 */
export function groupMayBeUnderWater(index: LiquidationIndex, g: number, prices: Float64Array): boolean {
  if (index.dirtyCount > 0) return true;
  const cut = ((prices[index.groupCollateral[g]!]! / prices[index.groupDebt[g]!]!) * (1 - INDEX_SLACK)) / index.groupScale[g]!;
  return index.main.groupMaxKey[g]! >= cut || index.touched.groupMaxKey[g]! >= cut;
}

/** Puts the dirty positions that have a key back into (new) touched bands, with those still there. */
function reband(index: LiquidationIndex): void {
  const dirty = index.dirty;
  const live: number[] = [];
  const t = index.touched;
  for (let b = 0; b < t.group.length; b++) for (let j = t.start[b]!; j < t.end[b]!; j++) if (dirty[t.order[j]!] === REBANDED) live.push(t.order[j]!);
  let kept = 0;
  for (let j = 0; j < index.dirtyCount; j++) {
    const i = index.dirtyList[j]!;
    const state = dirty[i];
    if (state === RETIRED_LISTED) {
      dirty[i] = RETIRED;
      continue;
    }
    if (state === DIRTY && index.groupOf[i]! >= 0 && index.dirtyKey[i]! < Infinity && index.dirtyDebt[i]! < Infinity) {
      dirty[i] = REBANDED;
      live.push(i);
      continue;
    }
    index.dirtyList[kept++] = i;
  }
  index.dirtyCount = kept;
  index.dirtyKept = kept;
  index.touched = buildBands(live, index.groupScale.length, index.groupOf, index.dirtyKey, index.dirtyDebt);
}

/**
 * The key of a threshold family for position i now: debt / (collateral · threshold of its collateral), the
 * threshold of asset a being `thresholds[row + a]`; SCAN_ALWAYS unless it holds one collateral (> 0) and one debt.
 */
export function pairKey(s: PositionStore, i: number, thresholds: Float64Array, row: number): number {
  const c0 = s.collStart[i]!;
  const d0 = s.debtStart[i]!;
  if (s.collStart[i + 1]! - c0 !== 1 || s.debtStart[i + 1]! - d0 !== 1) return SCAN_ALWAYS;
  const coll = s.collAmount[c0]!;
  const t = thresholds[row + s.collAsset[c0]!]!;
  if (!(coll > 0) || !(t > 0)) return SCAN_ALWAYS;
  return debtAt(s, d0) / (coll * t);
}

/** touchPosition with a threshold family's key and debt for position i now (`pairKey`: SCAN_ALWAYS unless one pair). */
export function touchPair(index: LiquidationIndex, s: PositionStore, i: number, thresholds: Float64Array, row: number): void {
  const key = pairKey(s, i, thresholds, row);
  touchPosition(index, i, key, key === SCAN_ALWAYS ? Infinity : debtAt(s, s.debtStart[i]!));
}

/**
 * Marks position i as changed since the build (a retired one comes back). With its new key (the same function of
 * its amounts as at the build, >= 0) it is returned only while under water; without one (SCAN_ALWAYS) on every
 * later round. With its debt as well (one debt entry, tokens now) a size floor (`minDebt`) skips it as it skips bands.
 */
export function touchPosition(index: LiquidationIndex, i: number, key: number = SCAN_ALWAYS, debt = Infinity): void {
  if (index.dirtyCount === index.dirtyList.length) {
    const list = new Uint32Array(Math.min(index.count, Math.max(64, 2 * index.dirtyList.length)));
    list.set(index.dirtyList);
    index.dirtyList = list;
  }
  if (index.dirtyKey.length < index.count) allocateDirty(index);
  const g = index.groupOf[i]!;
  const keyed = g >= 0 && key >= 0 && key < Infinity;
  index.dirtyKey[i] = keyed ? key / index.groupScale[g]! : Infinity;
  index.dirtyDebt[i] = keyed && debt >= 0 ? debt / index.groupScale[g]! : Infinity;
  const state = index.dirty[i];
  if (state === DIRTY) return;
  if (state === CLEAN) leaveClean(index, i);
  index.dirty[i] = DIRTY;
  // A retired position still in the list is there already; a rebanded one's band entry is now stale (skipped).
  if (state !== RETIRED_LISTED) index.dirtyList[index.dirtyCount++] = i;
}

/** The touched positions' columns, at a first touch of an index that was not cloned. */
function allocateDirty(index: LiquidationIndex): void {
  index.dirtyKey = new Float64Array(index.count);
  index.dirtyDebt = new Float64Array(index.count);
}

/**
 * Position i can make no offer again until an engine changes it (no debt left; for most engines also no collateral
 * left): no later scan reads it. touchPosition undoes it.
 */
export function retirePosition(index: LiquidationIndex, i: number): void {
  const state = index.dirty[i];
  if (state === DIRTY) index.dirty[i] = RETIRED_LISTED;
  else if (state === CLEAN || state === REBANDED) {
    if (state === CLEAN) leaveClean(index, i);
    index.dirty[i] = RETIRED;
  }
}

/** Every debt in `asset` was multiplied by `factor`: the keys of its groups scale with it. */
export function scaleDebt(index: LiquidationIndex, asset: number, factor: number): void {
  if (!(factor > 0) || !Number.isFinite(factor)) refuseFactor('scaleDebt', factor);
  // A market's index has a few groups (3.3 on average in the 12-protocol game): a pass over them is the cheapest lookup.
  for (let g = 0; g < index.groupDebt.length; g++) if (index.groupDebt[g] === asset) index.groupScale[g]! *= factor;
}

/**
 * A copy a run may mutate: the sorted arrays are shared, and either side copies them before it first drops positions
 * (those a run's lease holds are copied now: `cloneBands`). The per-position columns come through `lease` when given
 * (docs/scale.md "Run copies").
 */
export function cloneLiquidationIndex(index: LiquidationIndex, lease?: BufferLease): LiquidationIndex {
  return copyWith(index, {
    main: cloneBands(index.main, lease),
    touched: cloneBands(index.touched, lease),
    groupScale: index.groupScale.slice(),
    dirty: copyArray(index.dirty, lease),
    dirtyList: index.dirtyList.slice(),
    leftClean: index.leftClean.slice(),
    dirtyKey: touchColumn(index, index.dirtyKey, lease),
    dirtyDebt: touchColumn(index, index.dirtyDebt, lease),
  });
}

/** A clone's copy of a touched positions' column: the full column, zeros when the index had none yet. */
function touchColumn(index: LiquidationIndex, column: Float64Array, lease: BufferLease | undefined): Float64Array {
  if (column.length === index.count) return copyArray(column, lease);
  return lease === undefined ? new Float64Array(index.count) : lease.zeros(Float64Array, index.count);
}

/** Bytes of the index's typed arrays. */
export function indexBytes(index: LiquidationIndex): number {
  const bands = (b: BandSet) => [b.start, b.end, b.group, b.groupBand, b.maxKey, b.maxDebt, b.lastKey, b.groupMaxKey, b.groupMaxDebt, b.order, b.keys, b.debts].reduce((x, a) => x + a.byteLength, 0);
  return bands(index.main) + bands(index.touched) + [index.groupCollateral, index.groupDebt, index.groupScale, index.always, index.groupOf, index.ungrouped, index.leftClean, index.dirtyKey, index.dirtyDebt, index.dirty, index.dirtyList].reduce((b, a) => b + a.byteLength, 0);
}

/**
 * The sorted liquidation index (DESIGN §4: "a market may pre-sort positions by liquidation price so that a round
 * does not rescan everything").
 *
 * A position with one collateral c and one debt d is liquidatable exactly when the oracle price ratio
 * x = price(c) / price(d) falls below its liquidation price ratio (the HF = 1 point), which the engine gives as
 * a key: for a threshold family key = debt / (collateral · LT), since HF = x / key. Positions are grouped by
 * (c, d) and sorted by key, so a round reads, per group, only the suffix with key >= x: the positions under
 * water. Positions the engine touched since the build (liquidated, redistributed) are "dirty": their place in the
 * sorted order is stale, so they are listed apart and read on every round from then on, as are multi-asset
 * positions — but an engine that gives the new key when it touches a position (`touchPosition(index, i, key)`)
 * has it returned only while that key is under water, and one that retires it (`retirePosition`: nothing left that
 * could ever make an offer, e.g. no debt) has it read by no scan until it touches it again. Interest that
 * multiplies every debt in asset d by g multiplies the keys of d's groups by g (`scaleDebt`), so no re-sort.
 *
 * The index only narrows the scan: the engine still evaluates every candidate's health factor, and a relative
 * slack of 1e-9 on the cut keeps positions at the boundary in the candidate set, so an indexed scan returns
 * exactly the offers of a full scan (property-tested).
 */
import { debtAt, type PositionStore } from '../position-store.js';

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
  /** Group g's positions are order[groupStart[g] .. groupStart[g+1]), sorted by key ascending. */
  groupStart: Uint32Array;
  order: Uint32Array;
  keys: Float64Array;
  /** Multiplier on group g's keys since the build (debt growth). */
  groupScale: Float64Array;
  /** Positions scanned on every round (multi-asset), ascending. */
  always: Uint32Array;
  /** Group of each position, −1 for one in no group (multi-asset, no debt). Shared by clones. */
  groupOf: Int32Array;
  /** A dirty position's key when it was touched, in build units (÷ groupScale then); Infinity: read every round. */
  dirtyKey: Float64Array;
  /**
   * Per position: 0 clean (its key holds), 1 dirty (listed in dirtyList: scanned every round), 2 retired (never
   * scanned), 3 retired but still in dirtyList (dropped from it at the next scan).
   */
  dirty: Uint8Array;
  dirtyList: Uint32Array;
  dirtyCount: number;
}

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
  const sizes: number[] = [];
  const always: number[] = [];
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
    const c = store.collAsset[c0]!;
    const d = store.debtAsset[d0]!;
    const id = c * 65536 + d;
    let g = groupOf.get(id);
    if (g === undefined) {
      g = gc.length;
      groupOf.set(id, g);
      gc.push(c);
      gd.push(d);
      sizes.push(0);
    }
    sizes[g]!++;
    group[i] = g;
    key[i] = k + 0; // +0 turns a −0 into 0, so the bit-pattern sort below orders it first
  }
  const ng = gc.length;
  const groupStart = new Uint32Array(ng + 1);
  for (let g = 0; g < ng; g++) groupStart[g + 1] = groupStart[g]! + sizes[g]!;
  const m = groupStart[ng]!;
  // Positions by group (counting sort), then each group by key.
  const fill = groupStart.slice(0, ng);
  const byGroup = new Uint32Array(m);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (g >= 0) byGroup[fill[g]!++] = i;
  }
  const order = new Uint32Array(m);
  const keys = new Float64Array(m);
  for (let g = 0; g < ng; g++) {
    const s = groupStart[g]!;
    const e = groupStart[g + 1]!;
    const members = byGroup.subarray(s, e);
    const gk = new Float64Array(e - s);
    for (let j = 0; j < gk.length; j++) gk[j] = key[members[j]!]!;
    const perm = argsortNonNegative(gk);
    for (let j = 0; j < gk.length; j++) {
      order[s + j] = members[perm[j]!]!;
      keys[s + j] = gk[perm[j]!]!;
    }
  }
  return {
    count: n,
    groupCollateral: Uint16Array.from(gc),
    groupDebt: Uint16Array.from(gd),
    groupStart,
    order,
    keys,
    groupScale: new Float64Array(ng).fill(1),
    always: Uint32Array.from(always),
    groupOf: group,
    dirtyKey: new Float64Array(n),
    dirty: new Uint8Array(n),
    dirtyList: new Uint32Array(n),
    dirtyCount: 0,
  };
}

const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Permutation sorting non-negative finite doubles ascending: an LSD radix sort on their bit patterns (which order
 * like the values for x >= 0), four 16-bit passes; a comparison sort where the platform is not little-endian.
 */
export function argsortNonNegative(keys: Float64Array): Uint32Array {
  const n = keys.length;
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 64 || !littleEndian) return idx.sort((a, b) => keys[a]! - keys[b]! || a - b);
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  // The key's two words travel with the index, so that every pass reads sequentially.
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = words[2 * i]!;
    hi[i] = words[2 * i + 1]!;
  }
  let idx2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let j = 0; j < n; j++) count[(src[j]! >>> shift) & 0xffff]!++;
    if (count[(src[0]! >>> shift) & 0xffff] === n) continue; // every key has this digit
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const t = count[(src[j]! >>> shift) & 0xffff]!++;
      idx2[t] = idx[j]!;
      lo2[t] = lo[j]!;
      hi2[t] = hi[j]!;
    }
    [idx, idx2] = [idx2, idx];
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  return idx;
}

/** First position in keys[lo, hi) whose key is >= t (keys ascending). */
function lowerBound(keys: Float64Array, t: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Positions to evaluate at these prices, ascending: each group's positions whose key is at least
 * x·(1 − INDEX_SLACK), every multi-asset position, and every dirty one whose key (when the engine gave one) is.
 */
export function liquidationCandidates(index: LiquidationIndex, prices: Float64Array): Uint32Array {
  return candidates(index, prices, true);
}

/**
 * liquidationCandidates in a buffer shared by every index, valid until the next call (the engines' scans read it at
 * once): a round allocates no candidate array.
 */
export function liquidationCandidatesView(index: LiquidationIndex, prices: Float64Array): Uint32Array {
  return candidates(index, prices, false);
}

/** Scratch of liquidationCandidatesView. */
let shared = { out: new Uint32Array(1024), from: new Uint32Array(16), cuts: new Float64Array(16) };

function candidates(index: LiquidationIndex, prices: Float64Array, fresh: boolean): Uint32Array {
  const ng = index.groupScale.length;
  if (shared.from.length < ng) shared = { ...shared, from: new Uint32Array(ng), cuts: new Float64Array(ng) };
  const from = shared.from;
  const cuts = shared.cuts;
  let total = index.always.length + index.dirtyCount;
  for (let g = 0; g < ng; g++) {
    const x = prices[index.groupCollateral[g]!]! / prices[index.groupDebt[g]!]!;
    const cut = (x * (1 - INDEX_SLACK)) / index.groupScale[g]!;
    cuts[g] = cut;
    const lo = lowerBound(index.keys, cut, index.groupStart[g]!, index.groupStart[g + 1]!);
    from[g] = lo;
    total += index.groupStart[g + 1]! - lo;
  }
  if (!fresh && shared.out.length < total) shared.out = new Uint32Array(Math.max(total, 2 * shared.out.length));
  const out = fresh ? new Uint32Array(total) : shared.out;
  const dirty = index.dirty;
  let m = 0;
  for (let g = 0; g < ng; g++) {
    const e = index.groupStart[g + 1]!;
    for (let j = from[g]!; j < e; j++) {
      const i = index.order[j]!;
      if (dirty[i] === 0) out[m++] = i;
    }
  }
  for (let j = 0; j < index.always.length; j++) {
    const i = index.always[j]!;
    if (dirty[i] === 0) out[m++] = i;
  }
  // The dirty list, compacted on the way: positions retired since the last scan leave it.
  const list = index.dirtyList;
  const groupOf = index.groupOf;
  const dirtyKey = index.dirtyKey;
  let kept = 0;
  for (let j = 0; j < index.dirtyCount; j++) {
    const i = list[j]!;
    if (dirty[i] === 3) {
      dirty[i] = 2;
      continue;
    }
    list[kept++] = i;
    const g = groupOf[i]!;
    if (g < 0 || dirtyKey[i]! >= cuts[g]!) out[m++] = i;
  }
  index.dirtyCount = kept;
  return ascending(out, m, index.count);
}

/** A bitset over positions for `ascending`, left all zero between calls. */
let marks = new Uint32Array(0);

/**
 * out[0, m) (distinct positions below `count`) sorted ascending, in place: by a sort when it is small, else through a
 * bitset — a pass over count/32 words instead of m·log2(m) comparisons (a round of 150,000 candidates among a million
 * positions).
 */
function ascending(out: Uint32Array, m: number, count: number): Uint32Array {
  const words = (count + 31) >>> 5;
  if (m < 2 || m * Math.log2(m) < words) return out.subarray(0, m).sort();
  if (marks.length < words) marks = new Uint32Array(words);
  for (let j = 0; j < m; j++) {
    const i = out[j]!;
    marks[i >>> 5]! |= 1 << (i & 31);
  }
  let k = 0;
  for (let w = 0; w < words; w++) {
    let x = marks[w]!;
    if (x === 0) continue;
    marks[w] = 0;
    const base = w << 5;
    while (x !== 0) {
      const low = x & -x;
      out[k++] = base + 31 - Math.clz32(low);
      x ^= low;
    }
  }
  return out.subarray(0, k);
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

/**
 * Marks position i as changed since the build (a retired one comes back). With its new key (the same function of
 * its amounts as at the build, >= 0) it is returned only while under water; without one (SCAN_ALWAYS) on every
 * later round.
 */
export function touchPosition(index: LiquidationIndex, i: number, key: number = SCAN_ALWAYS): void {
  const g = index.groupOf[i]!;
  index.dirtyKey[i] = g >= 0 && key >= 0 && key < Infinity ? key / index.groupScale[g]! : Infinity;
  const state = index.dirty[i];
  if (state === 1) return;
  index.dirty[i] = 1;
  // A retired position still in the list (3) is there already.
  if (state !== 3) index.dirtyList[index.dirtyCount++] = i;
}

/**
 * Position i can make no offer again until an engine changes it (no debt left; for most engines also no collateral
 * left): no later scan reads it. touchPosition undoes it.
 */
export function retirePosition(index: LiquidationIndex, i: number): void {
  const state = index.dirty[i];
  if (state === 1) index.dirty[i] = 3;
  else if (state === 0) index.dirty[i] = 2;
}

/** Every debt in `asset` was multiplied by `factor`: the keys of its groups scale with it. */
export function scaleDebt(index: LiquidationIndex, asset: number, factor: number): void {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new Error(`scaleDebt: factor must be a finite number > 0, got ${factor}`);
  for (let g = 0; g < index.groupDebt.length; g++) if (index.groupDebt[g] === asset) index.groupScale[g]! *= factor;
}

/** A copy a run may mutate: the sorted arrays are shared (never written after the build). */
export function cloneLiquidationIndex(index: LiquidationIndex): LiquidationIndex {
  return { ...index, groupScale: index.groupScale.slice(), dirty: index.dirty.slice(), dirtyList: index.dirtyList.slice(), dirtyKey: index.dirtyKey.slice() };
}

/** Bytes of the index's typed arrays. */
export function indexBytes(index: LiquidationIndex): number {
  return [index.groupCollateral, index.groupDebt, index.groupStart, index.order, index.keys, index.groupScale, index.always, index.groupOf, index.dirtyKey, index.dirty, index.dirtyList].reduce((b, a) => b + a.byteLength, 0);
}

/**
 * A protocol turn's liquidator offers in groups (DESIGN §5: one group per market, kind, collateral and debt asset —
 * `groupKey` of util/packed-keys.ts, a number, not a string per offer), and the order the groups are decided in: by key (assets by their
 * ids' rank), a rule that depends neither on which offers an engine listed nor on the file's order of assets. Automatic offers are in no group.
 */
import type { OfferBatch } from '../protocols/batch.js';
import { groupKey, rankedGroupKey } from '../util/packed-keys.js';

export interface OfferGroups {
  /** Group g's key. */
  keys: number[];
  /** Group g's rows are rows[start[g] .. start[g + 1]), in listing order. */
  start: number[];
  rows: Uint32Array;
  /** key → group. */
  index: Map<number, number>;
}

/** Scratch a caller keeps from turn to turn (grown as needed). */
export interface GroupScratch {
  rowGroup: Int32Array;
  groupRows: Uint32Array;
}

/** Groups rows `kept[0 .. keptCount)` of `offers` (every row below keptCount when `kept` is null). */
export function groupRowsOf(offers: OfferBatch, kept: Uint32Array | null, keptCount: number, assetCount: number, scratch: GroupScratch): OfferGroups {
  if (scratch.groupRows.length < keptCount) scratch.groupRows = new Uint32Array(2 * keptCount);
  return groupRuns(offers, kept, keptCount, assetCount, scratch.groupRows) ?? groupScattered(offers, kept, keptCount, assetCount, scratch);
}

/**
 * The groups when each is one run of rows (engines list a market's pairs one after another): the rows stay in listing
 * order and a group starts where its run does — one pass. Null when a group's rows come back after another's.
 */
function groupRuns(offers: OfferBatch, kept: Uint32Array | null, keptCount: number, assetCount: number, rows: Uint32Array): OfferGroups | null {
  const index = new Map<number, number>();
  const keys: number[] = [];
  const start: number[] = [];
  let lastKey = -1;
  let w = 0;
  for (let j = 0; j < keptCount; j++) {
    const r = kept ? kept[j]! : j;
    if (offers.automatic[r]) continue;
    const key = groupKey(offers.market[r]!, offers.kind[r]!, offers.collateralAsset[r]!, offers.debtAsset[r]!, assetCount);
    if (key !== lastKey) {
      if (index.has(key)) return null;
      index.set(key, keys.length);
      keys.push(key);
      start.push(w);
      lastKey = key;
    }
    rows[w++] = r;
  }
  start.push(w);
  return { keys, start, rows, index };
}

/** groupRowsOf for any listing order: each row's group, then the rows by group, in listing order within each. */
function groupScattered(offers: OfferBatch, kept: Uint32Array | null, keptCount: number, assetCount: number, scratch: GroupScratch): OfferGroups {
  const index = new Map<number, number>();
  const keys: number[] = [];
  const size: number[] = [];
  if (scratch.rowGroup.length < keptCount) scratch.rowGroup = new Int32Array(2 * keptCount);
  const rowGroup = scratch.rowGroup;
  let lastKey = -1;
  let lastGroup = -1;
  for (let j = 0; j < keptCount; j++) {
    const r = kept ? kept[j]! : j;
    rowGroup[j] = -1;
    if (offers.automatic[r]) continue;
    const key = groupKey(offers.market[r]!, offers.kind[r]!, offers.collateralAsset[r]!, offers.debtAsset[r]!, assetCount);
    // Offers come in runs of one group (positions of one pair sit together): look the key up once a run.
    let g = key === lastKey ? lastGroup : index.get(key);
    if (g === undefined) {
      g = keys.length;
      index.set(key, g);
      keys.push(key);
      size.push(0);
    }
    lastKey = key;
    lastGroup = g;
    rowGroup[j] = g;
    size[g]!++;
  }
  const start: number[] = [0];
  for (let g = 0; g < keys.length; g++) start.push(start[g]! + size[g]!);
  const rows = scratch.groupRows;
  const fill = start.slice(0, keys.length);
  for (let j = 0; j < keptCount; j++) {
    const g = rowGroup[j]!;
    if (g >= 0) rows[fill[g]!++] = kept ? kept[j]! : j;
  }
  return { keys, start, rows, index };
}

/** Adds an empty group for `key` unless there is one. */
export function addSlot(groups: OfferGroups, key: number): void {
  if (groups.index.has(key)) return;
  groups.index.set(key, groups.keys.length);
  groups.keys.push(key);
  groups.start.push(groups.start[groups.start.length - 1]!);
}

/**
 * The groups in the order they are decided: ascending key (market, kind, collateral, debt asset), the assets by their
 * rank in `assetRank` when given (the run ranks them by id, so that the file's order of assets changes nothing).
 */
export function slotOrder(groups: OfferGroups, assetRank?: ArrayLike<number>): number[] {
  const keys = groups.keys;
  const order: number[] = [];
  let sorted = true;
  let last = -Infinity;
  for (let g = 0; g < keys.length; g++) {
    order.push(g);
    const key = assetRank ? rankedGroupKey(keys[g]!, assetRank) : keys[g]!;
    if (key < last) sorted = false;
    last = key;
  }
  // Listing order is usually key order already (markets in turn, a pair's positions together): no sort then.
  if (sorted) return order;
  const sortKeys = new Float64Array(keys.length);
  for (let g = 0; g < keys.length; g++) sortKeys[g] = assetRank ? rankedGroupKey(keys[g]!, assetRank) : keys[g]!;
  return stableOrder(sortKeys);
}

/**
 * 0…n−1 by ascending `sortKeys`, ties in index order (what a stable sort with (a, b) => key(a) − key(b) gives): a
 * bottom-up merge sort, module-level, where a comparator closure made per call was recompiled after every full GC.
 */
function stableOrder(sortKeys: Float64Array): number[] {
  const n = sortKeys.length;
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let g = 0; g < n; g++) from[g] = g;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) to[k] = i < mid && (j >= hi || sortKeys[from[i]!]! <= sortKeys[from[j]!]!) ? from[i++]! : from[j++]!;
    }
    const t = from;
    from = to;
    to = t;
  }
  // Copied by a loop: Array.from over a typed array goes through its iterator (most of this function's time).
  const order: number[] = [];
  for (let g = 0; g < n; g++) order.push(from[g]!);
  return order;
}

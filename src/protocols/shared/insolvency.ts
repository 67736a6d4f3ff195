/**
 * A store's net insolvent value Σ max(0, debt − collateral) (DESIGN §6 bad debt, second way; docs/model.md §5), read
 * only where a term can be non-zero. A position's shortfall at full value is positive only when debt·p_d >
 * collateral·p_c; then its health factor collateral·p_c·LT / (debt·p_d) is below LT ≤ 1 (every family's threshold is
 * a share at most 1: schema `ShareAboveZero`, `OpenShare`), so it is under water at these prices and the liquidation
 * index (liquidation-index.ts, whose cut keeps a 1e-9 slack) does not rule it out. Every other term is an exact +0,
 * and adding +0 leaves a sum as it is: the sum over the positions the index keeps, in position order, is the full
 * sum bit for bit. The index bounds only untouched positions (their build key, scaled by interest) and rebanded ones
 * (their key at their last touch); every other touched position (dirty, retired) and every position in no group
 * (multi-asset, no debt at the build) is read. The positions read are gathered from the bands and the index's lists,
 * not by a pass over every position (a run's end reads ~7,000 of the 12-protocol network's 185,000).
 */
import type { PositionStore } from '../position-store.js';
import type { BandSet } from './index-bands.js';
import { ascending, lowerBound } from './index-bands.js';
import { INDEX_CLEAN, INDEX_REBANDED, INDEX_SLACK, type LiquidationIndex } from './liquidation-index.js';
import { insolventValue, shortfallUsd } from './health.js';
import { mapArray } from '../../util/map-array.js';

/** Positions of `set` whose key reaches their group's cut (all states: the caller filters), counted without a read. */
function reachingCount(set: BandSet, cuts: Float64Array): number {
  let m = 0;
  for (let g = 0; g < set.groupMaxKey.length; g++) {
    if (!(set.groupMaxKey[g]! >= cuts[g]!)) continue;
    for (let b = set.groupBand[g]!; b < set.groupBand[g + 1]!; b++) if (set.maxKey[b]! >= cuts[g]!) m += set.end[b]! - lowerBound(set.keys, cuts[g]!, set.start[b]!, set.end[b]!);
  }
  return m;
}

/** Appends to out[m…] the positions of `set` in state `want` whose key reaches their group's cut; the new m. */
function pushReaching(set: BandSet, cuts: Float64Array, state: Uint8Array, want: number, out: Uint32Array, m: number): number {
  const groups = set.groupMaxKey.length;
  for (let g = 0; g < groups; g++) {
    const cut = cuts[g]!;
    if (!(set.groupMaxKey[g]! >= cut)) continue;
    for (let b = set.groupBand[g]!; b < set.groupBand[g + 1]!; b++) {
      if (!(set.maxKey[b]! >= cut)) continue;
      const e = set.end[b]!;
      for (let j = lowerBound(set.keys, cut, set.start[b]!, e); j < e; j++) {
        const i = set.order[j]!;
        if (state[i] === want) out[m++] = i;
      }
    }
  }
  return m;
}

/**
 * Σ over positions of shortfallUsd at `prices`, reading only those `index` cannot prove solvent (equal bit for bit to
 * insolventValue): the clean and rebanded ones whose key reaches the cut (from the bands), every position in no group,
 * and every other touched one (from the list of those that left the clean state) — in position order.
 */
export function indexedInsolventValue(s: PositionStore, index: LiquidationIndex, prices: Float64Array): number {
  const ng = index.groupScale.length;
  const cuts = new Float64Array(ng);
  for (let g = 0; g < ng; g++) cuts[g] = ((prices[index.groupCollateral[g]!]! / prices[index.groupDebt[g]!]!) * (1 - INDEX_SLACK)) / index.groupScale[g]!;
  const state = index.dirty;
  const out = new Uint32Array(reachingCount(index.main, cuts) + reachingCount(index.touched, cuts) + index.ungrouped.length + index.leftCleanCount);
  let m = pushReaching(index.main, cuts, state, INDEX_CLEAN, out, 0);
  m = pushReaching(index.touched, cuts, state, INDEX_REBANDED, out, m);
  out.set(index.ungrouped, m);
  m += index.ungrouped.length;
  const groupOf = index.groupOf;
  for (let j = 0; j < index.leftCleanCount; j++) {
    const i = index.leftClean[j]!;
    const d = state[i];
    if (groupOf[i]! >= 0 && d !== INDEX_CLEAN && d !== INDEX_REBANDED) out[m++] = i;
  }
  const read = ascending(out, m, s.count);
  let total = 0;
  // The sources are disjoint (by state and group: each position once), so each term is added once, in position order.
  for (let j = 0; j < read.length; j++) total += shortfallUsd(s, read[j]!, prices);
  return total;
}

/**
 * Engine.insolvency for the store-based families: each market's insolvent value at `prices`, the prices checked; a
 * market with a liquidation index reads only the positions it cannot prove solvent (the same sum).
 */
export function storesInsolvency(engine: string, markets: readonly { store: PositionStore; assetCount: number; index?: LiquidationIndex }[], prices: Float64Array): number[] {
  return mapArray(markets, (m) => {
    if (prices.length < m.assetCount) throw new Error(`${engine}.insolvency: prices have ${prices.length} entries; expected ${m.assetCount}`);
    return m.index ? indexedInsolventValue(m.store, m.index, prices) : insolventValue(m.store, prices);
  });
}

/**
 * The bounds a store listing that found nothing leaves (docs/model.md §4.1 "The margin"): per (collateral, debt) group
 * of the liquidation index (liquidation-index.ts), the largest key below the scan's cut, and the entries at or above it
 * classified by what kept each out of the listing — the size floor (debt ≤ minDebt / scale), the collateral floor
 * (debt ≤ minWeighted · key: floorMinWeighted), both, or, read and refused, a close factor that steps down above a
 * health factor (Aave v3's ½ above HF 0.95). Each class keeps the largest of the quantities its test reads; a later
 * listing-margin.ts check runs the scan's own comparison on them. Keys and debts in build units (÷ the group's scale).
 */
import type { IndexMargin } from '../types.js';
import type { BandSet } from './index-bands.js';
import { lowerBound } from './index-bands.js';
import { INDEX_SLACK, type LiquidationIndex } from './liquidation-index.js';

/** States of liquidation-index.ts: a clean position, and one retired but still in the touched list. */
const CLEAN = 0;
const RETIRED_LISTED = 3;

/** The scan's cut of group g at `prices` and the group's scale now (liquidation-index.ts `candidates`). */
export function cutOf(index: LiquidationIndex, g: number, prices: Float64Array): number {
  return ((prices[index.groupCollateral[g]!]! / prices[index.groupDebt[g]!]!) * (1 - INDEX_SLACK)) / index.groupScale[g]!;
}

/**
 * The key below which a position of group g has a health factor above `healthFactor` (build units): HF = (P_c / P_d) /
 * (key · scale), so below (P_c / P_d) / (healthFactor · scale), less the cut's slack twice over (the rule's HF and the
 * index's key round apart by far less). −Infinity without a step.
 */
export function stepCutOf(index: LiquidationIndex, g: number, prices: Float64Array, healthFactor: number): number {
  return healthFactor > 0 ? (cutOf(index, g, prices) * (1 - INDEX_SLACK)) / healthFactor : -Infinity;
}

/**
 * The least r (to an ulp or two) with debt ≤ w · key for every w ≥ r, in floating point: rounding a product is monotone
 * in w, so a collateral floor at least r holds the entry back by the scan's own test. Infinity when none is found.
 */
export function ratioBound(debt: number, key: number): number {
  if (!(key > 0)) return debt <= 0 ? 0 : Infinity;
  let r = debt / key;
  for (let k = 0; k < 4 && !(debt <= r * key); k++) r += Math.max(r * Number.EPSILON, Number.MIN_VALUE);
  return debt <= r * key ? r : Infinity;
}

/** The floors a margin classifies by, per group (build units; weighted 0: no collateral floor; stepCut −Infinity: no step). */
interface Floors {
  cut: Float64Array;
  floor: Float64Array;
  weighted: Float64Array;
  stepCut: Float64Array;
}

/** The largest of `ratio` and a bound for (debt, key): `ratio` itself when it already holds the entry back. */
function maxRatio(ratio: number, debt: number, key: number): number {
  return debt <= ratio * key ? ratio : Math.max(ratio, ratioBound(debt, key));
}

/**
 * Entry (debt, key) of group g, at or above the cut, into its class of `out`. `touched`: a touched position of the list
 * (its size-held class is touchedDust). Any class is a sound place (each check is a sufficient condition); this one
 * is where the entry passes at the margin's own floors.
 */
function classify(out: IndexMargin, fl: Floors, g: number, debt: number, key: number, touched: boolean): void {
  const bySize = debt <= fl.floor[g]!;
  const w = fl.weighted[g]!;
  if (w > 0 && debt <= w * key) {
    if (bySize) {
      out.bothDebt[g] = Math.max(out.bothDebt[g]!, debt);
      out.bothRatio[g] = maxRatio(out.bothRatio[g]!, debt, key);
    } else out.held[g] = maxRatio(out.held[g]!, debt, key);
  } else if (!bySize && key < fl.stepCut[g]!) {
    out.stepDebt[g] = Math.max(out.stepDebt[g]!, debt);
    out.stepKey[g] = Math.max(out.stepKey[g]!, key);
  } else if (touched) out.touchedDust[g] = Math.max(out.touchedDust[g]!, debt);
  else out.dust[g] = Math.max(out.dust[g]!, debt);
}

/**
 * The entries [from, e) of a band of group g classified as `classify` does, the group's bounds held in locals (the
 * loop a mark spends its time in: one comparison or two per entry, a division only for a new largest debt / key).
 */
function classifyRun(set: BandSet, from: number, e: number, fl: Floors, g: number, out: IndexMargin): void {
  const floor = fl.floor[g]!;
  const w = fl.weighted[g]!;
  const stepCut = fl.stepCut[g]!;
  let dust = out.dust[g]!;
  let held = out.held[g]!;
  let bothDebt = out.bothDebt[g]!;
  let bothRatio = out.bothRatio[g]!;
  const { debts, keys } = set;
  for (let j = from; j < e; j++) {
    const debt = debts[j]!;
    const key = keys[j]!;
    if (w > 0 && debt <= w * key) {
      if (debt <= floor) {
        if (debt > bothDebt) bothDebt = debt;
        if (!(debt <= bothRatio * key)) bothRatio = maxRatio(bothRatio, debt, key);
      } else if (!(debt <= held * key)) held = maxRatio(held, debt, key);
    } else if (debt <= floor || !(key < stepCut)) {
      if (debt > dust) dust = debt;
    } else classify(out, fl, g, debt, key, false);
  }
  out.dust[g] = dust;
  out.held[g] = held;
  out.bothDebt[g] = bothDebt;
  out.bothRatio[g] = bothRatio;
}

/**
 * Per group of one band set: `below`, and every entry at or above the cut classified; a band whose largest debt is
 * within the size-held bound found so far adds nothing and is not read. One binary search per band reaching the cut.
 */
function bandBounds(set: BandSet, fl: Floors, out: IndexMargin): void {
  const { below, dust } = out;
  const cut = fl.cut;
  for (let g = 0; g < set.groupMaxKey.length; g++) {
    // A group or band wholly below the cut: its largest key (an upper bound after drops) bounds `below`, unsearched.
    if (set.groupMaxKey[g]! < cut[g]!) {
      if (set.groupBand[g + 1]! > set.groupBand[g]! && set.groupMaxKey[g]! > below[g]!) below[g] = set.groupMaxKey[g]!;
      continue;
    }
    for (let b = set.groupBand[g]!; b < set.groupBand[g + 1]!; b++) {
      if (set.maxKey[b]! < cut[g]!) {
        if (set.maxKey[b]! > below[g]!) below[g] = set.maxKey[b]!;
        continue;
      }
      const s = set.start[b]!;
      const e = set.end[b]!;
      const from = lowerBound(set.keys, cut[g]!, s, e);
      if (from > s && set.keys[from - 1]! > below[g]!) below[g] = set.keys[from - 1]!;
      if (from < e && set.maxDebt[b]! > dust[g]!) classifyRun(set, from, e, fl, g, out);
    }
  }
}

/** Optional inputs of indexMargin, per group: the listing's floors (debt tokens now; debt / key) and the close factor step. */
export interface MarginFloors {
  minDebt?: ArrayLike<number>;
  minWeighted?: ArrayLike<number>;
  /** The health factor above which a smaller close factor applies (Aave v3 0.95); absent or 0: none. */
  stepHealthFactor?: number;
}

/** n groups' bounds before any entry: −Infinity (a module-level function: a closure per call is compiled again after every full GC). */
function none(n: number): Float64Array {
  return new Float64Array(n).fill(-Infinity);
}

/**
 * Index margin of one market at `prices` (the listing's), or null when some position is read on every round. Without
 * floors every entry under water is bounded by its debt alone.
 */
export function indexMargin(index: LiquidationIndex, prices: Float64Array, floors: MarginFloors = {}): IndexMargin | null {
  const dirty = index.dirty;
  for (let j = 0; j < index.always.length; j++) if (dirty[index.always[j]!] === CLEAN) return null;
  const ng = index.groupScale.length;
  const out: IndexMargin = { prices: prices.slice(), below: none(ng), dust: none(ng), touchedDust: none(ng), held: none(ng), bothDebt: none(ng), bothRatio: none(ng), stepDebt: none(ng), stepKey: none(ng) };
  const fl: Floors = { cut: new Float64Array(ng), floor: none(ng), weighted: new Float64Array(ng), stepCut: none(ng) };
  for (let g = 0; g < ng; g++) {
    fl.cut[g] = cutOf(index, g, prices);
    if (floors.minDebt) fl.floor[g] = floors.minDebt[g]! / index.groupScale[g]!;
    if (floors.minWeighted) fl.weighted[g] = floors.minWeighted[g]!;
    fl.stepCut[g] = stepCutOf(index, g, prices, floors.stepHealthFactor ?? 0);
  }
  bandBounds(index.main, fl, out);
  bandBounds(index.touched, fl, out);
  for (let j = 0; j < index.dirtyCount; j++) {
    const i = index.dirtyList[j]!;
    if (dirty[i] === RETIRED_LISTED) continue;
    const g = index.groupOf[i]!;
    const key = index.dirtyKey[i]!;
    if (g < 0 || !(key < Infinity)) return null; // read on every round
    // An unknown debt (Infinity) passes no floor: it lands in touchedDust, and no check passes it.
    if (key < fl.cut[g]!) out.below[g] = Math.max(out.below[g]!, key);
    else classify(out, fl, g, index.dirtyDebt[i]!, key, true);
  }
  return out;
}

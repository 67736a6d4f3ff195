/**
 * The margin of a store listing (docs/model.md "Event-driven time"): what a listing that found nothing leaves for
 * proving that a later one finds nothing either, at the same oracle prices, while interest multiplies each group's
 * keys and debts by its scale (liquidation-index.ts `scaleDebt`) and the profit floor moves either way.
 *
 * A scan at scale s reads an entry of group g when its key reaches the cut, key ≥ x·(1 − INDEX_SLACK) / s, and its
 * debt passes the size floor, debt > minDebt / s (a touched entry: debt·s > minDebt). After an empty listing, per
 * group: `below`, the largest key under the cut (the next entry to come under water as s grows), and `dust`, the largest
 * debt of the entries already under water (each too small for the floor then; bounded by their bands' largest debt).
 * A later listing finds nothing while below < its cut and dust ≤ its floor — the scan's own comparisons on the band's
 * bounds, so the proof is exact. Keys and debts are in
 * build units (÷ the scale when built or touched). A position the index reads on every round (multi-asset, touched
 * without a key) gives no margin.
 */
import type { IndexMargin, ListingMargin, ProfitFloor, RoundContext } from '../types.js';

export type { IndexMargin, ListingMargin } from '../types.js';
import type { BandSet } from './index-bands.js';
import { lowerBound } from './index-bands.js';
import { groupMayBeUnderWater, INDEX_SLACK, type LiquidationIndex } from './liquidation-index.js';
import { floorMinDebt } from './bookkeeping.js';
import type { ListedMarket, OfferBound, OfferBoundOut } from './listing.js';

/** States of liquidation-index.ts: a clean position, and one retired but still in the touched list. */
const CLEAN = 0;
const RETIRED_LISTED = 3;

/** The scan's cut of group g at `prices` and the group's scale now (liquidation-index.ts `candidates`). */
function cutOf(index: LiquidationIndex, g: number, prices: Float64Array): number {
  return ((prices[index.groupCollateral[g]!]! / prices[index.groupDebt[g]!]!) * (1 - INDEX_SLACK)) / index.groupScale[g]!;
}

/**
 * Per group of one band set: the largest key below the cut, and a bound on the largest debt at or above it — the
 * largest debt of a band holding such an entry where that is within the size floor `floor` (build units: the scan
 * skipped the band unread), else the largest such entry's, read as the scan read them. One binary search per band
 * that reaches the cut, as the scan's.
 */
function bandBounds(set: BandSet, cut: Float64Array, floor: Float64Array, below: Float64Array, dust: Float64Array): void {
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
      if (from === e || !(set.maxDebt[b]! > dust[g]!)) continue;
      if (set.maxDebt[b]! <= floor[g]!) dust[g] = set.maxDebt[b]!;
      else for (let j = from; j < e; j++) if (set.debts[j]! > dust[g]!) dust[g] = set.debts[j]!;
    }
  }
}

/**
 * Index margin of one market at `prices` (the listing's), or null when some position is read on every round.
 * `minDebt` (per group, debt tokens now; absent: none) is the size floor the listing read by: bands it skipped are
 * bounded by their largest debt, the others read.
 */
export function indexMargin(index: LiquidationIndex, prices: Float64Array, minDebt?: ArrayLike<number>): IndexMargin | null {
  const dirty = index.dirty;
  for (let j = 0; j < index.always.length; j++) if (dirty[index.always[j]!] === CLEAN) return null;
  const ng = index.groupScale.length;
  const cut = new Float64Array(ng);
  for (let g = 0; g < ng; g++) cut[g] = cutOf(index, g, prices);
  const out: IndexMargin = { prices: prices.slice(), below: new Float64Array(ng).fill(-Infinity), dust: new Float64Array(ng).fill(-Infinity), touchedDust: new Float64Array(ng).fill(-Infinity) };
  const floor = new Float64Array(ng);
  for (let g = 0; g < ng; g++) floor[g] = minDebt ? minDebt[g]! / index.groupScale[g]! : -Infinity;
  bandBounds(index.main, cut, floor, out.below, out.dust);
  bandBounds(index.touched, cut, floor, out.below, out.dust);
  for (let j = 0; j < index.dirtyCount; j++) {
    const i = index.dirtyList[j]!;
    if (dirty[i] === RETIRED_LISTED) continue;
    const g = index.groupOf[i]!;
    const key = index.dirtyKey[i]!;
    if (g < 0 || !(key < Infinity)) return null; // read on every round
    if (key < cut[g]!) out.below[g] = Math.max(out.below[g]!, key);
    else out.touchedDust[g] = Math.max(out.touchedDust[g]!, index.dirtyDebt[i]!);
  }
  return out;
}

/** offerBound's output, every field declared (a family's bound may set capPerKey: one shape either way). */
const bound: Required<OfferBoundOut> = { takerCollateralPerDebt: 0, closeFactor: 1, capPerKey: Infinity };

/** The size floor the listing reads group g by (listing.ts floorBands: floorMinDebt), debt tokens now; 0 without a floor. */
function minDebtOf<M extends ListedMarket>(ms: M, g: number, prices: Float64Array, floor: ProfitFloor | undefined, offerBound: OfferBound<M> | undefined): number {
  if (!floor || !offerBound) return 0;
  const ix = ms.index;
  bound.capPerKey = Infinity;
  offerBound(ms, ix.groupCollateral[g]!, ix.groupDebt[g]!, prices, bound);
  return floorMinDebt(floor, ix.groupCollateral[g]!, ix.groupDebt[g]!, bound.takerCollateralPerDebt, bound.closeFactor);
}

/**
 * Whether a listing of market `ms` at ctx finds nothing, given the margin its last empty listing left: the same prices,
 * no entry below the cut then at or above it now, and every entry under water then within the size floor now.
 */
function marketQuiet<M extends ListedMarket>(ms: M, m: number, im: IndexMargin, ctx: RoundContext, offerBound: OfferBound<M> | undefined, floorToo = true): boolean {
  const prices = ctx.oraclePrices[m]!;
  for (let a = 0; a < prices.length; a++) if (prices[a] !== im.prices[a]) return false;
  const ix = ms.index;
  for (let g = 0; g < im.below.length; g++) {
    if (im.below[g]! >= cutOf(ix, g, prices)) return false;
    if (!floorToo || (im.dust[g] === -Infinity && im.touchedDust[g] === -Infinity)) continue;
    const minDebt = minDebtOf(ms, g, prices, ctx.profitFloor, offerBound);
    // The scan's own tests (scanBands: debt > minDebt / scale; candidates: debt · scale > minDebt), on the largest; a
    // touched entry by both (a played listing may have put it back in a band since the margin).
    const floor = minDebt / ix.groupScale[g]!;
    if (im.dust[g]! > floor || im.touchedDust[g]! * ix.groupScale[g]! > minDebt || im.touchedDust[g]! > floor) return false;
  }
  return true;
}

/** Engine.stillQuiet of a family that lists by the shared listing: every market quiet (false without a margin). */
export function storeStillQuiet<M extends ListedMarket>(markets: readonly M[], ctx: RoundContext, margin: ListingMargin, offerBound?: OfferBound<M>): boolean {
  const ims = margin.markets;
  if (!ims) return false;
  for (let m = 0; m < markets.length; m++) if (!marketQuiet(markets[m]!, m, ims[m]!, ctx, offerBound)) return false;
  return true;
}

/**
 * Engine.marginHolds of a family that lists by the shared listing: every market at the margin's prices, nothing come up
 * to the cut since — the margin still describes the book, whatever the floor did.
 */
export function storeMarginHolds<M extends ListedMarket>(markets: readonly M[], ctx: RoundContext, margin: ListingMargin): boolean {
  const ims = margin.markets;
  if (!ims) return false;
  for (let m = 0; m < markets.length; m++) if (!marketQuiet(markets[m]!, m, ims[m]!, ctx, undefined, false)) return false;
  return true;
}

/**
 * Engine.listingMargin of a family that lists by the shared listing (listing.ts), after a listing at ctx that found
 * nothing: each market's index margin, and the growth factor before a listing at ctx's prices and floor could list.
 */
export function storeListingMargin<M extends ListedMarket>(markets: readonly M[], ctx: RoundContext, offerBound?: OfferBound<M>): ListingMargin {
  const ims: IndexMargin[] = [];
  let margin = Infinity;
  for (let m = 0; m < markets.length; m++) {
    const ms = markets[m]!;
    const ix = ms.index;
    const prices = ctx.oraclePrices[m]!;
    // The size floor the listing read by, per group reaching the cut (floorMinDebt at ctx's floor: the listing asked
    // for those rates already); the others have nothing under water, and no rate is asked.
    const minDebt = Array.from(ix.groupCollateral, (_, g) => (groupMayBeUnderWater(ix, g, prices) ? minDebtOf(ms, g, prices, ctx.profitFloor, offerBound) : 0));
    const im = indexMargin(ix, prices, minDebt);
    if (!im) return { markets: null, margin: 0 };
    ims.push(im);
    for (let g = 0; g < im.below.length; g++) {
      const s = ix.groupScale[g]!;
      if (im.below[g]! > 0) margin = Math.min(margin, cutOf(ix, g, im.prices) / im.below[g]!);
      const dust = Math.max(im.dust[g]!, im.touchedDust[g]!);
      if (dust > -Infinity) margin = Math.min(margin, minDebt[g]! / s / dust);
    }
  }
  return { markets: ims, margin };
}

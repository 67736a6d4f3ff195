/**
 * The margin of a store listing (docs/model.md §4.1 "Event-driven time"): what a listing that found nothing leaves
 * (margin-bounds.ts) for proving that a later one finds nothing either, while interest multiplies each group's keys
 * and debts by its scale (liquidation-index.ts `scaleDebt`), oracle prices move and the profit floor moves either way.
 *
 * A scan at scale s reads an entry of group g when its key reaches the cut, key ≥ x·(1 − INDEX_SLACK) / s, its debt
 * passes the size floor, debt > minDebt / s (a touched entry: debt·s > minDebt), and its debt / key the collateral floor,
 * debt > minWeighted · key. A later listing finds nothing while no key below the cut then reaches the cut now (so every
 * entry under water now was then, whatever the prices did), and each entry under water then is still held back by the
 * floor that held it: the scan's own comparisons on each class's largest debt, debt / key (`ratioBound`) or key, so the
 * proof is exact. An entry the scan read and the family's rule refused (Aave v3 above HF 0.95, whose close factor is ½
 * where the size floor takes 1) is still refused while its health factor stays above the step and its debt within
 * the floor at the step's close factor. A position the index reads on every round (multi-asset, touched without a key)
 * gives no margin.
 */
import type { IndexMargin, ListingMargin, ProfitFloor, RoundContext } from '../types.js';

export type { IndexMargin, ListingMargin } from '../types.js';
import { groupMayBeUnderWater } from './liquidation-index.js';
import { floorArgs, floorMinDebtIn, floorMinWeighted } from './bookkeeping.js';
import { cutOf, indexMargin, stepCutOf } from './margin-bounds.js';
import type { ListedMarket, OfferBound, OfferBoundOut } from './listing.js';

export { indexMargin, ratioBound, type MarginFloors } from './margin-bounds.js';

/**
 * A family's close factor step for market `ms` (Aave v3: `closeFactor` of the debt while HF > `healthFactor`, more at
 * or below): false when its markets have none that holds for every position (written to `out`).
 */
export type CloseFactorStep<M> = (ms: M, out: { healthFactor: number; closeFactor: number }) => boolean;

/** What a family's margin reads besides its index: the offer bound of its profit floor, and its close factor step. */
export interface MarginRules<M> {
  offerBound?: OfferBound<M> | undefined;
  closeFactorStep?: CloseFactorStep<M> | undefined;
}

/** offerBound's output, every field declared (a family's bound may set capPerKey: one shape either way). */
const bound: Required<OfferBoundOut> = { takerCollateralPerDebt: 0, closeFactor: 1, capPerKey: Infinity, maxProfit: Number.NaN };
const step = { healthFactor: 0, closeFactor: 1 };

/** Group g's floors (listing.ts floorBands: floorMinDebt, floorMinWeighted; and floorMinDebt at the step's close factor). */
interface GroupFloors {
  minDebt: number;
  minWeighted: number;
  stepMinDebt: number;
}
/**
 * The floors' scratch, an instance of its own class with its numbers stored as doubles (first NaN; floorsOf writes all
 * three before any read): a literal's class is shared with every literal of the same first keys, and indexMargin's
 * { minDebt, minWeighted, … } of arrays made these numbers tagged, a fraction re-classing them mid-run (docs/scale.md
 * "Session 15: recompiles").
 */
class Floors implements GroupFloors {
  minDebt = Number.NaN;
  minWeighted = Number.NaN;
  stepMinDebt = Number.NaN;
}
const floors: GroupFloors = new Floors();

/**
 * Group g's floors at `prices` and `floor` (in the shared `floors`, valid until the next call); 0 without a floor. The
 * step's floor only when `stepToo` (a check asks for it only where an entry waits on the step).
 */
function floorsOf<M extends ListedMarket>(ms: M, g: number, prices: Float64Array, floor: ProfitFloor | undefined, rules: MarginRules<M>, stepToo = true): GroupFloors {
  floors.minDebt = 0;
  floors.minWeighted = 0;
  floors.stepMinDebt = 0;
  if (!floor || !rules.offerBound) return floors;
  const c = ms.index.groupCollateral[g]!;
  const d = ms.index.groupDebt[g]!;
  bound.capPerKey = Infinity;
  rules.offerBound(ms, c, d, prices, bound);
  floorArgs[0] = bound.takerCollateralPerDebt;
  floorArgs[1] = bound.closeFactor;
  floorMinDebtIn(floor, c, d, floorArgs);
  floors.minDebt = floorArgs[0]!;
  floors.minWeighted = floorMinWeighted(floors.minDebt, bound.closeFactor, bound.capPerKey);
  if (!stepToo || !rules.closeFactorStep?.(ms, step)) return floors;
  floorArgs[0] = bound.takerCollateralPerDebt;
  floorArgs[1] = step.closeFactor;
  floorMinDebtIn(floor, c, d, floorArgs);
  floors.stepMinDebt = floorArgs[0]!;
  return floors;
}

/** Whether every price market `ms` reads is one its listing accepts (health.ts checkPrices): else the listing throws. */
function pricesValid(ms: ListedMarket, prices: Float64Array): boolean {
  if (prices.length < ms.assetCount) return false;
  for (const a of ms.assetsUsed) if (!(prices[a]! > 0) || !Number.isFinite(prices[a]!)) return false;
  return true;
}

/** The scan's size tests on a largest debt (scanBands: debt > minDebt / s; candidates: debt · s > minDebt): both pass. */
function withinSize(debt: number, minDebt: number, s: number): boolean {
  return debt <= minDebt / s && debt * s <= minDebt;
}

/** The collateral floor's test on a largest debt / key (ratioBound): held back whatever the key. */
function withinCollateral(ratio: number, minWeighted: number): boolean {
  return minWeighted > 0 && minWeighted >= ratio;
}

/** Whether each class of group g's entries under water at the margin is still kept out of a listing at ctx. */
function groupQuiet<M extends ListedMarket>(ms: M, g: number, im: IndexMargin, prices: Float64Array, ctx: RoundContext, rules: MarginRules<M>): boolean {
  const stepped = im.stepDebt[g]! > -Infinity;
  if (!stepped && im.dust[g] === -Infinity && im.touchedDust[g] === -Infinity && im.held[g] === -Infinity && im.bothDebt[g] === -Infinity) return true;
  const { minDebt, minWeighted, stepMinDebt } = floorsOf(ms, g, prices, ctx.profitFloor, rules, stepped);
  const s = ms.index.groupScale[g]!;
  if (!withinSize(im.dust[g]!, minDebt, s) || !withinSize(im.touchedDust[g]!, minDebt, s)) return false;
  if (im.held[g]! > -Infinity && !withinCollateral(im.held[g]!, minWeighted)) return false;
  if (im.bothDebt[g]! > -Infinity && !withinSize(im.bothDebt[g]!, minDebt, s) && !withinCollateral(im.bothRatio[g]!, minWeighted)) return false;
  if (!stepped) return true;
  // Read and refused: still above the step's health factor, and within the floor at the step's close factor.
  if (!rules.closeFactorStep?.(ms, step) || !(im.stepKey[g]! < stepCutOf(ms.index, g, prices, step.healthFactor))) return false;
  return withinSize(im.stepDebt[g]!, stepMinDebt, s);
}

/** Whether a listing of market `ms` at ctx finds nothing, given the margin its last empty listing left. */
function marketQuiet<M extends ListedMarket>(ms: M, m: number, im: IndexMargin, ctx: RoundContext, rules: MarginRules<M>): boolean {
  const prices = ctx.oraclePrices[m]!;
  if (!pricesValid(ms, prices)) return false;
  // Every group's cut first: a key come up to it fails the proof before any floor's rate is asked.
  for (let g = 0; g < im.below.length; g++) if (im.below[g]! >= cutOf(ms.index, g, prices)) return false;
  for (let g = 0; g < im.below.length; g++) if (!groupQuiet(ms, g, im, prices, ctx, rules)) return false;
  return true;
}

/** Engine.stillQuiet of a family that lists by the shared listing: every market quiet (false without a margin). */
export function storeStillQuiet<M extends ListedMarket>(markets: readonly M[], ctx: RoundContext, margin: ListingMargin, rules: MarginRules<M> = {}): boolean {
  const ims = margin.markets;
  if (!ims) return false;
  for (let m = 0; m < markets.length; m++) if (!marketQuiet(markets[m]!, m, ims[m]!, ctx, rules)) return false;
  return true;
}

/**
 * Engine.listingMargin of a family that lists by the shared listing (listing.ts), after a listing at ctx that found
 * nothing: each market's index margin, and the growth factor before a listing at ctx's prices and floor could list
 * (entries the collateral floor holds back do not come closer to it: interest leaves debt / key as it is).
 */
export function storeListingMargin<M extends ListedMarket>(markets: readonly M[], ctx: RoundContext, rules: MarginRules<M> = {}): ListingMargin {
  const ims: IndexMargin[] = [];
  let margin = Infinity;
  for (let m = 0; m < markets.length; m++) {
    const ms = markets[m]!;
    const ix = ms.index;
    const prices = ctx.oraclePrices[m]!;
    // The floors the listing read by, per group reaching the cut (at ctx's floor: the listing asked for those rates
    // already); the others have nothing under water, and no rate is asked.
    const ng = ix.groupScale.length;
    const minDebt = new Float64Array(ng);
    const minWeighted = new Float64Array(ng);
    const stepMinDebt = new Float64Array(ng);
    for (let g = 0; g < ng; g++) {
      if (!groupMayBeUnderWater(ix, g, prices)) continue;
      ({ minDebt: minDebt[g], minWeighted: minWeighted[g], stepMinDebt: stepMinDebt[g] } = floorsOf(ms, g, prices, ctx.profitFloor, rules));
    }
    const stepHealthFactor = ctx.profitFloor && rules.closeFactorStep?.(ms, step) ? step.healthFactor : 0;
    const im = indexMargin(ix, prices, { minDebt, minWeighted, stepHealthFactor });
    if (!im) return { markets: null, margin: 0 };
    ims.push(im);
    for (let g = 0; g < ng; g++) {
      const s = ix.groupScale[g]!;
      if (im.below[g]! > 0) margin = Math.min(margin, cutOf(ix, g, im.prices) / im.below[g]!);
      const dust = Math.max(im.dust[g]!, im.touchedDust[g]!);
      if (dust > -Infinity) margin = Math.min(margin, minDebt[g]! / s / dust);
      if (im.stepKey[g]! > 0) margin = Math.min(margin, stepCutOf(ix, g, im.prices, stepHealthFactor) / im.stepKey[g]!, stepMinDebt[g]! / s / im.stepDebt[g]!);
    }
  }
  return { markets: ims, margin };
}

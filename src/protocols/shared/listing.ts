/**
 * Listing the offers of store-based markets (the lenders, Euler v2 vaults): every market's prices checked, then each candidate
 * position the sorted index returns (or every position, for the full scan the index is tested against) handed to the
 * family's per-position rule, which appends its row to the batch. Positions come in ascending order.
 *
 * With a profit floor, the index skips the size bands of a (collateral, debt) group in which no position could pay a
 * liquidator's gas (`floorMinDebt`, from the family's `OfferBound`): the rule would leave them all out.
 */
import type { OfferBatch } from '../batch.js';
import type { ProfitFloor, RoundContext } from '../engine.js';
import type { PositionStore } from '../position-store.js';
import { checkPrices, emptyAccountData, type AccountData } from './health.js';
import { groupMayBeUnderWater, INDEX_SLACK, liquidationCandidatesView, type LiquidationIndex } from './liquidation-index.js';
import { lowerBoundNear } from './index-bands.js';
import type { LeftOut } from '../left-out.js';
import { floorArgs, floorMinDebtIn, floorMinWeighted, keepAboveFloor, takenThisRound, type RoundStamps } from './bookkeeping.js';
import { reserveOffers } from '../batch.js';

export interface ListedMarket {
  id: string;
  store: PositionStore;
  index: LiquidationIndex;
  assetsUsed: number[];
  assetCount: number;
  rounds: RoundStamps;
}

/**
 * Appends position i's offer to `out` when it has one; returns whether it did. The listing drops the row when it is
 * below the profit floor (bookkeeping.ts keepAboveFloor): a rule may leave that test to it.
 */
export type OfferRule<M> = (ms: M, market: number, i: number, prices: Float64Array, data: AccountData, floor: ProfitFloor | undefined, out: OfferBatch) => boolean;

/**
 * The most a `liquidation` offer of market `ms` on (c, d) can give: collateral to the taker per unit repaid
 * (collateralPerDebt · takerShare) and repay as a share of the position's debt in d, written to `out`; optionally
 * (`capPerKey`, left Infinity otherwise) a cap on the repay by the collateral left: repay ≤ capPerKey · debt / key,
 * key being the position's index key.
 */
export type OfferBound<M> = (ms: M, c: number, d: number, prices: Float64Array, out: OfferBoundOut) => void;

/** What an OfferBound writes. */
export interface OfferBoundOut {
  takerCollateralPerDebt: number;
  closeFactor: number;
  capPerKey?: number;
  /**
   * Optional (left NaN otherwise): the largest collateralPerDebt · takerShare an offer of a position holding only c and
   * d can have, bit for bit as the rule computes it, its rows' profits and repays finite: the listing may then leave
   * out the group's smaller positions when the caller asks (RoundContext.leftOut, left-out.ts).
   */
  maxProfit?: number;
}

/** Restricts a listing to one market's offers on one collateral → debt pair, from positions not liquidated this round. */
export interface PairFilter {
  market: number;
  collateral: number;
  debt: number;
  time: number;
}

export interface ListOptions {
  /** Evaluate every position instead of the index's candidates (the reference the index is tested against). */
  fullScan?: boolean;
}

export const LIST_DEFAULTS: Required<ListOptions> = { fullScan: false };

let minDebtScratch = new Float64Array(16);
let minWeightedScratch = new Float64Array(16);
/** Per group, the bound's maxProfit (NaN: none given or no bound asked) and closeFactor, for leaveOutBelowTop. */
let maxProfitScratch = new Float64Array(16);
let closeFactorScratch = new Float64Array(16);
const bound: Required<OfferBoundOut> = { takerCollateralPerDebt: Number.NaN, closeFactor: Number.NaN, capPerKey: Infinity, maxProfit: Number.NaN };
// Set after a literal holding NaN: stored as doubles before the first bound writes a fraction (util/doubles.ts).
bound.takerCollateralPerDebt = 0;
bound.closeFactor = 1;

/** Every market's offers in market order (`only`: one market's, on one pair), appended to `out`. */
export function listStoreMarkets<M extends ListedMarket>(
  engine: string,
  markets: readonly M[],
  ctx: RoundContext,
  out: OfferBatch,
  fullScan: boolean,
  rule: OfferRule<M>,
  offerBound?: OfferBound<M>,
  only?: PairFilter,
): void {
  const listing: StoreListing<M> = { engine, markets, rule, offerBound, fullScan };
  for (let m = 0; m < markets.length; m++) if (!only || only.market === m) listStoreMarket(listing, m, ctx, out, only);
}

/** Engine.listLiquidatableBatch and Engine.listPairBatch of a family that lists by one offer rule and one bound. */
export function ruleListing<M extends ListedMarket, S extends { markets: readonly M[] }>(engine: string, rule: OfferRule<M>, offerBound: OfferBound<M>) {
  return {
    listBatch: (state: S, ctx: RoundContext, out: OfferBatch): void => listStoreMarkets(engine, state.markets, ctx, out, false, rule, offerBound),
    listPairBatch: (state: S, ctx: RoundContext, market: number, collateral: number, debt: number, out: OfferBatch): void =>
      listStoreMarkets(engine, state.markets, ctx, out, false, rule, offerBound, { market, collateral, debt, time: ctx.time }),
  };
}

/** What a family lists with: its markets, its per-position rule and, for the profit floor's bands, its offer bound. */
export interface StoreListing<M> {
  engine: string;
  markets: readonly M[];
  rule: OfferRule<M>;
  offerBound?: OfferBound<M> | undefined;
  fullScan: boolean;
}

/**
 * Market m's offers appended to `out`; returns its checked oracle prices. Without `offerBound` no band is skipped
 * under a profit floor (a family whose offers the floor does not gate: Comet's absorbs).
 */
export function listStoreMarket<M extends ListedMarket>({ engine, markets, rule, offerBound, fullScan }: StoreListing<M>, m: number, ctx: RoundContext, out: OfferBatch, only?: PairFilter): Float64Array {
  const data = emptyAccountData();
  const floor = ctx.profitFloor;
  const ms = markets[m]!;
  const prices = checkPrices(() => `${engine}.listLiquidatable: market "${ms.id}" (ctx.oraclePrices[${m}])`, ctx.oraclePrices[m], ms.assetsUsed, ms.assetCount);
  if (fullScan) {
    for (let i = 0; i < ms.store.count; i++) if (rule(ms, m, i, prices, data, floor, out)) keepAboveFloor(floor, out);
    return prices;
  }
  const gate = floor && offerBound ? { floor, offerBound } : undefined;
  const minDebt = floorBands(ms, prices, gate, only);
  if (gate && !only && ctx.leftOut) leaveOutBelowTop(ms.index, m, prices, minDebt!, ctx.leftOut);
  const candidates = liquidationCandidatesView(ms.index, prices, minDebt, gate ? minWeightedScratch : undefined);
  reserveOffers(out, candidates.length);
  if (!only) {
    for (let j = 0; j < candidates.length; j++) if (rule(ms, m, candidates[j]!, prices, data, floor, out)) keepAboveFloor(floor, out);
    return prices;
  }
  // A pair's listing: positions liquidated this round are out (each position makes one offer a round), and so are
  // offers on other pairs (multi-asset and touched positions are read whatever their pair).
  const taken = ms.rounds.lastTime === only.time;
  for (let j = 0; j < candidates.length; j++) {
    const i = candidates[j]!;
    if (taken && takenThisRound(ms.rounds, i)) continue;
    if (!rule(ms, m, i, prices, data, floor, out) || !keepAboveFloor(floor, out)) continue;
    if (out.collateralAsset[out.count - 1] !== only.collateral || out.debtAsset[out.count - 1] !== only.debt) out.count--;
  }
  return prices;
}

/**
 * The smallest debt worth reading per group (liquidation-index.ts `minDebt`): the floor's bound, the pair's groups only;
 * none when neither applies. Under the floor, also the smallest debt / key (`minWeighted`, in its scratch).
 */
function floorBands<M extends ListedMarket>(ms: M, prices: Float64Array, gate: { floor: ProfitFloor; offerBound: OfferBound<M> } | undefined, only: PairFilter | undefined): Float64Array | undefined {
  if (!gate && !only) return undefined;
  const ix = ms.index;
  const ng = ix.groupScale.length;
  if (minDebtScratch.length < ng) minDebtScratch = new Float64Array(2 * ng);
  if (minWeightedScratch.length < ng) minWeightedScratch = new Float64Array(2 * ng);
  if (maxProfitScratch.length < ng) maxProfitScratch = new Float64Array(2 * ng);
  if (closeFactorScratch.length < ng) closeFactorScratch = new Float64Array(2 * ng);
  const minDebt = minDebtScratch;
  const minWeighted = minWeightedScratch;
  for (let g = 0; g < ng; g++) {
    const c = ix.groupCollateral[g]!;
    const d = ix.groupDebt[g]!;
    minWeighted[g] = 0;
    maxProfitScratch[g] = Number.NaN;
    if (only && (c !== only.collateral || d !== only.debt)) minDebt[g] = Infinity;
    else if (!gate) minDebt[g] = 0;
    else if (!groupMayBeUnderWater(ix, g, prices)) minDebt[g] = Infinity; // nothing to find: no rate asked
    else {
      bound.capPerKey = Infinity;
      bound.maxProfit = Number.NaN;
      gate.offerBound(ms, c, d, prices, bound);
      floorArgs[0] = bound.takerCollateralPerDebt;
      floorArgs[1] = bound.closeFactor;
      floorMinDebtIn(gate.floor, c, d, floorArgs);
      minDebt[g] = floorArgs[0]!;
      minWeighted[g] = floorMinWeighted(minDebt[g]!, bound.closeFactor, bound.capPerKey);
      maxProfitScratch[g] = bound.maxProfit;
      closeFactorScratch[g] = bound.closeFactor;
    }
  }
  return minDebt;
}

/** Relative margin on the left-out repay bound, far above the rounding between the index's debts and the store's. */
const LEFT_OUT_MARGIN = 1e-6;

/**
 * Under the caller's request (left-out.ts), raises minDebt[g] of each group with more than `left.top` candidates in its
 * main bands so that the listing reads those of the largest debts (the bands from the top until `top` are under
 * water) and the positions down to half the next band's largest debt; records the groups it left rows out of, with
 * the bound on their repay (closeFactor · the debt bound) and their largest profit (the bound's maxProfit).
 */
function leaveOutBelowTop(ix: LiquidationIndex, m: number, prices: Float64Array, minDebt: Float64Array, left: LeftOut): void {
  const set = ix.main;
  for (let g = 0; g < ix.groupScale.length; g++) {
    const profit = maxProfitScratch[g]!;
    if (!(minDebt[g]! < Infinity) || Number.isNaN(profit)) continue;
    const c = ix.groupCollateral[g]!;
    const d = ix.groupDebt[g]!;
    const scale = ix.groupScale[g]!;
    const cut = ((prices[c]! / prices[d]!) * (1 - INDEX_SLACK)) / scale;
    const floor = minDebt[g]! / scale;
    let count = 0;
    let b = set.groupBand[g + 1]! - 1;
    for (; b >= set.groupBand[g]! && count < left.top; b--) {
      if (set.lastKey[b]! < cut || set.maxDebt[b]! <= floor) continue;
      count += set.end[b]! - lowerBoundNear(set.keys, cut, set.start[b]!, set.end[b]!, set.hint[b]!);
    }
    if (count < left.top || b < set.groupBand[g]!) continue;
    const debt = (set.maxDebt[b]! / 2) * scale;
    if (!(debt > minDebt[g]!)) continue;
    minDebt[g] = debt;
    left.push(m, c, d, closeFactorScratch[g]! * debt * (1 + LEFT_OUT_MARGIN), profit);
  }
}

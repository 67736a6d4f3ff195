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
import { groupMayBeUnderWater, liquidationCandidatesView, type LiquidationIndex } from './liquidation-index.js';
import { floorMinDebt, keepAboveFloor, takenThisRound, type RoundStamps } from './bookkeeping.js';
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
 * (collateralPerDebt · takerShare) and repay as a share of the position's debt in d, written to `out`.
 */
export type OfferBound<M> = (ms: M, c: number, d: number, prices: Float64Array, out: { takerCollateralPerDebt: number; closeFactor: number }) => void;

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
const bound = { takerCollateralPerDebt: 0, closeFactor: 1 };

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
  const minDebt = floorBands(ms, prices, floor && offerBound ? { floor, offerBound } : undefined, only);
  const candidates = liquidationCandidatesView(ms.index, prices, minDebt);
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

/** The smallest debt worth reading per group (liquidation-index.ts `minDebt`): the floor's bound, the pair's groups only; none when neither applies. */
function floorBands<M extends ListedMarket>(ms: M, prices: Float64Array, gate: { floor: ProfitFloor; offerBound: OfferBound<M> } | undefined, only: PairFilter | undefined): Float64Array | undefined {
  if (!gate && !only) return undefined;
  const ix = ms.index;
  const ng = ix.groupScale.length;
  if (minDebtScratch.length < ng) minDebtScratch = new Float64Array(2 * ng);
  const minDebt = minDebtScratch;
  for (let g = 0; g < ng; g++) {
    const c = ix.groupCollateral[g]!;
    const d = ix.groupDebt[g]!;
    if (only && (c !== only.collateral || d !== only.debt)) minDebt[g] = Infinity;
    else if (!gate) minDebt[g] = 0;
    else if (!groupMayBeUnderWater(ix, g, prices)) minDebt[g] = Infinity; // nothing to find: no rate asked
    else {
      gate.offerBound(ms, c, d, prices, bound);
      minDebt[g] = floorMinDebt(gate.floor, c, d, bound.takerCollateralPerDebt, bound.closeFactor);
    }
  }
  return minDebt;
}

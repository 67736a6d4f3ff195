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
import { floorMinDebt, takenThisRound, type RoundStamps } from './bookkeeping.js';
import { reserveOffers } from '../batch.js';

export interface ListedMarket {
  id: string;
  store: PositionStore;
  index: LiquidationIndex;
  assetsUsed: number[];
  assetCount: number;
  rounds: RoundStamps;
}

/** Appends position i's offer to `out` when it has one; returns whether it did. */
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

export function listStoreMarkets<M extends ListedMarket>(
  engine: string,
  markets: readonly M[],
  ctx: RoundContext,
  out: OfferBatch,
  fullScan: boolean,
  rule: OfferRule<M>,
  offerBound: OfferBound<M>,
  only?: PairFilter,
): void {
  const data = emptyAccountData();
  const floor = ctx.profitFloor;
  for (let m = 0; m < markets.length; m++) {
    if (only && only.market !== m) continue;
    const ms = markets[m]!;
    const prices = checkPrices(() => `${engine}.listLiquidatable: market "${ms.id}" (ctx.oraclePrices[${m}])`, ctx.oraclePrices[m], ms.assetsUsed, ms.assetCount);
    if (fullScan) {
      for (let i = 0; i < ms.store.count; i++) rule(ms, m, i, prices, data, floor, out);
      continue;
    }
    let minDebt: Float64Array | undefined;
    if (floor || only) {
      const ix = ms.index;
      const ng = ix.groupScale.length;
      if (minDebtScratch.length < ng) minDebtScratch = new Float64Array(2 * ng);
      minDebt = minDebtScratch;
      for (let g = 0; g < ng; g++) {
        const c = ix.groupCollateral[g]!;
        const d = ix.groupDebt[g]!;
        if (only && (c !== only.collateral || d !== only.debt)) minDebt[g] = Infinity;
        else if (!floor) minDebt[g] = 0;
        else if (!groupMayBeUnderWater(ix, g, prices)) minDebt[g] = Infinity; // nothing to find: no rate asked
        else {
          offerBound(ms, c, d, prices, bound);
          minDebt[g] = floorMinDebt(floor, c, d, bound.takerCollateralPerDebt, bound.closeFactor);
        }
      }
    }
    const candidates = liquidationCandidatesView(ms.index, prices, minDebt);
    reserveOffers(out, candidates.length);
    if (!only) {
      for (let j = 0; j < candidates.length; j++) rule(ms, m, candidates[j]!, prices, data, floor, out);
      continue;
    }
    // A pair's listing: positions liquidated this round are out (each position makes one offer a round), and so are
    // offers on other pairs (multi-asset and touched positions are read whatever their pair).
    const taken = ms.rounds.lastTime === only.time;
    for (let j = 0; j < candidates.length; j++) {
      const i = candidates[j]!;
      if (taken && takenThisRound(ms.rounds, i)) continue;
      if (rule(ms, m, i, prices, data, floor, out) && (out.collateralAsset[out.count - 1] !== only.collateral || out.debtAsset[out.count - 1] !== only.debt)) out.count--;
    }
  }
}

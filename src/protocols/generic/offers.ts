/**
 * What may be liquidated in a generic market this round: every position with HF < 1 at the market's oracle prices
 * gets one offer on one pair — the debt of largest value (the close factor applies per debt asset, Aave v2 and
 * Compound v2 alike), then the collateral paying the largest bonus on the repay it allows; ties to the first entry.
 * `genericOfferRowFor` writes the offer as an OfferBatch row (batch path); the object path materialises those rows.
 */
import type { Offer, ProfitFloor, RoundContext } from '../engine.js';
import { clearOfferBatch, KIND_LIQUIDATION, newOfferBatch, offerAt, offersOf, pushOffer, type OfferBatch } from '../batch.js';
import { belowProfitFloor } from '../shared/bookkeeping.js';
import { debtAt, positionId } from '../position-store.js';
import { accountData, emptyAccountData, type AccountData } from '../shared/health.js';
import { BALANCE_SNAP, seizedFor } from '../shared/collateral.js';
import { listStoreMarkets, type PairFilter } from '../shared/listing.js';
import { genericAcceptedRepayOf, type GenericLiquidationPair } from './liquidation.js';
import type { GenericMarketState, GenericState } from './state.js';

export function genericAccountData(ms: GenericMarketState, i: number, prices: Float64Array, out: AccountData = emptyAccountData()): AccountData {
  return accountData(ms.store, i, prices, ms.liquidationThreshold, 0, out);
}

export function genericPairOf(ms: GenericMarketState, kc: number, kd: number, prices: Float64Array, healthFactor: number): GenericLiquidationPair {
  const s = ms.store;
  const c = s.collAsset[kc]!;
  return {
    healthFactor,
    closeFactor: ms.closeFactor,
    userCollateralBalance: s.collAmount[kc]!,
    userReserveDebt: debtAt(s, kd),
    collateralPrice: prices[c]!,
    debtPrice: prices[s.debtAsset[kd]!]!,
    liquidationBonus: ms.liquidationBonus[c]!,
  };
}

/**
 * Appends position i's offer at `prices` to `out` and returns true; false when it is healthy, nothing can be taken, or
 * it is below the caller's profit floor. No allocation.
 */
export function genericOfferRowFor(ms: GenericMarketState, market: number, i: number, prices: Float64Array, data: AccountData, floor: ProfitFloor | undefined, out: OfferBatch): boolean {
  genericAccountData(ms, i, prices, data);
  if (!(data.healthFactor < 1)) return false;
  const s = ms.store;
  let kd = -1;
  let best = 0;
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) {
    const v = debtAt(s, k) * prices[s.debtAsset[k]!]!;
    if (v > best) {
      best = v;
      kd = k;
    }
  }
  if (kd < 0) return false;
  const reserveDebt = debtAt(s, kd);
  const pd = prices[s.debtAsset[kd]!]!;
  let kc = -1;
  let bestBonus = -1;
  let repay = 0;
  let pc = 0;
  let bonus = 0;
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
    const balance = s.collAmount[k]!;
    if (!(balance > 0)) continue;
    const c = s.collAsset[k]!;
    const pck = prices[c]!;
    const bk = ms.liquidationBonus[c]!;
    const r = genericAcceptedRepayOf(ms.closeFactor, balance, reserveDebt, pck, pd, bk, reserveDebt);
    if (!(r > 0)) continue;
    const bonusUsd = (seizedFor(r, pd, pck, balance, bk) * pck * bk) / (1 + bk);
    if (bonusUsd > bestBonus) {
      bestBonus = bonusUsd;
      kc = k;
      repay = r;
      pc = pck;
      bonus = bk;
    }
  }
  if (kc < 0) return false;
  const collateralPerDebt = (pd * (1 + bonus)) / pc;
  if (belowProfitFloor(floor, s.collAsset[kc]!, s.debtAsset[kd]!, repay, collateralPerDebt, 1)) return false;
  pushOffer(out, KIND_LIQUIDATION, false, market, i, s.collAsset[kc]!, s.debtAsset[kd]!, data.healthFactor, repay, collateralPerDebt, bonus, 1);
  return true;
}

const scratch = newOfferBatch(1);

/** Position i's offer at `prices` as an object, or null (genericOfferRowFor's rule). */
export function genericOfferFor(ms: GenericMarketState, market: number, i: number, prices: Float64Array, data: AccountData, floor?: ProfitFloor): Offer | null {
  clearOfferBatch(scratch);
  return genericOfferRowFor(ms, market, i, prices, data, floor, scratch) ? offerAt(scratch, 0) : null;
}

export interface GenericListOptions {
  /** Evaluate every position instead of the index's candidates. */
  fullScan?: boolean;
}

const DEFAULTS: Required<GenericListOptions> = { fullScan: false };

/**
 * The most an offer on (c, d) gives (listing.ts OfferBound): pd · (1 + bonus) / pc of collateral per unit repaid
 * (no protocol fee), and at most the close factor's share of the debt (the whole debt when the close factor rounds
 * to it, as genericAcceptedRepayOf snaps).
 */
export function genericOfferBound(ms: GenericMarketState, c: number, d: number, prices: Float64Array, out: { takerCollateralPerDebt: number; closeFactor: number }): void {
  out.takerCollateralPerDebt = (prices[d]! * (1 + ms.liquidationBonus[c]!)) / prices[c]!;
  out.closeFactor = ms.closeFactor >= 1 - BALANCE_SNAP ? 1 : ms.closeFactor;
}

/** Engine.listLiquidatableBatch: every market's offers appended to `out`, positions ascending. */
export function listGenericLiquidatableBatch(state: GenericState, ctx: RoundContext, out: OfferBatch, options: GenericListOptions = {}): void {
  listStoreMarkets('genericEngine', state.markets, ctx, out, { ...DEFAULTS, ...options }.fullScan, genericOfferRowFor, genericOfferBound);
}

/** Engine.listPairBatch: one market's offers on one pair, from positions not liquidated this round. */
export function listGenericPairBatch(state: GenericState, ctx: RoundContext, market: number, collateral: number, debt: number, out: OfferBatch): void {
  const only: PairFilter = { market, collateral, debt, time: ctx.time };
  listStoreMarkets('genericEngine', state.markets, ctx, out, false, genericOfferRowFor, genericOfferBound, only);
}

/** Engine.listLiquidatable: the batch's rows as objects. */
export function listGenericLiquidatable(state: GenericState, ctx: RoundContext, options: GenericListOptions = {}): Offer[] {
  const b = newOfferBatch();
  listGenericLiquidatableBatch(state, ctx, b, options);
  return offersOf(b);
}

export function describeGenericPosition(ms: GenericMarketState, i: number): string {
  return `position "${positionId(ms.store, i)}" of market "${ms.id}"`;
}

/**
 * What may be liquidated in a pool lender this round: every position with HF < 1 at the market's oracle prices gets
 * one offer on one pair — the debt reserve of largest value (Aave v3's liquidators repay the largest debt; Aave v2 and
 * Compound v2 apply the close factor per debt asset alike), then the collateral paying the liquidator the largest
 * bonus net of the protocol fee on the repay the rules (rules.ts) allow; ties go to the position's first entry.
 * `lenderOfferRowFor` writes the offer as an OfferBatch row; the object forms read those rows back.
 */
import type { Offer, ProfitFloor, RoundContext } from '../types.js';
import { clearOfferBatch, KIND_LIQUIDATION, newOfferBatch, offerAt, pushOffer, pushOfferKeys, type OfferBatch } from '../batch.js';
import { keepAboveFloor } from '../shared/bookkeeping.js';
import { debtAt } from '../position-store.js';
import { accountData, emptyAccountData, HEALTH_FACTOR_LIQUIDATION_THRESHOLD, healthFactorOf, type AccountData } from '../shared/health.js';
import { seizedFor } from '../shared/collateral.js';
import { LIST_DEFAULTS, listStoreMarkets, type ListOptions, type OfferBoundOut, type PairFilter } from '../shared/listing.js';
import { acceptedRepayOf, closeFactorBound } from './rules.js';
import { offerObjects } from '../shared/store-engine.js';
import type { LenderMarketState, LenderState } from './state.js';

/** Position i's account data at `prices` (calculateUserAccountData; e-mode thresholds for e-mode collaterals). */
export function lenderAccountData(ms: LenderMarketState, i: number, prices: Float64Array, out: AccountData = emptyAccountData()): AccountData {
  return accountData(ms.store, i, prices, ms.liquidationThreshold, ms.emodeRow[ms.store.emode[i]!]! * ms.assetCount, out);
}

/** Share of the seized collateral that reaches the liquidator: 1 − fee · bonus / (1 + bonus). */
export function takerShareOf(liquidationBonus: number, liquidationProtocolFee: number): number {
  return 1 - (liquidationProtocolFee * liquidationBonus) / (1 + liquidationBonus);
}

/** The debt entry of largest value, or −1 when the position owes nothing. */
function largestDebt(ms: LenderMarketState, i: number, prices: Float64Array): number {
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
  return kd;
}

/**
 * Appends position i's offer at `prices` to `out` and returns true; false (nothing appended) when it is healthy,
 * nothing can be taken, or it is below the caller's profit floor. No allocation.
 */
export function lenderOfferRowFor(ms: LenderMarketState, market: number, i: number, prices: Float64Array, data: AccountData, floor: ProfitFloor | undefined, out: OfferBatch): boolean {
  return lenderRowFor(ms, market, i, prices, data, floor, out) && keepAboveFloor(floor, out);
}

/**
 * lenderOfferRowFor before the profit floor (the listing's rule: listing.ts tests the floor on the row's columns).
 * A position with one collateral and one debt entry (every generated one) is read straight from the columns and
 * written straight to them, with anyOfferRow's arithmetic in the same order (accountData's sums start from 0; the one
 * debt is the largest; the one collateral the best). In one body, with no number passed to a call V8 may leave out of
 * line: each would be boxed, a heap number per row (V8 inlines at most ~920 bytes of bytecode into one function).
 */
function lenderRowFor(ms: LenderMarketState, market: number, i: number, prices: Float64Array, data: AccountData, _floor: ProfitFloor | undefined, out: OfferBatch): boolean {
  const s = ms.store;
  const kc = s.collStart[i]!;
  const kd = s.debtStart[i]!;
  if (s.collStart[i + 1]! - kc !== 1 || s.debtStart[i + 1]! - kd !== 1) return anyOfferRow(ms, market, i, prices, data, out);
  const c = s.collAsset[kc]!;
  const d = s.debtAsset[kd]!;
  const balance = s.collAmount[kc]!;
  const pc = prices[c]!;
  const pd = prices[d]!;
  const row = ms.emodeRow[s.emode[i]!]! * ms.assetCount;
  const reserveDebt = debtAt(s, kd);
  const debtUsd = 0 + reserveDebt * pd;
  const hf = healthFactorOf(0 + balance * pc * ms.liquidationThreshold[row + c]!, debtUsd);
  // HF < 1 needs debt > 0: the one debt entry is then the largest.
  if (!(hf < HEALTH_FACTOR_LIQUIDATION_THRESHOLD) || !(balance > 0)) return false;
  const bonus = ms.liquidationBonus[row + c]!;
  const repay = acceptedRepayOf(ms.rules, hf, debtUsd, balance, reserveDebt, pc, pd, bonus, reserveDebt);
  if (!(repay > 0)) return false;
  const r = pushOfferKeys(out, KIND_LIQUIDATION, false, market, i, c, d);
  out.healthFactor[r] = hf;
  out.maxRepay[r] = repay;
  out.collateralPerDebt[r] = (pd * (1 + bonus)) / pc;
  out.incentive[r] = bonus;
  out.takerShare[r] = takerShareOf(bonus, ms.liquidationProtocolFee[c]!);
  return true;
}

/** lenderRowFor for any position. */
function anyOfferRow(ms: LenderMarketState, market: number, i: number, prices: Float64Array, data: AccountData, out: OfferBatch): boolean {
  lenderAccountData(ms, i, prices, data);
  const hf = data.healthFactor;
  if (!(hf < HEALTH_FACTOR_LIQUIDATION_THRESHOLD)) return false;
  const kd = largestDebt(ms, i, prices);
  if (kd < 0) return false;
  const s = ms.store;
  const reserveDebt = debtAt(s, kd);
  const pd = prices[s.debtAsset[kd]!]!;
  const row = ms.emodeRow[s.emode[i]!]! * ms.assetCount;
  let kc = -1;
  let bestBonus = -1;
  let repay = 0;
  let pc = 0;
  let bonus = 0;
  let fee = 0;
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
    const balance = s.collAmount[k]!;
    if (!(balance > 0)) continue;
    const c = s.collAsset[k]!;
    const pck = prices[c]!;
    const bk = ms.liquidationBonus[row + c]!;
    const r = acceptedRepayOf(ms.rules, hf, data.totalDebtUsd, balance, reserveDebt, pck, pd, bk, reserveDebt);
    if (!(r > 0)) continue;
    const fk = ms.liquidationProtocolFee[c]!;
    const net = ((seizedFor(r, pd, pck, balance, bk) * pck * bk) / (1 + bk)) * (1 - fk);
    if (net > bestBonus) {
      bestBonus = net;
      kc = k;
      repay = r;
      pc = pck;
      bonus = bk;
      fee = fk;
    }
  }
  if (kc < 0) return false;
  pushOffer(out, KIND_LIQUIDATION, false, market, i, s.collAsset[kc]!, s.debtAsset[kd]!, hf, repay, (pd * (1 + bonus)) / pc, bonus, takerShareOf(bonus, fee));
  return true;
}

const scratch = newOfferBatch(1);

/** Position i's offer at `prices` as an object, or null (lenderOfferRowFor's rule). */
export function lenderOfferFor(ms: LenderMarketState, market: number, i: number, prices: Float64Array, data: AccountData, floor?: ProfitFloor): Offer | null {
  clearOfferBatch(scratch);
  return lenderOfferRowFor(ms, market, i, prices, data, floor, scratch) ? offerAt(scratch, 0) : null;
}

/**
 * The most an offer on (c, d) gives (listing.ts OfferBound): collateral to the taker per unit repaid is
 * pd · (1 + bonus · (1 − fee)) / pc at the largest bonus any e-mode row pays on c; the repay is at most the larger
 * close factor's share of the debt, and at most what seizes the whole collateral, balance · pc / (pd · (1 + bonus)):
 * with the index's key = debt / (balance · LT), that is debt / key · (pc / pd) / (LT · (1 + bonus)) — capPerKey at the
 * smallest LT · (1 + bonus) of the e-mode rows that list c (docs/protocols/positions.md "The collateral floor"); maxProfit,
 * the largest collateralPerDebt · takerShare of lenderRowFor's rows over those e-mode rows.
 */
export function lenderOfferBound(ms: LenderMarketState, c: number, d: number, prices: Float64Array, out: OfferBoundOut): void {
  let bonus = 0;
  let seizeAll = Infinity;
  let maxProfit = Number.NaN;
  const pc = prices[c]!;
  const pd = prices[d]!;
  const fee = ms.liquidationProtocolFee[c]!;
  for (let row = 0; row < ms.liquidationBonus.length; row += ms.assetCount) {
    const bk = ms.liquidationBonus[row + c]!;
    bonus = Math.max(bonus, bk);
    const lt = ms.liquidationThreshold[row + c]!;
    // A row with no threshold on c keys no position (state.ts indexKey).
    if (!(lt > 0)) continue;
    seizeAll = Math.min(seizeAll, lt * (1 + bk));
    // The profit lenderRowFor's row has, collateralPerDebt · takerShare, in its arithmetic.
    const profit = ((pd * (1 + bk)) / pc) * takerShareOf(bk, fee);
    if (!(profit <= maxProfit)) maxProfit = profit;
  }
  out.takerCollateralPerDebt = (pd * (1 + bonus * (1 - fee))) / pc;
  out.closeFactor = closeFactorBound(ms.rules);
  out.capPerKey = pc / pd / seizeAll;
  out.maxProfit = maxProfit;
}

/** Engine.listLiquidatableBatch: the offers of every market, appended to `out`, positions in ascending order. */
export function listLenderBatch(state: LenderState, ctx: RoundContext, out: OfferBatch, options: ListOptions = {}): void {
  listStoreMarkets(state.names.engine, state.markets, ctx, out, { ...LIST_DEFAULTS, ...options }.fullScan, lenderRowFor, lenderOfferBound);
}

/** Engine.listPairBatch: one market's offers on one pair, from positions not liquidated this round. */
export function listLenderPairBatch(state: LenderState, ctx: RoundContext, market: number, collateral: number, debt: number, out: OfferBatch): void {
  const only: PairFilter = { market, collateral, debt, time: ctx.time };
  listStoreMarkets(state.names.engine, state.markets, ctx, out, false, lenderRowFor, lenderOfferBound, only);
}

/** Engine.listLiquidatable: the offers of every market as objects (listLenderBatch's rows). */
export const listLenderLiquidatable = offerObjects(listLenderBatch);

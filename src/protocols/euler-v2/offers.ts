/**
 * What may be liquidated in a Euler v2 liability vault this round (liquidation.ts for the maths): every account past
 * its cool-off with a health score below 1 at the vault's oracle prices gets one offer — its debt (one liability per
 * account), against the collateral of largest value (the discount is the account's, so the largest collateral lets the
 * most be taken over; ties to the first entry). An account that owes with no collateral left gets an automatic offer
 * of nothing, whose execution socialises the debt. `eulerOfferRowFor` writes the offer as an OfferBatch row.
 */
import type { ProfitFloor, RoundContext } from '../types.js';
import { KIND_LIQUIDATION, pushOffer, type OfferBatch } from '../batch.js';
import { debtAt } from '../position-store.js';
import { accountData, emptyAccountData, type AccountData } from '../shared/health.js';
import { repaidFor } from '../shared/collateral.js';
import { LIST_DEFAULTS, listStoreMarkets, type ListOptions, type OfferRule, type PairFilter } from '../shared/listing.js';
import { offerObjects } from '../shared/store-engine.js';
import { pastCoolOff, yieldExcess } from './liquidation.js';
import { EULER_NAMES, type EulerState, type EulerVaultState } from './state.js';

/** The account's health score (accountData's health factor: Σ collateral·price·liquidationLTV / liability value). */
export function eulerAccountData(ms: EulerVaultState, i: number, prices: Float64Array, out: AccountData = emptyAccountData()): AccountData {
  return accountData(ms.store, i, prices, ms.liquidationLTV, 0, out);
}

/** The account's debt entry (its one liability), or −1 when it owes nothing. */
export function liabilityEntry(ms: EulerVaultState, i: number): number {
  const s = ms.store;
  for (let k = s.debtStart[i]!; k < s.debtStart[i + 1]!; k++) if (debtAt(s, k) > 0) return k;
  return -1;
}

/** The collateral entry of largest value (balance > 0), or −1 when none is left. */
export function largestCollateral(ms: EulerVaultState, i: number, prices: Float64Array): number {
  const s = ms.store;
  let best = -1;
  let value = 0;
  for (let k = s.collStart[i]!; k < s.collStart[i + 1]!; k++) {
    const v = s.collAmount[k]! * prices[s.collAsset[k]!]!;
    if (v > value) {
      value = v;
      best = k;
    }
  }
  return best;
}

/**
 * Appends account i's offer at `prices` and run time `time` to `out`; false when it has none (healthy, cooling off;
 * the listing tests the profit floor: keepAboveFloor). With `countHeld`, an account in violation held back by its
 * cool-off adds one to `ms.heldBack`.
 */
export function eulerOfferRowFor(ms: EulerVaultState, market: number, i: number, prices: Float64Array, data: AccountData, _floor: ProfitFloor | undefined, out: OfferBatch, time: number, countHeld = false): boolean {
  const kd = liabilityEntry(ms, i);
  if (kd < 0) return false;
  eulerAccountData(ms, i, prices, data);
  if (!(data.healthFactor < 1)) return false;
  if (!pastCoolOff(time, ms.lastStatusCheck[i]!, ms.liquidationCoolOffTime)) {
    if (countHeld) ms.heldBack++;
    return false;
  }
  const s = ms.store;
  const d = s.debtAsset[kd]!;
  const pd = prices[d]!;
  const excess = yieldExcess(data.healthFactor, ms.maxLiquidationDiscount);
  const kc = largestCollateral(ms, i, prices);
  if (kc < 0) {
    // Nothing left to seize: a liquidation of nothing cancels the debt against the depositors (bad debt socialisation).
    if (!ms.socializeDebt) return false;
    const c = s.collStart[i + 1]! > s.collStart[i]! ? s.collAsset[s.collStart[i]!]! : ms.assetsUsed[0]!;
    pushOffer(out, KIND_LIQUIDATION, true, market, i, c, d, data.healthFactor, 0, (pd * (1 + excess)) / prices[c]!, excess, 1);
    return true;
  }
  const c = s.collAsset[kc]!;
  const pc = prices[c]!;
  const maxRepay = repaidFor(debtAt(s, kd), pd, pc, s.collAmount[kc]!, excess);
  const collateralPerDebt = (pd * (1 + excess)) / pc;
  pushOffer(out, KIND_LIQUIDATION, false, market, i, c, d, data.healthFactor, maxRepay, collateralPerDebt, excess, 1);
  return true;
}

/** The most an offer on (c, d) gives: the discount at its cap, 1/(1 − maxLiquidationDiscount) of value per unit repaid; no close factor. */
export function eulerOfferBound(ms: EulerVaultState, c: number, d: number, prices: Float64Array, out: { takerCollateralPerDebt: number; closeFactor: number }): void {
  out.takerCollateralPerDebt = prices[d]! / (prices[c]! * (1 - ms.maxLiquidationDiscount));
  out.closeFactor = 1;
}

function ruleAt(time: number, countHeld: boolean): OfferRule<EulerVaultState> {
  return (ms, market, i, prices, data, floor, out) => eulerOfferRowFor(ms, market, i, prices, data, floor, out, time, countHeld);
}

/** Engine.listLiquidatableBatch: every vault's offers appended to `out`, accounts ascending; counts the accounts a cool-off holds back. */
export function listEulerLiquidatableBatch(state: EulerState, ctx: RoundContext, out: OfferBatch, options: ListOptions = {}): void {
  for (const ms of state.markets) ms.heldBack = 0;
  listStoreMarkets(EULER_NAMES.engine, state.markets, ctx, out, { ...LIST_DEFAULTS, ...options }.fullScan, ruleAt(ctx.time, true), eulerOfferBound);
}

/** Engine.listPairBatch: one vault's offers on one pair, from accounts not liquidated this round. */
export function listEulerPairBatch(state: EulerState, ctx: RoundContext, market: number, collateral: number, debt: number, out: OfferBatch): void {
  const only: PairFilter = { market, collateral, debt, time: ctx.time };
  listStoreMarkets(EULER_NAMES.engine, state.markets, ctx, out, false, ruleAt(ctx.time, false), eulerOfferBound, only);
}

/** Engine.listLiquidatable: the batch's rows as objects. */
export const listEulerLiquidatable = offerObjects(listEulerLiquidatableBatch);

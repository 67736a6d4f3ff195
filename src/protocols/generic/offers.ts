/**
 * What may be liquidated in a generic market this round: every position with HF < 1 at the market's oracle prices
 * gets one offer on one pair — the debt of largest value (the close factor applies per debt asset, Aave v2 and
 * Compound v2 alike), then the collateral paying the largest bonus on the repay it allows; ties to the first entry.
 */
import type { Offer, ProfitFloor, RoundContext } from '../engine.js';
import { belowProfitFloor } from '../shared/bookkeeping.js';
import { debtAt, positionId } from '../position-store.js';
import { accountData, checkPrices, emptyAccountData, type AccountData } from '../shared/health.js';
import { seizedFor } from '../shared/collateral.js';
import { liquidationCandidates } from '../shared/liquidation-index.js';
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

/** Position i's offer at `prices`, or null when it is healthy, nothing can be taken, or it is below the caller's profit floor. */
export function genericOfferFor(ms: GenericMarketState, market: number, i: number, prices: Float64Array, data: AccountData, floor?: ProfitFloor): Offer | null {
  genericAccountData(ms, i, prices, data);
  if (!(data.healthFactor < 1)) return null;
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
  if (kd < 0) return null;
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
  if (kc < 0) return null;
  const collateralPerDebt = (pd * (1 + bonus)) / pc;
  if (belowProfitFloor(floor, market, i, s.collAsset[kc]!, s.debtAsset[kd]!, repay, collateralPerDebt, 1)) return null;
  return {
    kind: 'liquidation',
    automatic: false,
    market,
    ref: i,
    collateralAsset: s.collAsset[kc]!,
    debtAsset: s.debtAsset[kd]!,
    healthFactor: data.healthFactor,
    maxRepay: repay,
    collateralPerDebt,
    incentive: bonus,
    takerShare: 1,
  };
}

export interface GenericListOptions {
  /** Evaluate every position instead of the index's candidates. */
  fullScan?: boolean;
}

const DEFAULTS: Required<GenericListOptions> = { fullScan: false };

export function listGenericLiquidatable(state: GenericState, ctx: RoundContext, options: GenericListOptions = {}): Offer[] {
  const o = { ...DEFAULTS, ...options };
  const offers: Offer[] = [];
  const data = emptyAccountData();
  state.markets.forEach((ms, m) => {
    const prices = checkPrices(`genericEngine.listLiquidatable: market "${ms.id}" (ctx.oraclePrices[${m}])`, ctx.oraclePrices[m], ms.assetsUsed, ms.assetCount);
    const refs = o.fullScan ? null : liquidationCandidates(ms.index, prices);
    const count = refs ? refs.length : ms.store.count;
    for (let j = 0; j < count; j++) {
      const offer = genericOfferFor(ms, m, refs ? refs[j]! : j, prices, data, ctx.profitFloor);
      if (offer) offers.push(offer);
    }
  });
  return offers;
}

export function describeGenericPosition(ms: GenericMarketState, i: number): string {
  return `position "${positionId(ms.store, i)}" of market "${ms.id}"`;
}

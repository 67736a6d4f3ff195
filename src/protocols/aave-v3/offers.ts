/**
 * What may be liquidated in an Aave v3 pool this round (Engine.listLiquidatable): every position with HF < 1 at the
 * pool's oracle prices (GenericLogic.calculateUserAccountData, the e-mode category's threshold for its collaterals)
 * gets one offer, on one collateral/debt pair, for the largest repay liquidationCall accepts on that pair.
 *
 * The pair (one per position per round): the debt reserve of largest value (it has the largest close-factor cap,
 * since 3.3 caps at 50% of the total debt and 3.0 at 50% of the reserve), then the collateral that pays the liquidator
 * the largest bonus net of the protocol fee on that repay; ties go to the position's first entry.
 *
 * One rule, two outputs: `offerRowFor` writes a position's offer as a row of an OfferBatch (the batch path); the object
 * path (`offerFor`, `listLiquidatable`) materialises those rows.
 */
import type { Offer, ProfitFloor, RoundContext } from '../engine.js';
import { clearOfferBatch, KIND_LIQUIDATION, newOfferBatch, offerAt, offersOf, pushOffer, type OfferBatch } from '../batch.js';
import { belowProfitFloor } from '../shared/bookkeeping.js';
import { debtAt, positionId } from '../position-store.js';
import { accountData, emptyAccountData, type AccountData } from '../shared/health.js';
import { seizedFor } from '../shared/collateral.js';
import { listStoreMarkets, type PairFilter } from '../shared/listing.js';
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from './constants.js';
import { acceptedRepayOf, type LiquidationPair } from './liquidation.js';
import type { AaveV3MarketState, AaveV3State } from './state.js';

/** Position i's account data at `prices` (calculateUserAccountData; e-mode thresholds for e-mode collaterals). */
export function calculateUserAccountData(ms: AaveV3MarketState, i: number, prices: Float64Array, out: AccountData = emptyAccountData()): AccountData {
  return accountData(ms.store, i, prices, ms.liquidationThreshold, ms.emodeRow[ms.store.emode[i]!]! * ms.assetCount, out);
}

/** The liquidationCall inputs of position i on the pair (collateral entry kc, debt entry kd). */
export function liquidationPairOf(ms: AaveV3MarketState, i: number, kc: number, kd: number, prices: Float64Array, data: AccountData): LiquidationPair {
  const s = ms.store;
  const c = s.collAsset[kc]!;
  const d = s.debtAsset[kd]!;
  const row = ms.emodeRow[s.emode[i]!]! * ms.assetCount;
  return {
    version: ms.version,
    healthFactor: data.healthFactor,
    totalCollateralUsd: data.totalCollateralUsd,
    totalDebtUsd: data.totalDebtUsd,
    userCollateralBalance: s.collAmount[kc]!,
    userReserveDebt: debtAt(s, kd),
    collateralPrice: prices[c]!,
    debtPrice: prices[d]!,
    liquidationBonus: ms.liquidationBonus[row + c]!,
    liquidationProtocolFee: ms.liquidationProtocolFee[c]!,
  };
}

/** Share of the seized collateral that reaches the liquidator: 1 − fee · bonus / (1 + bonus). */
export function takerShareOf(liquidationBonus: number, liquidationProtocolFee: number): number {
  return 1 - (liquidationProtocolFee * liquidationBonus) / (1 + liquidationBonus);
}

/**
 * Appends position i's offer at `prices` to `out` and returns true; false (nothing appended) when it is healthy,
 * nothing can be taken, or it is below the caller's profit floor. No allocation.
 */
export function offerRowFor(ms: AaveV3MarketState, market: number, i: number, prices: Float64Array, data: AccountData, floor: ProfitFloor | undefined, out: OfferBatch): boolean {
  calculateUserAccountData(ms, i, prices, data);
  const hf = data.healthFactor;
  if (!(hf < HEALTH_FACTOR_LIQUIDATION_THRESHOLD)) return false;
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
  const v33 = ms.version === '3.3';
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
    const r = acceptedRepayOf(v33, hf, data.totalDebtUsd, balance, reserveDebt, pck, pd, bk, reserveDebt);
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
  const collateralPerDebt = (pd * (1 + bonus)) / pc;
  const takerShare = takerShareOf(bonus, fee);
  if (belowProfitFloor(floor, s.collAsset[kc]!, s.debtAsset[kd]!, repay, collateralPerDebt, takerShare)) return false;
  pushOffer(out, KIND_LIQUIDATION, false, market, i, s.collAsset[kc]!, s.debtAsset[kd]!, hf, repay, collateralPerDebt, bonus, takerShare);
  return true;
}

const scratch = newOfferBatch(1);

/** Position i's offer at `prices` as an object, or null (offerRowFor's rule). */
export function offerFor(ms: AaveV3MarketState, market: number, i: number, prices: Float64Array, data: AccountData, floor?: ProfitFloor): Offer | null {
  clearOfferBatch(scratch);
  return offerRowFor(ms, market, i, prices, data, floor, scratch) ? offerAt(scratch, 0) : null;
}

export interface ListOptions {
  /** Evaluate every position instead of the index's candidates (the reference the index is tested against). */
  fullScan?: boolean;
}

const DEFAULTS: Required<ListOptions> = { fullScan: false };

/**
 * The most an offer on (c, d) gives (listing.ts OfferBound): collateral to the taker per unit repaid is
 * pd · (1 + bonus · (1 − fee)) / pc at the largest bonus any e-mode row pays on c; the repay is at most the debt.
 */
export function offerBound(ms: AaveV3MarketState, c: number, d: number, prices: Float64Array, out: { takerCollateralPerDebt: number; closeFactor: number }): void {
  let bonus = 0;
  for (let row = 0; row < ms.liquidationBonus.length; row += ms.assetCount) bonus = Math.max(bonus, ms.liquidationBonus[row + c]!);
  out.takerCollateralPerDebt = (prices[d]! * (1 + bonus * (1 - ms.liquidationProtocolFee[c]!))) / prices[c]!;
  out.closeFactor = 1;
}

/** Engine.listLiquidatableBatch: the offers of every pool, appended to `out`, positions in ascending order. */
export function listLiquidatableBatch(state: AaveV3State, ctx: RoundContext, out: OfferBatch, options: ListOptions = {}): void {
  listStoreMarkets('aaveV3Engine', state.markets, ctx, out, { ...DEFAULTS, ...options }.fullScan, offerRowFor, offerBound);
}

/** Engine.listPairBatch: one pool's offers on one pair, from positions not liquidated this round. */
export function listPairBatch(state: AaveV3State, ctx: RoundContext, market: number, collateral: number, debt: number, out: OfferBatch): void {
  const only: PairFilter = { market, collateral, debt, time: ctx.time };
  listStoreMarkets('aaveV3Engine', state.markets, ctx, out, false, offerRowFor, offerBound, only);
}

/** Engine.listLiquidatable: the offers of every pool, positions in ascending order (the batch's rows as objects). */
export function listLiquidatable(state: AaveV3State, ctx: RoundContext, options: ListOptions = {}): Offer[] {
  const b = newOfferBatch();
  listLiquidatableBatch(state, ctx, b, options);
  return offersOf(b);
}

/** A position's id for messages. */
export function describePosition(ms: AaveV3MarketState, i: number): string {
  return `position "${positionId(ms.store, i)}" of market "${ms.id}"`;
}

/**
 * Aave v3 liquidationCall on one collateral/debt pair, as pure functions of numbers (whole tokens, USD prices):
 * LiquidationLogic.executeLiquidationCall of aave/aave-v3-core (3.0) and aave-dao/aave-v3-origin (3.3 and later).
 *
 * 3.0: close factor 50% of the debt reserve's balance while HF > 0.95, 100% at or below; no dust rule, no deficit.
 * 3.3: the whole debt reserve may be repaid, except while HF > 0.95 and the collateral reserve and the debt reserve
 *      are each worth >= $2,000: then at most 50% of the TOTAL debt value (capped at the reserve). A partial
 *      liquidation (debt reserve not repaid in full, collateral reserve not seized in full) must leave >= $1,000 of
 *      each, else it reverts (MustNotLeaveDust). When the collateral taken was the position's last, the debt left
 *      is written off as the reserves' deficit.
 * The leftover-collateral test counts the protocol fee as gone (balance − liquidator's share − protocol fee), as the
 * v3.3.0 contract already does (aave-v3-origin executeLiquidationCall, MIN_LEFTOVER_BASE).
 * The rules are the lender's (src/protocols/lender/rules.ts) under each version's data (rules.ts); these are the
 * contract-named forms of them on a `LiquidationPair`.
 */
import { checkAmount, collateralToLiquidate, BALANCE_SNAP } from '../shared/collateral.js';
import { debtAt } from '../position-store.js';
import type { AccountData } from '../shared/health.js';
import * as lender from '../lender/rules.js';
import type { LenderMarketState } from '../lender/state.js';
import { MIN_LEFTOVER_BASE, type AaveVersion } from './constants.js';
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from '../shared/health.js';
import { AAVE_V3_RULES } from './rules.js';

const rulesOf = (v33: boolean): lender.LenderRules => AAVE_V3_RULES[v33 ? '3.3' : '3.0'];

/** What liquidationCall reads about the borrower and the pair. */
export interface LiquidationPair {
  version: AaveVersion;
  healthFactor: number;
  /** USD value of all the position's collateral and debt at the oracle prices (calculateUserAccountData). */
  totalCollateralUsd: number;
  totalDebtUsd: number;
  /** The position's balance of the collateral reserve and its debt in the debt reserve, whole tokens. */
  userCollateralBalance: number;
  userReserveDebt: number;
  collateralPrice: number;
  debtPrice: number;
  /** The excess (0.05 for 10500); the e-mode's when the position and the collateral are in the same e-mode. */
  liquidationBonus: number;
  /** The collateral reserve's liquidationProtocolFee: the treasury's share of the bonus. */
  liquidationProtocolFee: number;
}

export interface LiquidationResult {
  /** Debt repaid by the liquidator (actualDebtToLiquidate). */
  actualDebtToLiquidate: number;
  /** Collateral leaving the position: to the liquidator + protocol fee. */
  seized: number;
  /** Collateral to the liquidator (actualCollateralToLiquidate). */
  actualCollateralToLiquidate: number;
  liquidationProtocolFeeAmount: number;
  /** 3.3: the collateral taken was all the position had left (hasNoCollateralLeft). */
  hasNoCollateralLeft: boolean;
  /** 3.3: the debt reserve's balance written off as deficit (the other reserves' debts go too: the caller's job). */
  deficit: number;
}

export function checkPair(where: string, p: LiquidationPair): void {
  if (p.version !== '3.0' && p.version !== '3.3') throw new Error(`${where}: version must be '3.0' or '3.3', got ${String(p.version)}`);
  checkAmount(where, 'healthFactor', p.healthFactor);
  checkAmount(where, 'totalCollateralUsd', p.totalCollateralUsd);
  checkAmount(where, 'totalDebtUsd', p.totalDebtUsd);
  checkAmount(where, 'userCollateralBalance', p.userCollateralBalance);
  checkAmount(where, 'userReserveDebt', p.userReserveDebt);
  checkAmount(where, 'collateralPrice', p.collateralPrice, true);
  checkAmount(where, 'debtPrice', p.debtPrice, true);
  checkAmount(where, 'liquidationBonus', p.liquidationBonus);
  if (!(p.liquidationProtocolFee >= 0 && p.liquidationProtocolFee <= 1)) throw new Error(`${where}: liquidationProtocolFee must be in [0, 1], got ${p.liquidationProtocolFee}`);
}

/**
 * The most of the debt reserve liquidationCall lets one call repay (before the collateral cap):
 * 3.0 LiquidationLogic._calculateDebt, 3.3 the maxLiquidatableDebt block of executeLiquidationCall.
 */
export function maxLiquidatableDebt(p: LiquidationPair): number {
  return maxLiquidatableDebtOf(p.version === '3.3', p.healthFactor, p.totalDebtUsd, p.userCollateralBalance, p.userReserveDebt, p.collateralPrice, p.debtPrice);
}

/** maxLiquidatableDebt, positional (`v33`: version 3.3). */
export function maxLiquidatableDebtOf(v33: boolean, healthFactor: number, totalDebtUsd: number, balance: number, reserveDebt: number, collateralPrice: number, debtPrice: number): number {
  return lender.maxLiquidatableDebtOf(rulesOf(v33), healthFactor, totalDebtUsd, balance, reserveDebt, collateralPrice, debtPrice);
}

/** 3.3's MustNotLeaveDust test for a liquidation that repays `repaid` and seizes `seized` (fee included). */
export function leavesDust(p: LiquidationPair, repaid: number, seized: number): boolean {
  return leavesDustOf(p.version === '3.3', p.userReserveDebt, p.userCollateralBalance, p.collateralPrice, p.debtPrice, repaid, seized);
}

export function leavesDustOf(v33: boolean, reserveDebt: number, balance: number, collateralPrice: number, debtPrice: number, repaid: number, seized: number): boolean {
  return lender.leavesDustOf(rulesOf(v33), reserveDebt, balance, collateralPrice, debtPrice, repaid, seized);
}

/**
 * The largest partial repay that leaves >= $1,000 of both the debt reserve and the collateral reserve (3.3), or 0
 * when none does; nudged down until `leavesDust` agrees, so that float rounding never makes it a dust partial.
 */
export function largestDustFreeRepay(p: LiquidationPair): number {
  return largestDustFreeRepayOf(p.userReserveDebt, p.userCollateralBalance, p.collateralPrice, p.debtPrice, p.liquidationBonus);
}

export function largestDustFreeRepayOf(reserveDebt: number, balance: number, collateralPrice: number, debtPrice: number, bonus: number): number {
  return lender.largestDustFreeRepayOf(AAVE_V3_RULES['3.3'], reserveDebt, balance, collateralPrice, debtPrice, bonus);
}

/**
 * The largest repay <= `debtToCover` (a repay within 1e-12 relative of the reserve's balance is the balance) that liquidationCall accepts and what it actually repays: the close factor and
 * the collateral cap as the contract applies them; under 3.3 a dust-leaving partial is lowered to the largest
 * partial that leaves none (the contract would revert; a liquidator then asks for that amount instead).
 */
export function acceptedRepay(p: LiquidationPair, debtToCover: number): number {
  return acceptedRepayOf(p.version === '3.3', p.healthFactor, p.totalDebtUsd, p.userCollateralBalance, p.userReserveDebt, p.collateralPrice, p.debtPrice, p.liquidationBonus, debtToCover);
}

export function acceptedRepayOf(v33: boolean, healthFactor: number, totalDebtUsd: number, balance: number, reserveDebt: number, collateralPrice: number, debtPrice: number, bonus: number, debtToCover: number): number {
  return lender.acceptedRepayOf(rulesOf(v33), healthFactor, totalDebtUsd, balance, reserveDebt, collateralPrice, debtPrice, bonus, debtToCover);
}

/** The largest repay the rules allow on this pair now (what a liquidator asking for type(uint256).max gets). */
export function maxAcceptedRepay(p: LiquidationPair): number {
  return acceptedRepay(p, p.userReserveDebt);
}

/**
 * LiquidationLogic.executeLiquidationCall on numbers: validates (HF < 1, debt and collateral present), applies the
 * close factor and the collateral cap to `debtToCover`, reverts on dust (3.3), and returns the amounts moved.
 */
export function executeLiquidationCall(p: LiquidationPair & { debtToCover: number }): LiquidationResult {
  const f = 'executeLiquidationCall';
  checkPair(f, p);
  checkAmount(f, 'debtToCover', p.debtToCover);
  if (!(p.healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD)) throw new Error(`${f}: health factor must be below 1 (HealthFactorNotBelowThreshold), got ${p.healthFactor}`);
  if (p.userReserveDebt === 0) throw new Error(`${f}: the position has no debt in this reserve (SpecifiedCurrencyNotBorrowedByUser)`);
  if (p.userCollateralBalance === 0) throw new Error(`${f}: the position has no balance of this collateral (CollateralCannotBeLiquidated)`);
  let r = Math.min(p.debtToCover, maxLiquidatableDebt(p));
  if (r >= p.userReserveDebt * (1 - BALANCE_SNAP)) r = p.userReserveDebt;
  const c = collateralToLiquidate(r, p.debtPrice, p.collateralPrice, p.userCollateralBalance, p.liquidationBonus, p.liquidationProtocolFee);
  if (leavesDust(p, c.debtAmountNeeded, c.seized))
    throw new Error(
      `${f}: repaying ${c.debtAmountNeeded} would leave less than $${MIN_LEFTOVER_BASE} of debt or collateral (MustNotLeaveDust); repay all, seize all, or at most ${largestDustFreeRepay(p)}`,
    );
  return liquidationResult(p, c.debtAmountNeeded, c);
}

/** The amounts of a liquidation that repays `repaid` (already accepted), with 3.3's deficit. */
export function liquidationResult(p: LiquidationPair, repaid: number, c: { seized: number; collateralAmount: number; liquidationProtocolFeeAmount: number }): LiquidationResult {
  const hasNoCollateralLeft = p.version === '3.3' && c.seized === p.userCollateralBalance && p.totalCollateralUsd <= c.seized * p.collateralPrice * (1 + BALANCE_SNAP);
  const outstanding = p.userReserveDebt - repaid;
  return {
    actualDebtToLiquidate: repaid,
    seized: c.seized,
    actualCollateralToLiquidate: c.collateralAmount,
    liquidationProtocolFeeAmount: c.liquidationProtocolFeeAmount,
    hasNoCollateralLeft,
    deficit: hasNoCollateralLeft && outstanding > 0 ? outstanding : 0,
  };
}

/** The liquidationCall inputs of position i of a pool on the pair (collateral entry kc, debt entry kd). */
export function liquidationPairOf(ms: LenderMarketState<AaveVersion>, i: number, kc: number, kd: number, prices: Float64Array, data: AccountData): LiquidationPair {
  const s = ms.store;
  const c = s.collAsset[kc]!;
  const row = ms.emodeRow[s.emode[i]!]! * ms.assetCount;
  return {
    version: ms.version,
    healthFactor: data.healthFactor,
    totalCollateralUsd: data.totalCollateralUsd,
    totalDebtUsd: data.totalDebtUsd,
    userCollateralBalance: s.collAmount[kc]!,
    userReserveDebt: debtAt(s, kd),
    collateralPrice: prices[c]!,
    debtPrice: prices[s.debtAsset[kd]!]!,
    liquidationBonus: ms.liquidationBonus[row + c]!,
    liquidationProtocolFee: ms.liquidationProtocolFee[c]!,
  };
}

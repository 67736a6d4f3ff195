/**
 * The earlier generation's liquidation call on one collateral/debt pair, as pure functions of numbers:
 * Aave v2 LendingPoolCollateralManager.liquidationCall (close factor LIQUIDATION_CLOSE_FACTOR_PERCENT = 50% of the
 * debt reserve, the collateral cap of _calculateAvailableCollateralToLiquidate, no protocol fee) and Compound v2
 * Comptroller.liquidateBorrowAllowed (repay <= closeFactorMantissa × borrow balance) with
 * liquidateCalculateSeizeTokens (seize = repay × liquidationIncentive × priceBorrowed / priceCollateral). Isolated
 * single-collateral lenders (Fraxlend pairs, Abracadabra cauldrons) are the one-collateral case with their own
 * close factor. No dust rule, no deficit: debt left without collateral stays on the books. The rule is the lender's
 * (src/protocols/lender/rules.ts) under a constant close factor; these are its contract-named forms.
 */
import { checkAmount, collateralToLiquidate } from '../shared/collateral.js';
import { debtAt } from '../position-store.js';
import { acceptedRepayOf, constantCloseFactor } from '../lender/rules.js';
import type { LenderMarketState } from '../lender/state.js';

export interface GenericLiquidationPair {
  healthFactor: number;
  closeFactor: number;
  userCollateralBalance: number;
  userReserveDebt: number;
  collateralPrice: number;
  debtPrice: number;
  /** The excess (0.05 = 5%; Compound v2's liquidationIncentiveMantissa 1.08e18 is 0.08). */
  liquidationBonus: number;
}

export interface GenericLiquidationResult {
  actualDebtToLiquidate: number;
  /** Collateral leaving the position, all to the liquidator. */
  seized: number;
}

export function checkGenericPair(where: string, p: GenericLiquidationPair): void {
  checkAmount(where, 'healthFactor', p.healthFactor);
  if (!(p.closeFactor > 0 && p.closeFactor <= 1)) throw new Error(`${where}: closeFactor must be in (0, 1], got ${p.closeFactor}`);
  checkAmount(where, 'userCollateralBalance', p.userCollateralBalance);
  checkAmount(where, 'userReserveDebt', p.userReserveDebt);
  checkAmount(where, 'collateralPrice', p.collateralPrice, true);
  checkAmount(where, 'debtPrice', p.debtPrice, true);
  checkAmount(where, 'liquidationBonus', p.liquidationBonus);
}

/** Compound v2 Comptroller.liquidateCalculateSeizeTokens in whole tokens: repay × (1 + bonus) × priceBorrowed / priceCollateral. */
export function liquidateCalculateSeizeTokens(p: { actualRepayAmount: number; priceBorrowed: number; priceCollateral: number; liquidationBonus: number }): number {
  const f = 'liquidateCalculateSeizeTokens';
  checkAmount(f, 'actualRepayAmount', p.actualRepayAmount);
  checkAmount(f, 'priceBorrowed', p.priceBorrowed, true);
  checkAmount(f, 'priceCollateral', p.priceCollateral, true);
  checkAmount(f, 'liquidationBonus', p.liquidationBonus);
  return (p.actualRepayAmount * (1 + p.liquidationBonus) * p.priceBorrowed) / p.priceCollateral;
}

/**
 * The repay liquidationCall makes for `debtToCover`: capped at closeFactor × the debt reserve (a repay within
 * 1e-12 relative of the whole reserve is the whole reserve), then at what the collateral balance covers with its bonus.
 */
export function genericAcceptedRepay(p: GenericLiquidationPair, debtToCover: number): number {
  return genericAcceptedRepayOf(p.closeFactor, p.userCollateralBalance, p.userReserveDebt, p.collateralPrice, p.debtPrice, p.liquidationBonus, debtToCover);
}

/** genericAcceptedRepay, positional. */
export function genericAcceptedRepayOf(closeFactor: number, balance: number, reserveDebt: number, collateralPrice: number, debtPrice: number, bonus: number, debtToCover: number): number {
  // A constant close factor reads neither the health factor nor the total debt.
  return acceptedRepayOf(constantCloseFactor(closeFactor), 0, 0, balance, reserveDebt, collateralPrice, debtPrice, bonus, debtToCover);
}

/** LendingPoolCollateralManager.liquidationCall on numbers: HF < 1, close factor, collateral cap. */
export function liquidationCall(p: GenericLiquidationPair & { debtToCover: number }): GenericLiquidationResult {
  const f = 'liquidationCall';
  checkGenericPair(f, p);
  checkAmount(f, 'debtToCover', p.debtToCover);
  if (!(p.healthFactor < 1)) throw new Error(`${f}: health factor must be below 1 (HEALTH_FACTOR_NOT_BELOW_THRESHOLD), got ${p.healthFactor}`);
  if (p.userReserveDebt === 0) throw new Error(`${f}: the position has no debt in this reserve (SPECIFIED_CURRENCY_NOT_BORROWED_BY_USER)`);
  if (p.userCollateralBalance === 0) throw new Error(`${f}: the position has no balance of this collateral (COLLATERAL_CANNOT_BE_LIQUIDATED)`);
  const r = genericAcceptedRepay(p, p.debtToCover);
  const c = collateralToLiquidate(r, p.debtPrice, p.collateralPrice, p.userCollateralBalance, p.liquidationBonus, 0);
  return { actualDebtToLiquidate: c.debtAmountNeeded, seized: c.seized };
}

/** The liquidationCall inputs of a market's collateral entry kc and debt entry kd at `prices`. */
export function genericPairOf(ms: LenderMarketState, kc: number, kd: number, prices: Float64Array, healthFactor: number): GenericLiquidationPair {
  const s = ms.store;
  const c = s.collAsset[kc]!;
  return {
    healthFactor,
    closeFactor: ms.rules.closeFactor,
    userCollateralBalance: s.collAmount[kc]!,
    userReserveDebt: debtAt(s, kd),
    collateralPrice: prices[c]!,
    debtPrice: prices[s.debtAsset[kd]!]!,
    liquidationBonus: ms.liquidationBonus[c]!,
  };
}

/**
 * The close factor, dust and deficit rules of the pool lenders as data (docs/protocols.md "One store-based lender"):
 * Aave v3.0 and v3.3 (LiquidationLogic.executeLiquidationCall of aave/aave-v3-core and aave-dao/aave-v3-origin),
 * Aave v2 and Compound v2 (a constant close factor: LendingPoolCollateralManager.liquidationCall,
 * Comptroller.liquidateBorrowAllowed). Each family's folder states its versions' `LenderRules`; the functions below
 * are the one liquidationCall they all run, on numbers (whole tokens, USD prices).
 *
 *   max repay   while HF > closeFactorHealthFactor and both reserves are worth >= minBaseMaxCloseFactorUsd:
 *               closeFactor × the debt reserve ('reserve') or × the total debt value, capped at the reserve
 *               ('totalDebt'); otherwise maxCloseFactor × the debt reserve;
 *   dust        a partial liquidation (neither reserve taken whole) must leave >= minLeftoverUsd of each (0: no rule);
 *   deficit     when the collateral taken was the position's last, the debt left is written off (`deficit`).
 */
import { BALANCE_SNAP, repaidFor, repaidForSeized, repayToSeizeAll, seizedFor } from '../shared/collateral.js';

export interface LenderRules {
  /** Share of the debt one call may repay while HF > closeFactorHealthFactor (Aave v3 0.5; Aave v2 / Compound v2: the market's). */
  closeFactor: number;
  /** Share of the debt reserve at or below closeFactorHealthFactor or below the size threshold (Aave v3 1; a constant close factor: closeFactor). */
  maxCloseFactor: number;
  /** Health factor at or below which maxCloseFactor applies (Aave v3 0.95). */
  closeFactorHealthFactor: number;
  /** What closeFactor is a share of: the debt reserve (Aave 3.0, v2, Compound v2) or the total debt value (Aave 3.3). */
  closeFactorBase: 'reserve' | 'totalDebt';
  /** USD below which the collateral or the debt reserve is liquidated at maxCloseFactor (Aave 3.3 2,000; 0: never). */
  minBaseMaxCloseFactorUsd: number;
  /** USD a partial liquidation must leave of the debt and of the collateral reserve (Aave 3.3 1,000; 0: no dust rule). */
  minLeftoverUsd: number;
  /** The debt left when a position's last collateral is taken is written off as the reserves' deficit (Aave 3.3). */
  deficit: boolean;
}

/**
 * A copy of a family's rules in one hidden class for every family (a market's copy: lender/state.ts), its numbers
 * stored as doubles (first written NaN: util/doubles.ts), so that the code reading them stays monomorphic across lenders.
 */
export function lenderRules(r: LenderRules): LenderRules {
  const out: LenderRules = { closeFactor: Number.NaN, maxCloseFactor: Number.NaN, closeFactorHealthFactor: Number.NaN, closeFactorBase: r.closeFactorBase, minBaseMaxCloseFactorUsd: Number.NaN, minLeftoverUsd: Number.NaN, deficit: r.deficit };
  out.closeFactor = r.closeFactor;
  out.maxCloseFactor = r.maxCloseFactor;
  out.closeFactorHealthFactor = r.closeFactorHealthFactor;
  out.minBaseMaxCloseFactorUsd = r.minBaseMaxCloseFactorUsd;
  out.minLeftoverUsd = r.minLeftoverUsd;
  return out;
}

/** A constant close factor (Aave v2, Compound v2, isolated lenders): no threshold, no dust rule, no deficit. */
export function constantCloseFactor(closeFactor: number): LenderRules {
  return { closeFactor, maxCloseFactor: closeFactor, closeFactorHealthFactor: 1, closeFactorBase: 'reserve', minBaseMaxCloseFactorUsd: 0, minLeftoverUsd: 0, deficit: false };
}

/** The most of the debt reserve one call may repay, before the collateral cap. */
export function maxLiquidatableDebtOf(rules: LenderRules, healthFactor: number, totalDebtUsd: number, balance: number, reserveDebt: number, collateralPrice: number, debtPrice: number): number {
  const min = rules.minBaseMaxCloseFactorUsd;
  if (healthFactor > rules.closeFactorHealthFactor && balance * collateralPrice >= min && reserveDebt * debtPrice >= min) {
    if (rules.closeFactorBase === 'reserve') return reserveDebt * rules.closeFactor;
    const capUsd = totalDebtUsd * rules.closeFactor;
    if (reserveDebt * debtPrice > capUsd) return capUsd / debtPrice;
    return reserveDebt;
  }
  return reserveDebt * rules.maxCloseFactor;
}

/** Whether a liquidation that repays `repaid` and seizes `seized` (fee included) leaves dust the rules refuse. */
export function leavesDustOf(rules: LenderRules, reserveDebt: number, balance: number, collateralPrice: number, debtPrice: number, repaid: number, seized: number): boolean {
  const min = rules.minLeftoverUsd;
  if (!(min > 0)) return false;
  if (repaid >= reserveDebt || seized >= balance) return false;
  return (reserveDebt - repaid) * debtPrice < min || (balance - seized) * collateralPrice < min;
}

/**
 * The largest partial repay that leaves >= minLeftoverUsd of both reserves, or 0 when none does; nudged down until
 * `leavesDustOf` agrees, so that float rounding never makes it a dust partial.
 */
export function largestDustFreeRepayOf(rules: LenderRules, reserveDebt: number, balance: number, collateralPrice: number, debtPrice: number, bonus: number): number {
  const min = rules.minLeftoverUsd;
  const byDebt = reserveDebt - min / debtPrice;
  const byCollateral = repayToSeizeAll(balance - min / collateralPrice, debtPrice, collateralPrice, bonus);
  let r = Math.min(byDebt, byCollateral);
  for (let k = 0; k < 8 && r > 0; k++) {
    const repaid = repaidFor(r, debtPrice, collateralPrice, balance, bonus);
    if (!leavesDustOf(rules, reserveDebt, balance, collateralPrice, debtPrice, repaid, seizedFor(r, debtPrice, collateralPrice, balance, bonus))) return repaid;
    r *= 1 - 1e-12 * 2 ** k;
  }
  return 0;
}

/**
 * The largest repay <= `debtToCover` the call accepts and what it actually repays: the close factor (a repay within
 * 1e-12 relative of the reserve is the reserve) and the collateral cap; a dust-leaving partial is lowered to the
 * largest partial that leaves none (the contract would revert; a liquidator then asks for that amount instead).
 */
export function acceptedRepayOf(
  rules: LenderRules,
  healthFactor: number,
  totalDebtUsd: number,
  balance: number,
  reserveDebt: number,
  collateralPrice: number,
  debtPrice: number,
  bonus: number,
  debtToCover: number,
): number {
  let r = Math.min(debtToCover, maxLiquidatableDebtOf(rules, healthFactor, totalDebtUsd, balance, reserveDebt, collateralPrice, debtPrice));
  if (r >= reserveDebt * (1 - BALANCE_SNAP)) r = reserveDebt;
  if (!(r > 0)) return 0;
  const seized = seizedFor(r, debtPrice, collateralPrice, balance, bonus);
  const repaid = repaidForSeized(r, seized, debtPrice, collateralPrice, balance, bonus);
  if (!(rules.minLeftoverUsd > 0) || !leavesDustOf(rules, reserveDebt, balance, collateralPrice, debtPrice, repaid, seized)) return repaid;
  return Math.min(repaid, largestDustFreeRepayOf(rules, reserveDebt, balance, collateralPrice, debtPrice, bonus));
}

/** The largest share of a position's debt one offer may repay (listing.ts OfferBound): 1 when it rounds to the whole debt. */
export function closeFactorBound(rules: LenderRules): number {
  const cf = Math.max(rules.closeFactor, rules.maxCloseFactor);
  return cf >= 1 - BALANCE_SNAP ? 1 : cf;
}

/**
 * The close factor above a health factor for every position (listing-margin.ts CloseFactorStep), written to `out`:
 * Aave v3.0's closeFactor of the reserve while HF > closeFactorHealthFactor. False where it does not hold for every
 * position: no step (a constant close factor), or a size threshold (Aave 3.3: below minBaseMaxCloseFactorUsd, the whole).
 */
export function closeFactorStepOf(rules: LenderRules, out: { healthFactor: number; closeFactor: number }): boolean {
  if (!(rules.closeFactor < rules.maxCloseFactor) || rules.minBaseMaxCloseFactorUsd > 0) return false;
  out.healthFactor = rules.closeFactorHealthFactor;
  out.closeFactor = rules.closeFactor;
  return true;
}

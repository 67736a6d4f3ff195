/**
 * A market's borrowable reserves as the position-based engines run them: totals, the compiled rate curve of
 * `src/protocols/rates` (the contracts' curves and accrual conventions) and its state, so that the engines expose
 * utilisation and the borrow rate (DESIGN §4) and grow every borrower's debt alike each round.
 */
import type { Protocol } from '../../network/schema/network.js';
import type { Borrowable } from '../../network/schema/protocol/shared.js';
import { accrualFactor, accrueTotals, borrowRate, compileRateModel, utilization, type AccrualConvention, type RateCurve } from '../rates/index.js';

export interface BorrowableState {
  asset: number;
  curve: RateCurve;
  /** Total supplied, whole tokens (0 when the fixture gives none: the rate module then reads utilisation 1). */
  supply: number;
  /** Total owed by the market's positions, whole tokens. */
  totalDebt: number;
  /** The curve's state (Fraxlend full-utilisation rate, Morpho rate at target), 0 for stateless curves. */
  rateState: number;
  /** Annual borrow rate charged over the last accrual (at compile: the rate now). */
  borrowRate: number;
  /** debt ÷ supply at the last accrual or compile. */
  utilization: number;
}

/** Compiles one borrowable; `where` names the caller in errors; `convention` overrides the family's (accrualConventionOf). */
export function borrowableState(where: string, family: Protocol['family'], asset: number, b: Borrowable, totalDebt: number, convention?: AccrualConvention): BorrowableState {
  let curve: RateCurve;
  try {
    curve = compileRateModel(b.rateModel, { family, reserveFactor: b.reserveFactor ?? 0, ...(convention ? { convention } : {}) });
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  const supply = b.supply ?? 0;
  const u = utilization(supply, totalDebt);
  return { asset, curve, supply, totalDebt, rateState: curve.initialState, borrowRate: borrowRate(curve, curve.initialState, u), utilization: u };
}

/**
 * Accrues `seconds` on a borrowable (priced at the utilisation at the start, as the contracts do) and returns the
 * factor every position's debt in it grows by.
 */
export function accrueBorrowable(b: BorrowableState, seconds: number): number {
  const step = accrueTotals({ curve: b.curve, state: b.rateState, supply: b.supply, debt: b.totalDebt, seconds });
  b.utilization = step.utilization;
  b.borrowRate = step.borrowRate;
  b.rateState = step.state;
  b.totalDebt = step.debt;
  b.supply = step.supply;
  return accrualFactor(b.curve.convention, step.borrowRate, seconds);
}

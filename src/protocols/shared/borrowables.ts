/**
 * A market's borrowable reserves as the position-based engines run them: totals, the compiled rate curve of
 * `src/protocols/rates` (the contracts' curves and accrual conventions) and its state, so that the engines expose
 * utilisation and the borrow rate (DESIGN §4) and grow every borrower's debt alike each round.
 */
import type { Protocol } from '../../network/schema/network.js';
import type { Borrowable } from '../../network/schema/protocol/shared.js';
import { borrowRate, compileRateModel, utilization, type AccrualConvention, type RateCurve } from '../rates/index.js';
import { ACC_BORROW_RATE, ACC_DEBT, ACC_PER_UNIT, ACC_SLOTS, ACC_STATE, ACC_SUPPLY, ACC_UTILIZATION, accrueTotalsInto } from '../rates/step.js';

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
  const out = accrued;
  accrueTotalsInto(b.curve, b.rateState, b.supply, b.totalDebt, seconds, out);
  b.utilization = out[ACC_UTILIZATION]!;
  b.borrowRate = out[ACC_BORROW_RATE]!;
  b.rateState = out[ACC_STATE]!;
  b.totalDebt = out[ACC_DEBT]!;
  b.supply = out[ACC_SUPPLY]!;
  // accrualFactor(convention, borrowRate, seconds): the per-unit interest accrueTotals computed once.
  return 1 + out[ACC_PER_UNIT]!;
}

/** accrueBorrowable's scratch (written and read within one call). */
const accrued = new Float64Array(ACC_SLOTS);

/**
 * Comet's solvency test (compound-finance/comet contracts/Comet.sol `isLiquidatable`; docs.compound.finance
 * "Liquidation"): an account that borrows the base asset is liquidatable when
 *   Σ collateral·price·liquidateCollateralFactor < borrowBalance·basePrice,
 * every price from the Comet's price feeds (the oracle). A supplier (no borrow) is never liquidatable.
 */

/** One collateral holding of an account, with its price and its `liquidateCollateralFactor`. */
export interface CometHolding {
  amount: number;
  price: number;
  liquidateCollateralFactor: number;
}

/** Σ amount·price·liquidateCollateralFactor in USD: the collateral value Comet weighs against the borrow. */
export function liquidationCollateralValue(holdings: readonly CometHolding[]): number {
  let v = 0;
  for (const h of holdings) {
    if (!(h.amount >= 0) || !(h.price > 0) || !(h.liquidateCollateralFactor > 0 && h.liquidateCollateralFactor <= 1))
      throw new Error(`liquidationCollateralValue: expected amount >= 0, price > 0 and liquidateCollateralFactor in (0, 1], got ${h.amount}, ${h.price}, ${h.liquidateCollateralFactor}`);
    v += h.amount * h.price * h.liquidateCollateralFactor;
  }
  return v;
}

export interface IsLiquidatableArgs {
  /** Base tokens owed (present value of the negative principal), >= 0. */
  borrowBalance: number;
  basePrice: number;
  /** Σ collateral·price·liquidateCollateralFactor, USD (see `liquidationCollateralValue`). */
  liquidationCollateralValue: number;
}

function check(fn: string, a: IsLiquidatableArgs): void {
  if (!(a.borrowBalance >= 0) || !Number.isFinite(a.borrowBalance)) throw new Error(`${fn}: borrowBalance must be a finite number >= 0, got ${a.borrowBalance}`);
  if (!(a.basePrice > 0) || !Number.isFinite(a.basePrice)) throw new Error(`${fn}: basePrice must be a finite number > 0, got ${a.basePrice}`);
  if (!(a.liquidationCollateralValue >= 0) || !Number.isFinite(a.liquidationCollateralValue))
    throw new Error(`${fn}: liquidationCollateralValue must be a finite number >= 0, got ${a.liquidationCollateralValue}`);
}

/** Comet.isLiquidatable: liquidity = Σ c·p·LCF − borrow·basePrice < 0 (a non-borrower is never liquidatable). */
export function isLiquidatable(a: IsLiquidatableArgs): boolean {
  check('isLiquidatable', a);
  if (a.borrowBalance === 0) return false;
  return a.liquidationCollateralValue - a.borrowBalance * a.basePrice < 0;
}

/**
 * The health factor the engine reports for a Comet account: Σ c·p·LCF / (borrow·basePrice), < 1 exactly when
 * `isLiquidatable`; Number.MAX_VALUE for an account that borrows nothing.
 */
export function cometHealthFactor(a: IsLiquidatableArgs): number {
  check('cometHealthFactor', a);
  if (a.borrowBalance === 0) return Number.MAX_VALUE;
  return Math.min(Number.MAX_VALUE, a.liquidationCollateralValue / (a.borrowBalance * a.basePrice));
}

/**
 * Morpho Blue's health check (morpho-org/morpho-blue src/Morpho.sol `_isHealthy`): a position is healthy while
 *   maxBorrow = collateral·price·lltv >= borrowed,
 * `price` being the oracle's price of one collateral token in loan tokens (IOracle.price / ORACLE_PRICE_SCALE).
 */

export interface IsHealthyArgs {
  /** Loan tokens owed, >= 0. */
  borrowed: number;
  /** Collateral tokens posted, >= 0. */
  collateral: number;
  /** Loan tokens per collateral token (the market oracle). */
  collateralPrice: number;
  lltv: number;
}

function check(fn: string, a: IsHealthyArgs): void {
  if (!(a.borrowed >= 0) || !Number.isFinite(a.borrowed)) throw new Error(`${fn}: borrowed must be a finite number >= 0, got ${a.borrowed}`);
  if (!(a.collateral >= 0) || !Number.isFinite(a.collateral)) throw new Error(`${fn}: collateral must be a finite number >= 0, got ${a.collateral}`);
  if (!(a.collateralPrice > 0) || !Number.isFinite(a.collateralPrice)) throw new Error(`${fn}: collateralPrice must be a finite number > 0, got ${a.collateralPrice}`);
  if (!(a.lltv > 0 && a.lltv < 1)) throw new Error(`${fn}: lltv must be in (0, 1), got ${a.lltv}`);
}

/** Morpho._isHealthy: true when nothing is borrowed or collateral·price·lltv >= borrowed. */
export function isHealthy(a: IsHealthyArgs): boolean {
  check('isHealthy', a);
  if (a.borrowed === 0) return true;
  return a.collateral * a.collateralPrice * a.lltv >= a.borrowed;
}

/** collateral·price·lltv / borrowed: < 1 exactly when not healthy; Number.MAX_VALUE with nothing borrowed. */
export function morphoHealthFactor(a: IsHealthyArgs): number {
  check('morphoHealthFactor', a);
  if (a.borrowed === 0) return Number.MAX_VALUE;
  return Math.min(Number.MAX_VALUE, (a.collateral * a.collateralPrice * a.lltv) / a.borrowed);
}

/**
 * Comet's absorption (compound-finance/comet contracts/Comet.sol `absorbInternal`; docs.compound.finance
 * "Liquidation"): the protocol takes every collateral of a liquidatable account and credits
 *   deltaBalance = Σ amount·price·liquidationFactor / basePrice
 * base tokens to it. The new balance −borrow + deltaBalance is floored at 0: any excess stays with the borrower as
 * base supply, a shortfall is absorbed by the reserves. Reserves fall by `basePaidOut` = newBalance − oldBalance
 * (the contract's comment: "the amount of debt repaid by reserves"), and may go negative.
 * What the engine books as bad debt is the debt with no collateral value behind it at the oracle prices,
 * max(0, borrow − Σ amount·price / basePrice): below that the reserves hold collateral worth what they paid.
 */

export interface AbsorbCollateral {
  amount: number;
  price: number;
  liquidationFactor: number;
}

export interface AbsorbArgs {
  /** Base tokens owed, > 0. */
  borrowBalance: number;
  basePrice: number;
  collaterals: readonly AbsorbCollateral[];
}

export interface AbsorbResult {
  /** Base tokens credited per collateral (amount·price·liquidationFactor / basePrice), in the input order. */
  credited: number[];
  /** Σ credited. */
  deltaBalance: number;
  /** Base supply left to the borrower: max(0, deltaBalance − borrowBalance) (`repayAndSupplyAmount` supply part). */
  supplyAmount: number;
  /** Debt written off with nothing behind it: max(0, borrowBalance − deltaBalance), eaten by the reserves. */
  shortfall: number;
  /** newBalance − oldBalance = max(borrowBalance, deltaBalance): what the reserves pay out. */
  basePaidOut: number;
  /** max(0, borrowBalance − Σ amount·price / basePrice): debt with no collateral value behind it (booked as bad debt). */
  uncoveredDebt: number;
  /** borrowBalance − uncoveredDebt: the debt extinguished with collateral value behind it (the engine's `repaid`). */
  repaid: number;
}

/** Comet.absorbInternal for one account: the whole account, every collateral, no close factor. */
export function absorbInternal({ borrowBalance, basePrice, collaterals }: AbsorbArgs): AbsorbResult {
  if (!(borrowBalance > 0) || !Number.isFinite(borrowBalance)) throw new Error(`absorbInternal: borrowBalance must be a finite number > 0 (Comet absorbs only borrowers), got ${borrowBalance}`);
  if (!(basePrice > 0) || !Number.isFinite(basePrice)) throw new Error(`absorbInternal: basePrice must be a finite number > 0, got ${basePrice}`);
  const credited: number[] = [];
  let deltaBalance = 0;
  let value = 0;
  for (const c of collaterals) {
    if (!(c.amount >= 0) || !(c.price > 0) || !(c.liquidationFactor >= 0 && c.liquidationFactor <= 1) || !Number.isFinite(c.amount * c.price))
      throw new Error(`absorbInternal: expected collateral amount >= 0, price > 0 and liquidationFactor in [0, 1], got ${c.amount}, ${c.price}, ${c.liquidationFactor}`);
    const x = (c.amount * c.price * c.liquidationFactor) / basePrice;
    credited.push(x);
    deltaBalance += x;
    value += (c.amount * c.price) / basePrice;
  }
  return {
    credited,
    deltaBalance,
    supplyAmount: Math.max(0, deltaBalance - borrowBalance),
    shortfall: Math.max(0, borrowBalance - deltaBalance),
    basePaidOut: Math.max(borrowBalance, deltaBalance),
    uncoveredDebt: Math.max(0, borrowBalance - value),
    repaid: borrowBalance - Math.max(0, borrowBalance - value),
  };
}

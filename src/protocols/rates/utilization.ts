/**
 * Utilisation of a lending pool from its supplied and borrowed totals: Aave's borrow usage ratio
 * totalDebt / (availableLiquidity + totalDebt) (DefaultReserveInterestRateStrategyV2.calculateInterestRates),
 * Comet.getUtilization totalBorrow / totalSupply, Morpho totalBorrowAssets / totalSupplyAssets,
 * Fraxlend totalBorrow / totalAsset — all debt ÷ supply with supply = available liquidity + debt.
 */
import { expectNonNegative } from './check.js';

/**
 * debt ÷ supply in [0, 1]: 0 with no debt (as every contract returns), 1 when the supply is at or below the
 * debt (a drained pool: withdrawals can take only the available liquidity, so supply < debt means none is left).
 */
export function utilization(supply: number, debt: number): number {
  expectNonNegative('utilization', 'supply', supply);
  expectNonNegative('utilization', 'debt', debt);
  if (debt === 0) return 0;
  if (supply <= debt) return 1;
  return debt / supply;
}

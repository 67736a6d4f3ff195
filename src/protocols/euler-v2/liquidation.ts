/**
 * Euler v2 (Euler Vault Kit) liquidation on numbers, derived from the EVK whitepaper (euler-xyz/euler-vault-kit
 * docs/whitepaper.md, "Liquidation": Discount, Maximum Discount, Cool-Off Period, Bad Debt Socialisation; "Risk
 * Management": LTV) — not from the liquidation module's code, which is under a business source licence:
 *
 *   health score      HS = Σ collateral·price·liquidationLTV / (liability·price), at mid-point (oracle) prices;
 *                     an account is in violation when HS < 1 (at HS = 1 the discount is 0);
 *   discount          1 − HS, capped at maxLiquidationDiscount: the discount factor f = max(HS, 1 − maxLiquidationDiscount);
 *   yield             the liquidator takes over `repay` of the debt and receives collateral worth repay·price / f;
 *   no close factor   the whole position is eligible: maxRepay = the liability, unless the chosen collateral is worth
 *                     less than its yield — then maxYield = that collateral and maxRepay = its value · f;
 *   socialisation     when an account in violation has no collateral left and still owes, the rest is cancelled
 *                     against the vault's depositors (unless the vault sets CFG_DONT_SOCIALIZE_DEBT).
 * In the normalised terms of DESIGN §10 the excess paid per unit of debt is 1/f − 1, at most d/(1 − d) with
 * d = maxLiquidationDiscount.
 */
import { checkAmount, repaidFor, seizedFor } from '../shared/collateral.js';

/** The discount factor f = 1 − discount: the health score, floored at 1 − maxLiquidationDiscount. */
export function discountFactor(healthScore: number, maxLiquidationDiscount: number): number {
  const floor = 1 - maxLiquidationDiscount;
  return healthScore > floor ? healthScore : floor;
}

/** The excess the liquidator receives per unit of debt taken over: 1/f − 1 (the `liquidationBonus` form of the other families). */
export function yieldExcess(healthScore: number, maxLiquidationDiscount: number): number {
  return 1 / discountFactor(healthScore, maxLiquidationDiscount) - 1;
}

export interface EulerLiquidationPair {
  /** Σ collateral·price·liquidationLTV / liability value, all collaterals of the account. */
  healthScore: number;
  maxLiquidationDiscount: number;
  /** The chosen collateral's balance, whole tokens. */
  collateralBalance: number;
  /** The account's debt to the liability vault, whole tokens. */
  liability: number;
  collateralPrice: number;
  liabilityPrice: number;
}

function checkPair(where: string, p: EulerLiquidationPair): void {
  checkAmount(where, 'healthScore', p.healthScore);
  if (!(p.maxLiquidationDiscount >= 0 && p.maxLiquidationDiscount < 1)) throw new Error(`${where}: maxLiquidationDiscount must be in [0, 1), got ${p.maxLiquidationDiscount}`);
  checkAmount(where, 'collateralBalance', p.collateralBalance);
  checkAmount(where, 'liability', p.liability);
  checkAmount(where, 'collateralPrice', p.collateralPrice, true);
  checkAmount(where, 'liabilityPrice', p.liabilityPrice, true);
}

/** checkLiquidation: the most of the debt a liquidator may take over (maxRepay) and the collateral it then receives (maxYield); 0, 0 when healthy. */
export function checkLiquidation(p: EulerLiquidationPair): { maxRepay: number; maxYield: number; discount: number } {
  checkPair('checkLiquidation', p);
  if (!(p.healthScore < 1) || p.liability === 0) return { maxRepay: 0, maxYield: 0, discount: 0 };
  const excess = yieldExcess(p.healthScore, p.maxLiquidationDiscount);
  const maxRepay = repaidFor(p.liability, p.liabilityPrice, p.collateralPrice, p.collateralBalance, excess);
  return { maxRepay, maxYield: seizedFor(maxRepay, p.liabilityPrice, p.collateralPrice, p.collateralBalance, excess), discount: 1 - discountFactor(p.healthScore, p.maxLiquidationDiscount) };
}

/** liquidate(repayAssets): the debt taken over (at most maxRepay) and the collateral received, repay·price / (f·collateral price). */
export function liquidate(p: EulerLiquidationPair & { repayAssets: number }): { repay: number; yieldBalance: number } {
  checkAmount('liquidate', 'repayAssets', p.repayAssets);
  const { maxRepay } = checkLiquidation(p);
  if (maxRepay === 0) throw new Error(`liquidate: the account is not in violation (health score ${p.healthScore} >= 1) or owes nothing (E_ExcessiveRepayAmount for any repay > 0)`);
  if (p.repayAssets > maxRepay * (1 + 1e-12)) throw new Error(`liquidate: repayAssets ${p.repayAssets} exceeds maxRepay ${maxRepay} (E_ExcessiveRepayAmount)`);
  const excess = yieldExcess(p.healthScore, p.maxLiquidationDiscount);
  const repay = Math.min(p.repayAssets, maxRepay);
  return { repay, yieldBalance: seizedFor(repay, p.liabilityPrice, p.collateralPrice, p.collateralBalance, excess) };
}

/** Whether an account may be liquidated at run time `time`: not within `liquidationCoolOffTime` of its last passed status check. */
export function pastCoolOff(time: number, lastStatusCheck: number, liquidationCoolOffTime: number): boolean {
  return time >= lastStatusCheck + liquidationCoolOffTime;
}

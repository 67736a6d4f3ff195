/**
 * Morpho Blue's liquidation (morpho-org/morpho-blue src/Morpho.sol `liquidate`): any amount of an unhealthy
 * position's debt may be repaid (no close factor); the liquidator receives
 *   seizedAssets = repaidAssets·LIF / price,
 * and no more collateral than the position holds (the contract's subtraction would revert). When the collateral
 * reaches zero with debt left, the bad debt is realised: the remaining borrow is written off and the market's total
 * supply shrinks by the same amount (the loss is socialised to the suppliers).
 * Amounts are assets, not shares: the engine keeps no share accounting, so the contract's rounding is left out.
 */
import { isHealthy } from './health.js';
import { liquidationIncentiveFactor } from './liquidation-incentive.js';

/** Relative gap under which a float amount is taken as the whole of what it is compared with. */
const WHOLE = 1e-12;

export interface LiquidationPosition {
  borrowed: number;
  collateral: number;
  /** Loan tokens per collateral token (the market oracle). */
  collateralPrice: number;
  lltv: number;
}

/** The most of the debt a liquidation can repay: min(borrowed, collateral·price / LIF) (seizing all the collateral). */
export function maxRepayable(p: LiquidationPosition): number {
  if (!(p.collateral >= 0) || !(p.borrowed >= 0) || !(p.collateralPrice > 0)) throw new Error(`maxRepayable: expected collateral >= 0, borrowed >= 0, collateralPrice > 0, got ${p.collateral}, ${p.borrowed}, ${p.collateralPrice}`);
  return Math.min(p.borrowed, (p.collateral * p.collateralPrice) / liquidationIncentiveFactor(p.lltv));
}

export interface LiquidateArgs extends LiquidationPosition {
  /** Exactly one of the two, as in the contract (`exactlyOneZero(seizedAssets, repaidShares)`), except that both may be 0 to realise the bad debt of a position without collateral. */
  repaidAssets?: number;
  seizedAssets?: number;
}

export interface LiquidateResult {
  repaidAssets: number;
  seizedAssets: number;
  /** Debt written off because the collateral reached zero (socialised to suppliers). */
  badDebt: number;
  borrowed: number;
  collateral: number;
}

/** Morpho.liquidate on one position, in assets. Throws HEALTHY_POSITION, and on an amount beyond the position. */
export function liquidate(a: LiquidateArgs): LiquidateResult {
  const lif = liquidationIncentiveFactor(a.lltv);
  if (isHealthy(a)) throw new Error(`liquidate: position is healthy (HEALTHY_POSITION): collateral ${a.collateral} × price ${a.collateralPrice} × lltv ${a.lltv} >= borrowed ${a.borrowed}`);
  const byRepay = a.repaidAssets !== undefined && a.repaidAssets > 0;
  const bySeize = a.seizedAssets !== undefined && a.seizedAssets > 0;
  if (byRepay && bySeize) throw new Error(`liquidate: give repaidAssets or seizedAssets, not both (INCONSISTENT_INPUT), got ${a.repaidAssets} and ${a.seizedAssets}`);
  for (const [name, x] of [['repaidAssets', a.repaidAssets], ['seizedAssets', a.seizedAssets]] as const)
    if (x !== undefined && (!(x >= 0) || !Number.isFinite(x))) throw new Error(`liquidate: ${name} must be a finite number >= 0, got ${x}`);
  let repaid: number;
  let seized: number;
  if (bySeize) {
    seized = a.seizedAssets!;
    repaid = (seized * a.collateralPrice) / lif;
  } else {
    repaid = a.repaidAssets ?? 0;
    seized = (repaid * lif) / a.collateralPrice;
  }
  if (repaid > a.borrowed * (1 + WHOLE)) throw new Error(`liquidate: repaid ${repaid} exceeds the position's debt ${a.borrowed}`);
  if (seized > a.collateral * (1 + WHOLE)) throw new Error(`liquidate: seized ${seized} exceeds the position's collateral ${a.collateral} (repay at most ${maxRepayable(a)})`);
  if (repaid >= a.borrowed * (1 - WHOLE)) repaid = a.borrowed;
  if (seized >= a.collateral * (1 - WHOLE)) seized = a.collateral;
  let borrowed = a.borrowed - repaid;
  const collateral = a.collateral - seized;
  let badDebt = 0;
  if (collateral === 0 && borrowed > 0) {
    badDebt = borrowed;
    borrowed = 0;
  }
  return { repaidAssets: repaid, seizedAssets: seized, badDebt, borrowed, collateral };
}

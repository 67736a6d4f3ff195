/**
 * Collateral seized for a debt repaid, with the liquidation bonus and the protocol's cut of the bonus:
 * Aave v3 LiquidationLogic._calculateAvailableCollateralToLiquidate (also Aave v2
 * LendingPoolCollateralManager._calculateAvailableCollateralToLiquidate with no fee, and Compound v2
 * Comptroller.liquidateCalculateSeizeTokens where the liquidator lowers the repay until the seize fits).
 *
 *   seized = repay · debtPrice · (1 + bonus) / collateralPrice, capped at the balance (the repay then shrinks to
 *            balance · collateralPrice / (debtPrice · (1 + bonus)));
 *   protocol fee = (seized − seized / (1 + bonus)) · liquidationProtocolFee;   to the liquidator: seized − fee.
 */

export interface CollateralToLiquidate {
  /** Debt actually repaid (<= the requested repay). */
  debtAmountNeeded: number;
  /** Collateral leaving the position: to the liquidator + protocol fee. */
  seized: number;
  /** Collateral to the liquidator (the contract's `actualCollateralToLiquidate`). */
  collateralAmount: number;
  /** Collateral to the treasury (the contract's `liquidationProtocolFeeAmount`). */
  liquidationProtocolFeeAmount: number;
}

/** Argument checks shared by the pure liquidation functions. */
export function checkAmount(where: string, name: string, x: number, positive = false): void {
  if (!Number.isFinite(x) || x < 0 || (positive && x === 0)) throw new Error(`${where}: ${name} must be a finite number ${positive ? '> 0' : '>= 0'}, got ${x}`);
}

export function calculateAvailableCollateralToLiquidate(p: {
  debtToCover: number;
  debtPrice: number;
  collateralPrice: number;
  collateralBalance: number;
  /** The excess, 0.05 for the on-chain 10500. */
  liquidationBonus: number;
  /** Share of the bonus kept by the protocol (0 when the protocol takes none). */
  liquidationProtocolFee?: number;
}): CollateralToLiquidate {
  const f = 'calculateAvailableCollateralToLiquidate';
  checkAmount(f, 'debtToCover', p.debtToCover);
  checkAmount(f, 'debtPrice', p.debtPrice, true);
  checkAmount(f, 'collateralPrice', p.collateralPrice, true);
  checkAmount(f, 'collateralBalance', p.collateralBalance);
  checkAmount(f, 'liquidationBonus', p.liquidationBonus);
  const fee = p.liquidationProtocolFee ?? 0;
  if (!(fee >= 0 && fee <= 1)) throw new Error(`${f}: liquidationProtocolFee must be in [0, 1], got ${fee}`);
  return collateralToLiquidate(p.debtToCover, p.debtPrice, p.collateralPrice, p.collateralBalance, p.liquidationBonus, fee);
}

/**
 * A computed amount within this relative distance of a balance is the whole balance: a repay derived from the
 * balance (repayToSeizeAll) must seize all of it after the float round trip, not leave 1e-16 of dust.
 */
export const BALANCE_SNAP = 1e-12;

/** The same, positional and unchecked (allocates its result: the hot loops use repaidFor / seizedFor). */
export function collateralToLiquidate(debtToCover: number, debtPrice: number, collateralPrice: number, balance: number, bonus: number, fee: number): CollateralToLiquidate {
  const seized = seizedFor(debtToCover, debtPrice, collateralPrice, balance, bonus);
  const protocolFee = protocolFeeOf(seized, bonus, fee);
  return { debtAmountNeeded: repaidFor(debtToCover, debtPrice, collateralPrice, balance, bonus), seized, collateralAmount: seized - protocolFee, liquidationProtocolFeeAmount: protocolFee };
}

/** True when repaying `debtToCover` would seize the whole balance (within BALANCE_SNAP). */
function takesAll(debtToCover: number, debtPrice: number, collateralPrice: number, balance: number, bonus: number): boolean {
  return ((debtToCover * debtPrice) / collateralPrice) * (1 + bonus) >= balance * (1 - BALANCE_SNAP);
}

/** The debt actually repaid for `debtToCover`: itself, or what the whole balance covers when it is short. */
export function repaidFor(debtToCover: number, debtPrice: number, collateralPrice: number, balance: number, bonus: number): number {
  return repaidForSeized(debtToCover, seizedFor(debtToCover, debtPrice, collateralPrice, balance, bonus), debtPrice, collateralPrice, balance, bonus);
}

/**
 * repaidFor once `seized` = seizedFor(debtToCover, …) is known (one seizure test, not two, where both are wanted):
 * seizedFor returns the balance exactly when it takes it all, and otherwise less than balance · (1 − BALANCE_SNAP).
 */
export function repaidForSeized(debtToCover: number, seized: number, debtPrice: number, collateralPrice: number, balance: number, bonus: number): number {
  if (seized !== balance) return debtToCover;
  const all = repayToSeizeAll(balance, debtPrice, collateralPrice, bonus);
  return all < debtToCover ? all : debtToCover;
}

/** The collateral leaving the position for `debtToCover` (bonus and protocol fee included), at most the balance. */
export function seizedFor(debtToCover: number, debtPrice: number, collateralPrice: number, balance: number, bonus: number): number {
  return takesAll(debtToCover, debtPrice, collateralPrice, balance, bonus) ? balance : ((debtToCover * debtPrice) / collateralPrice) * (1 + bonus);
}

/** The protocol's cut of a seizure: (seized − seized / (1 + bonus)) · fee. */
export function protocolFeeOf(seized: number, bonus: number, fee: number): number {
  return fee > 0 ? (seized - seized / (1 + bonus)) * fee : 0;
}

/** The repay that seizes exactly `balance`: balance · collateralPrice / (debtPrice · (1 + bonus)). */
export function repayToSeizeAll(balance: number, debtPrice: number, collateralPrice: number, bonus: number): number {
  return (balance * collateralPrice) / debtPrice / (1 + bonus);
}

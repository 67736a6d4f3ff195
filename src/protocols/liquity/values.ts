/** What one trove's liquidation moves, as TroveManager's LiquidationValues (liquity/dev, liquity/bold). Whole tokens. */
export interface LiquidationValues {
  entireTroveDebt: number;
  entireTroveColl: number;
  /** Collateral paid to the liquidator. */
  collGasCompensation: number;
  /** Paid to the liquidator from the gas pool, outside the collateral: v1 LUSD_GAS_COMPENSATION (debt token), v2 ETH_GAS_COMPENSATION (WETH). */
  gasPoolCompensation: number;
  /** Debt cancelled against the stability pool's deposits. */
  debtToOffset: number;
  /** Collateral sent to the stability pool. */
  collToSendToSP: number;
  debtToRedistribute: number;
  collToRedistribute: number;
  /** Collateral left to the borrower (CollSurplusPool): v1 recovery-mode cap, v2 penalty caps. */
  collSurplus: number;
}

export function checkTrove(fn: string, debt: number, coll: number): void {
  if (!(debt > 0) || !Number.isFinite(debt)) throw new Error(`${fn}: entireTroveDebt must be a finite number > 0, got ${debt}`);
  if (!(coll >= 0) || !Number.isFinite(coll)) throw new Error(`${fn}: entireTroveColl must be a finite number >= 0, got ${coll}`);
}

export function checkDeposits(fn: string, name: string, x: number): void {
  if (!(x >= 0) || !Number.isFinite(x)) throw new Error(`${fn}: ${name} must be a finite number >= 0, got ${x}`);
}

/**
 * Liquity v2 liquidation of one trove (liquity/bold contracts/src/TroveManager.sol `_liquidate`,
 * `_getOffsetAndRedistributionVals`, `_getCollPenaltyAndSurplus`, `batchLiquidateTroves`): ICR < MCR only (no
 * recovery mode). The liquidator gets min(0.5% of the collateral, 2 tokens) plus 0.0375 WETH from the gas pool.
 * The stability pool offsets min(debt, deposits − 1 BOLD) and takes at most debtOffset·(1 + liquidationPenaltySP)
 * worth of collateral; the rest of the debt is redistributed with at most debt·(1 + liquidationPenaltyRedistribution)
 * worth of collateral (which may eat the pool's surplus); what is left goes back to the borrower.
 */
import { COLL_GAS_COMPENSATION_CAP, COLL_GAS_COMPENSATION_DIVISOR, ETH_GAS_COMPENSATION, MIN_BOLD_IN_SP } from './constants.js';
import { getCollGasCompensation } from './math.js';
import { checkDeposits, checkTrove, type LiquidationValues } from './values.js';
import { copyWith } from '../../util/copy-with.js';

/** batchLiquidateTroves: the deposits usable for offsets, leaving MIN_BOLD_IN_SP (or all of a smaller pool) untouched. */
export function boldInSPForOffsets(totalBoldDeposits: number): number {
  checkDeposits('boldInSPForOffsets', 'totalBoldDeposits', totalBoldDeposits);
  return totalBoldDeposits - Math.min(MIN_BOLD_IN_SP, totalBoldDeposits);
}

/** v2 _getCollPenaltyAndSurplus: seize at most debt·(1 + penalty)/price; the excess is surplus. */
export function getCollPenaltyAndSurplus({ collToLiquidate, debtToLiquidate, penaltyRatio, price }: { collToLiquidate: number; debtToLiquidate: number; penaltyRatio: number; price: number }): { seizedColl: number; collSurplus: number } {
  checkDeposits('getCollPenaltyAndSurplus', 'collToLiquidate', collToLiquidate);
  checkDeposits('getCollPenaltyAndSurplus', 'debtToLiquidate', debtToLiquidate);
  if (!(penaltyRatio >= 0) || !(price > 0)) throw new Error(`getCollPenaltyAndSurplus: expected penaltyRatio >= 0 and price > 0, got ${penaltyRatio}, ${price}`);
  const maxSeizedColl = (debtToLiquidate * (1 + penaltyRatio)) / price;
  if (collToLiquidate > maxSeizedColl) return { seizedColl: maxSeizedColl, collSurplus: collToLiquidate - maxSeizedColl };
  return { seizedColl: collToLiquidate, collSurplus: 0 };
}

export interface PenaltiesArgs {
  liquidationPenaltySP: number;
  liquidationPenaltyRedistribution: number;
}

/** v2 _getOffsetAndRedistributionVals (`collToLiquidate` has the gas compensation already taken out). */
export function getOffsetAndRedistributionValsV2(a: { entireTroveDebt: number; collToLiquidate: number; boldInSPForOffsets: number; price: number } & PenaltiesArgs): {
  debtToOffset: number;
  collToSendToSP: number;
  debtToRedistribute: number;
  collToRedistribute: number;
  collSurplus: number;
} {
  checkTrove('getOffsetAndRedistributionValsV2', a.entireTroveDebt, a.collToLiquidate);
  checkDeposits('getOffsetAndRedistributionValsV2', 'boldInSPForOffsets', a.boldInSPForOffsets);
  let debtToOffset = 0;
  let collToSendToSP = 0;
  let collSPPortion = 0;
  let collSurplus = 0;
  if (a.boldInSPForOffsets > 0) {
    debtToOffset = Math.min(a.entireTroveDebt, a.boldInSPForOffsets);
    collSPPortion = debtToOffset === a.entireTroveDebt ? a.collToLiquidate : (a.collToLiquidate * debtToOffset) / a.entireTroveDebt;
    const sp = getCollPenaltyAndSurplus({ collToLiquidate: collSPPortion, debtToLiquidate: debtToOffset, penaltyRatio: a.liquidationPenaltySP, price: a.price });
    collToSendToSP = sp.seizedColl;
    collSurplus = sp.collSurplus;
  }
  const debtToRedistribute = a.entireTroveDebt - debtToOffset;
  let collToRedistribute = 0;
  if (debtToRedistribute > 0) {
    const collRedistributionPortion = a.collToLiquidate - collSPPortion;
    if (collRedistributionPortion > 0) {
      // The redistribution penalty may eat the surplus left by the offset.
      const r = getCollPenaltyAndSurplus({ collToLiquidate: collRedistributionPortion + collSurplus, debtToLiquidate: debtToRedistribute, penaltyRatio: a.liquidationPenaltyRedistribution, price: a.price });
      collToRedistribute = r.seizedColl;
      collSurplus = r.collSurplus;
    }
  }
  return { debtToOffset, collToSendToSP, debtToRedistribute, collToRedistribute, collSurplus };
}

/** v2 _liquidate of one trove with ICR < MCR. */
export function liquidateV2(a: { entireTroveDebt: number; entireTroveColl: number; boldInSPForOffsets: number; price: number } & PenaltiesArgs): LiquidationValues {
  checkTrove('liquidateV2', a.entireTroveDebt, a.entireTroveColl);
  const collGasCompensation = getCollGasCompensation(a.entireTroveColl, 'v2');
  const v = getOffsetAndRedistributionValsV2(copyWith(a, { collToLiquidate: a.entireTroveColl - collGasCompensation }));
  return { entireTroveDebt: a.entireTroveDebt, entireTroveColl: a.entireTroveColl, collGasCompensation, gasPoolCompensation: ETH_GAS_COMPENSATION, ...v };
}

/** liquidateV2 into `out`, unchecked, for the engine's hot loop (the same formulas, one reused object). */
export function liquidateV2Into(out: LiquidationValues, debt: number, coll: number, boldInSP: number, price: number, penaltySP: number, penaltyRedistribution: number): LiquidationValues {
  const gas = Math.min(coll / COLL_GAS_COMPENSATION_DIVISOR, COLL_GAS_COMPENSATION_CAP);
  const collToLiquidate = coll - gas;
  let debtToOffset = 0;
  let collToSendToSP = 0;
  let collSPPortion = 0;
  let collSurplus = 0;
  if (boldInSP > 0) {
    debtToOffset = Math.min(debt, boldInSP);
    collSPPortion = debtToOffset === debt ? collToLiquidate : (collToLiquidate * debtToOffset) / debt;
    const maxSeized = (debtToOffset * (1 + penaltySP)) / price;
    collToSendToSP = collSPPortion > maxSeized ? maxSeized : collSPPortion;
    collSurplus = collSPPortion - collToSendToSP;
  }
  const debtToRedistribute = debt - debtToOffset;
  let collToRedistribute = 0;
  if (debtToRedistribute > 0) {
    const portion = collToLiquidate - collSPPortion;
    if (portion > 0) {
      const available = portion + collSurplus;
      const maxSeized = (debtToRedistribute * (1 + penaltyRedistribution)) / price;
      collToRedistribute = available > maxSeized ? maxSeized : available;
      collSurplus = available - collToRedistribute;
    }
  }
  out.entireTroveDebt = debt;
  out.entireTroveColl = coll;
  out.collGasCompensation = gas;
  out.gasPoolCompensation = ETH_GAS_COMPENSATION;
  out.debtToOffset = debtToOffset;
  out.collToSendToSP = collToSendToSP;
  out.debtToRedistribute = debtToRedistribute;
  out.collToRedistribute = collToRedistribute;
  out.collSurplus = collSurplus;
  return out;
}

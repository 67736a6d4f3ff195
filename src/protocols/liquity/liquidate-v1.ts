/**
 * Liquity v1 liquidation of one trove (liquity/dev packages/contracts/contracts/TroveManager.sol
 * `_liquidateNormalMode`, `_liquidateRecoveryMode`, `_getOffsetAndRedistributionVals`, `_getCappedOffsetVals`):
 * - the liquidator gets 0.5% of the collateral plus the 200 LUSD gas compensation held in the gas pool;
 * - normal mode (ICR < MCR): the stability pool offsets as much debt as it holds and receives the matching share of
 *   the rest of the collateral; what it cannot offset is redistributed to the other troves;
 * - recovery mode (TCR < CCR): ICR <= 100% → pure redistribution; 100% < ICR < MCR → as normal mode;
 *   MCR <= ICR < TCR with the whole debt covered by the pool → offset against collateral capped at debt·MCR/price,
 *   the rest returned to the borrower (collateral surplus); anything else → not liquidated.
 */
import { LUSD_GAS_COMPENSATION, PERCENT_DIVISOR } from './constants.js';
import { getCollGasCompensation } from './math.js';
import { checkDeposits, checkTrove, type LiquidationValues } from './values.js';

export interface OffsetAndRedistributionVals {
  debtToOffset: number;
  collToSendToSP: number;
  debtToRedistribute: number;
  collToRedistribute: number;
}

/** v1 _getOffsetAndRedistributionVals: offset min(debt, pool); the pool takes coll in proportion; the rest is redistributed. */
export function getOffsetAndRedistributionVals({ debt, coll, lusdInStabPool }: { debt: number; coll: number; lusdInStabPool: number }): OffsetAndRedistributionVals {
  checkTrove('getOffsetAndRedistributionVals', debt, coll);
  checkDeposits('getOffsetAndRedistributionVals', 'lusdInStabPool', lusdInStabPool);
  const v = emptyValues();
  offsetInto(v, debt, coll, lusdInStabPool);
  return { debtToOffset: v.debtToOffset, collToSendToSP: v.collToSendToSP, debtToRedistribute: v.debtToRedistribute, collToRedistribute: v.collToRedistribute };
}

export interface TroveArgs {
  entireTroveDebt: number;
  entireTroveColl: number;
}

/** v1 _getCappedOffsetVals: the pool offsets the whole debt against collateral worth debt·MCR; the surplus goes back. */
export function getCappedOffsetVals({ entireTroveDebt, entireTroveColl, price, MCR }: TroveArgs & { price: number; MCR: number }): LiquidationValues {
  checkTrove('getCappedOffsetVals', entireTroveDebt, entireTroveColl);
  if (!(price > 0) || !(MCR >= 1)) throw new Error(`getCappedOffsetVals: expected price > 0 and MCR >= 1, got ${price}, ${MCR}`);
  const cappedCollPortion = Math.min(entireTroveColl, (entireTroveDebt * MCR) / price);
  const collGasCompensation = getCollGasCompensation(cappedCollPortion, 'v1');
  return {
    entireTroveDebt,
    entireTroveColl,
    collGasCompensation,
    gasPoolCompensation: LUSD_GAS_COMPENSATION,
    debtToOffset: entireTroveDebt,
    collToSendToSP: cappedCollPortion - collGasCompensation,
    debtToRedistribute: 0,
    collToRedistribute: 0,
    collSurplus: entireTroveColl - cappedCollPortion,
  };
}

/** v1 _liquidateNormalMode: 0.5% to the liquidator, then offset and redistribution of the rest. */
export function liquidateNormalMode({ entireTroveDebt, entireTroveColl, lusdInStabPool }: TroveArgs & { lusdInStabPool: number }): LiquidationValues {
  checkTrove('liquidateNormalMode', entireTroveDebt, entireTroveColl);
  checkDeposits('liquidateNormalMode', 'lusdInStabPool', lusdInStabPool);
  return liquidateNormalModeInto(emptyValues(), entireTroveDebt, entireTroveColl, lusdInStabPool);
}

/** A LiquidationValues to fill (every filler writes what it returns): NaN until then, so its amounts are stored as doubles (util/doubles.ts). */
export function emptyValues(): LiquidationValues {
  const x = Number.NaN;
  return { entireTroveDebt: x, entireTroveColl: x, collGasCompensation: x, gasPoolCompensation: x, debtToOffset: x, collToSendToSP: x, debtToRedistribute: x, collToRedistribute: x, collSurplus: x };
}

/** liquidateNormalMode into `out`, unchecked (the engine's hot loop reuses one object). */
export function liquidateNormalModeInto(out: LiquidationValues, debt: number, coll: number, lusdInStabPool: number): LiquidationValues {
  out.entireTroveDebt = debt;
  out.entireTroveColl = coll;
  out.collGasCompensation = coll / PERCENT_DIVISOR;
  out.gasPoolCompensation = LUSD_GAS_COMPENSATION;
  offsetInto(out, debt, coll - out.collGasCompensation, lusdInStabPool);
  out.collSurplus = 0;
  return out;
}

/** _getOffsetAndRedistributionVals into `out`. */
function offsetInto(out: LiquidationValues, debt: number, coll: number, lusdInStabPool: number): void {
  if (lusdInStabPool > 0) {
    out.debtToOffset = Math.min(debt, lusdInStabPool);
    // The whole debt offset sends the whole collateral: no float residue.
    out.collToSendToSP = out.debtToOffset === debt ? coll : (coll * out.debtToOffset) / debt;
  } else {
    out.debtToOffset = 0;
    out.collToSendToSP = 0;
  }
  out.debtToRedistribute = debt - out.debtToOffset;
  out.collToRedistribute = coll - out.collToSendToSP;
}

export interface RecoveryModeArgs extends TroveArgs {
  ICR: number;
  lusdInStabPool: number;
  /** The system's TCR before this trove (updated along a batch). */
  TCR: number;
  price: number;
  MCR: number;
  /** Active troves in the system: the last one is never liquidated. */
  troveCount: number;
}

/** v1 _liquidateRecoveryMode: the values, or null where the contract returns zero values (no liquidation). */
export function liquidateRecoveryMode(a: RecoveryModeArgs): LiquidationValues | null {
  checkTrove('liquidateRecoveryMode', a.entireTroveDebt, a.entireTroveColl);
  checkDeposits('liquidateRecoveryMode', 'lusdInStabPool', a.lusdInStabPool);
  if (!(a.ICR >= 0) || !(a.TCR >= 0) || !(a.price > 0) || !(a.MCR >= 1)) throw new Error(`liquidateRecoveryMode: expected ICR >= 0, TCR >= 0, price > 0, MCR >= 1, got ${a.ICR}, ${a.TCR}, ${a.price}, ${a.MCR}`);
  if (a.troveCount <= 1) return null;
  const collGasCompensation = getCollGasCompensation(a.entireTroveColl, 'v1');
  const collToLiquidate = a.entireTroveColl - collGasCompensation;
  const base = { entireTroveDebt: a.entireTroveDebt, entireTroveColl: a.entireTroveColl, collGasCompensation, gasPoolCompensation: LUSD_GAS_COMPENSATION, collSurplus: 0 };
  if (a.ICR <= 1) return { ...base, debtToOffset: 0, collToSendToSP: 0, debtToRedistribute: a.entireTroveDebt, collToRedistribute: collToLiquidate };
  if (a.ICR < a.MCR) return { ...base, ...getOffsetAndRedistributionVals({ debt: a.entireTroveDebt, coll: collToLiquidate, lusdInStabPool: a.lusdInStabPool }) };
  if (a.ICR < a.TCR && a.entireTroveDebt <= a.lusdInStabPool) return getCappedOffsetVals({ entireTroveDebt: a.entireTroveDebt, entireTroveColl: a.entireTroveColl, price: a.price, MCR: a.MCR });
  return null;
}
